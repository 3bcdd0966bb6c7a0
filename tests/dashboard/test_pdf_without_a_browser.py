"""`save_pdf` and `genesis dashboard --output report.pdf` on a machine without Chrome, Chromium or Edge.

"No browser" is made real, not mocked: PATH holds an empty folder and the installers' locations are looked up
under an empty folder standing for the file system's root, so the real search finds nothing and the report is
drawn by the renderer installed from PyPI (reportlab). The PDF's text must carry the report's numbers, the very
strings the HTML prints.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from genesis.errors import ExternalToolError
from genesis_dashboard import QualityDashboard, export
from genesis_dashboard.browsers import browser_locations, find_browser
from genesis_dashboard.plain_pdf import PLAIN_RENDERER
from genesis_dashboard.style import format_score

FAST = {"include_ml_utility": False}


@pytest.fixture
def no_browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A machine without any browser: an empty PATH and an empty file system root for the installers' places."""
    empty = tmp_path / "empty-root"
    (empty / "bin").mkdir(parents=True)
    monkeypatch.setenv("PATH", str(empty / "bin"))
    monkeypatch.delenv("GENESIS_CHROMIUM", raising=False)
    monkeypatch.delenv("GENESIS_PDF_RENDERER", raising=False)
    monkeypatch.setattr(export, "find_browser", functools.partial(find_browser, root=empty))
    assert find_browser(root=empty) is None
    return empty


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_save_pdf_without_a_browser_writes_a_pdf_with_the_reports_numbers(
    no_browser: Path, real: pd.DataFrame, synthetic: pd.DataFrame, tmp_path: Path
) -> None:
    dashboard = QualityDashboard(real, synthetic, name="Mixed <table> & Ünïcode", **FAST)
    target = tmp_path / "out" / "report.pdf"
    dashboard.save_pdf(target)
    assert target.read_bytes().startswith(b"%PDF-")
    assert dashboard.pdf_renderer == PLAIN_RENDERER
    assert PLAIN_RENDERER in (PdfReader(target).metadata or {}).get("/Creator", "")
    text, html = pdf_text(target), dashboard.generate_html_report()
    metrics = dashboard.compute_metrics()
    numbers = [format_score(metrics["overall"]), format_score(metrics["fidelity"])]
    numbers += [format_score(metric["score"]) for metric in metrics["metrics"].values()]
    numbers += [format_score(column["shape"]) for column in metrics["columns"]]
    numbers += [format_score(column["null_rate_synthetic"]) for column in metrics["columns"]]
    for number in numbers:
        assert number in text, number
        assert number in html, number  # the same strings as the HTML prints
    assert "Mixed <table> & Ünïcode" in text
    assert all(column in text for column in real.columns)
    assert f"Real rows: {len(real)}" in text and f"synthetic rows: {len(synthetic)}" in text


@pytest.mark.autoload  # the subprocess must see the installed plugin commands
def test_the_cli_writes_the_pdf_and_says_which_renderer_drew_it(
    real: pd.DataFrame, synthetic: pd.DataFrame, tmp_path: Path
) -> None:
    real.iloc[:200].to_csv(tmp_path / "real.csv", index=False)
    synthetic.iloc[:200].to_csv(tmp_path / "synthetic.csv", index=False)
    genesis = Path(sys.executable).with_name("genesis")
    environment = {**os.environ, "GENESIS_PDF_RENDERER": "reportlab", "COLUMNS": "200"}
    done = subprocess.run(
        [str(genesis), "dashboard", str(tmp_path / "real.csv"), str(tmp_path / "synthetic.csv"), "--output",
         str(tmp_path / "report.pdf")],
        capture_output=True, text=True, env=environment, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"PDF drawn by {PLAIN_RENDERER}" in " ".join(done.stderr.split())
    assert done.stdout.strip() == str(tmp_path / "report.pdf")
    overall = re.search(r"overall score (\d\.\d{4})", done.stderr)
    assert overall is not None and overall.group(1) in pdf_text(tmp_path / "report.pdf")


def test_a_required_browser_that_is_missing_is_named(
    no_browser: Path, real: pd.DataFrame, synthetic: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GENESIS_PDF_RENDERER", "browser")
    with pytest.raises(ExternalToolError, match=r"no Chrome, Chromium or Edge was found.*apt-get install chromium"):
        QualityDashboard(real, synthetic, **FAST).save_pdf(tmp_path / "report.pdf")
    assert not (tmp_path / "report.pdf").exists()


def _install(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


@pytest.mark.parametrize(
    ("platform", "installed"),
    [
        ("linux", "root/opt/google/chrome/chrome"),
        ("linux", "root/opt/microsoft/msedge/msedge"),
        ("linux", "root/snap/bin/chromium"),
        ("darwin", "root/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"),
        ("darwin", "home/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge"),
        ("win32", "programs/Google/Chrome/Application/chrome.exe"),
        ("win32", "programs-x86/Microsoft/Edge/Application/msedge.exe"),
        ("win32", "local/Chromium/Application/chrome.exe"),
    ],
)
def test_browsers_are_found_where_each_os_installs_them(tmp_path: Path, platform: str, installed: str) -> None:
    environ = {"PATH": str(tmp_path / "empty"), "HOME": str(tmp_path / "home"),
               "PROGRAMFILES": str(tmp_path / "programs"), "PROGRAMFILES(X86)": str(tmp_path / "programs-x86"),
               "LOCALAPPDATA": str(tmp_path / "local")}  # fmt: skip
    assert find_browser(environ=environ, platform=platform, root=tmp_path / "root") is None
    browser = _install(tmp_path / installed)
    assert browser in browser_locations(platform, environ, tmp_path / "root")
    assert find_browser(environ=environ, platform=platform, root=tmp_path / "root") == str(browser)


def test_the_environment_variable_and_path_come_first(tmp_path: Path) -> None:
    on_path = _install(tmp_path / "bin" / "google-chrome")
    chosen = _install(tmp_path / "elsewhere" / "my-chromium")
    installed = _install(tmp_path / "root" / "opt" / "google" / "chrome" / "chrome")
    environ = {"PATH": str(tmp_path / "bin")}
    assert find_browser(environ=environ, platform="linux", root=tmp_path / "root") == str(on_path)
    assert find_browser(environ=environ | {"GENESIS_CHROMIUM": str(chosen)}, platform="linux") == str(chosen)
    on_path.unlink()
    assert find_browser(environ=environ, platform="linux", root=tmp_path / "root") == str(installed)

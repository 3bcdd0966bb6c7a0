"""`genesis dashboard REAL_DATA SYNTHETIC_DATA [--output PATH] [--serve] [--port 8050]` end to end."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

from genesis.cli.app import main

pytestmark = pytest.mark.autoload  # the command comes from the genesis.cli entry point


@pytest.fixture(scope="module")
def files(real: pd.DataFrame, synthetic: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tables")
    real.iloc[:200].to_csv(folder / "real.csv", index=False)
    synthetic.iloc[:200].to_csv(folder / "synthetic.csv", index=False)
    return folder / "real.csv", folder / "synthetic.csv"


def test_html_and_json_outputs_carry_the_same_numbers(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real_file, synthetic_file = files
    html_path, json_path = tmp_path / "report.html", tmp_path / "out" / "metrics.json"
    assert main(["dashboard", str(real_file), str(synthetic_file), "--output", str(html_path)]) == 0
    assert capsys.readouterr().out.strip() == str(html_path)
    assert main(["dashboard", str(real_file), str(synthetic_file), "--output", str(json_path)]) == 0
    metrics = json.loads(json_path.read_text(encoding="utf-8"), parse_constant=pytest.fail)
    assert {"privacy", "ml_utility"} <= set(metrics["metrics"])
    html = html_path.read_text(encoding="utf-8")
    embedded = re.search(r'<script type="application/json" id="genesis-metrics">(.*?)</script>', html, re.S)
    assert embedded is not None and json.loads(embedded.group(1)) == metrics
    assert f'<span id="overall-score" class="overall-score">{metrics["overall"]:.4f}</span>' in html


def test_without_a_holdout_privacy_reads_not_scored_and_with_one_it_is_scored(
    files: tuple[Path, Path], real: pd.DataFrame, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real_file, synthetic_file = files
    holdout_file = tmp_path / "holdout.csv"
    real.iloc[200:400].to_csv(holdout_file, index=False)
    plain, held = tmp_path / "plain.json", tmp_path / "held.json"
    assert main(["dashboard", str(real_file), str(synthetic_file), "--output", str(plain.with_suffix(".html"))]) == 0
    err = capsys.readouterr().err
    assert "privacy not scored" in err and "holdout" in err
    html = plain.with_suffix(".html").read_text(encoding="utf-8")
    section = html[html.index('id="metric-privacy"') :]
    assert re.search(r'data-metric="privacy">not scored</span>', section)
    assert main(["dashboard", str(real_file), str(synthetic_file), "--output", str(plain)]) == 0
    privacy = json.loads(plain.read_text(encoding="utf-8"))["metrics"]["privacy"]
    assert privacy["score"] is None and "holdout" in privacy["reason"]
    command = ["dashboard", str(real_file), str(synthetic_file), "--holdout", str(holdout_file), "--output", str(held)]
    assert main(command) == 0
    privacy = json.loads(held.read_text(encoding="utf-8"))["metrics"]["privacy"]
    assert privacy["score"] is not None and privacy["details"]["membership_inference_score"] is not None
    assert privacy["details"]["dcr_score"] is not None


def test_bad_arguments_are_one_line_errors(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real_file, synthetic_file = files
    assert main(["dashboard", str(real_file), str(synthetic_file), "--output", str(tmp_path / "r.txt")]) == 1
    assert "use .html, .pdf or .json" in capsys.readouterr().err
    assert not (tmp_path / "r.txt").exists()
    assert main(["dashboard", str(tmp_path / "missing.csv"), str(synthetic_file)]) == 1
    assert "no such data file" in capsys.readouterr().err


def test_serve_runs_until_interrupted(files: tuple[Path, Path]) -> None:
    real_file, synthetic_file = files
    genesis = Path(sys.executable).with_name("genesis")
    command = [str(genesis), "dashboard", str(real_file), str(synthetic_file), "--serve", "--port", "0"]
    environment = {**os.environ, "NO_COLOR": "1", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=environment)
    try:
        url = None
        deadline = time.monotonic() + 60
        assert process.stderr is not None
        while url is None and time.monotonic() < deadline:
            line = process.stderr.readline()
            found = re.search(r"dashboard at (http://127\.0\.0\.1:\d+/)", line)
            url = found.group(1) if found else None
            assert line or process.poll() is None, "the server exited early"
        assert url is not None
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200
            assert b"genesis-live" in response.read()
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)

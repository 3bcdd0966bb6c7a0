"""The reports in a real headless Chromium: every plot draws offline, escaping holds, pages paginate, the
live dashboard updates without a reload, and the PDF carries the report's text."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from genesis.errors import ConfigError, ValidationError
from genesis_dashboard import InteractiveDashboard, QualityDashboard
from genesis_dashboard.columns import TICK_CHARACTERS
from genesis_dashboard.render import PAGE_SIZE

FAST = {"include_ml_utility": False}
TIMEOUT = 20_000  # ms, for anything the page has to do


def open_offline(watched: Any, html: str, folder: Path) -> Any:
    """Load ``html`` from a file with every non-file request aborted (and recorded by ``watched``)."""
    path = folder / "report.html"
    path.write_text(html, encoding="utf-8")
    page = watched.page
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    page.goto(path.as_uri())
    return page


def draw_column(page: Any, column: str) -> Any:
    """Scroll a column's plot into view (plots draw lazily) and wait until plotly has drawn it."""
    slot = page.locator(f'.column-plot[data-column="{column}"]')
    slot.scroll_into_view_if_needed()
    slot.locator(".main-svg").first.wait_for(timeout=TIMEOUT)
    return slot


def test_static_report_draws_every_column_offline(
    watched: Any, real: pd.DataFrame, synthetic: pd.DataFrame, tmp_path: Path, artifacts: Path
) -> None:
    dashboard = QualityDashboard(real, synthetic, name="Mixed table", **FAST)
    page = open_offline(watched, dashboard.generate_html_report(), tmp_path)
    for column in real.columns:
        slot = draw_column(page, column)
        assert column in slot.locator(".gtitle").text_content()
    assert draw_column(page, "income").locator(".barlayer .point").count() > 10  # histogram bars
    assert draw_column(page, "income").locator(".scatterlayer .js-line").count() == 2  # one KDE per sample
    ticks = draw_column(page, "city").locator(".xtick").all_text_contents()
    assert set(ticks) == {"Lyon", "Oslo", "Quito", "Perth"}
    overall = dashboard.compute_metrics()["overall"]
    assert page.inner_text("#overall-score") == f"{overall:.4f}"
    page.locator('[data-figure="overall_gauge"] .main-svg').first.wait_for(timeout=TIMEOUT)
    assert f"{overall:.4f}" in page.locator('[data-figure="overall_gauge"] .number').text_content()
    drawn = page.evaluate("window.genesisDashboard.renderAll()")
    assert drawn == len(dashboard.figure_specs()) == page.locator(".js-plotly-plot").count()
    page.screenshot(path=str(artifacts / "static-report.png"), full_page=True)
    assert watched.errors == []
    assert watched.requests == [(tmp_path / "report.html").as_uri()]


def test_escaped_strings_show_literally_and_never_run(
    watched: Any, real: pd.DataFrame, synthetic: pd.DataFrame, tmp_path: Path
) -> None:
    evil = "<script>alert(1)</script>"
    category = "<img src=x onerror=alert(2)>"
    real_evil = real.rename(columns={"city": evil}).replace({evil: {"Oslo": category}})
    synthetic_evil = synthetic.rename(columns={"city": evil}).replace({evil: {"Oslo": category}})
    html = QualityDashboard(real_evil, synthetic_evil, name=f"Report {evil}", **FAST).generate_html_report()
    page = open_offline(watched, html, tmp_path)
    assert page.inner_text("h1") == f"Report {evil}"
    slot = draw_column(page, evil)
    assert evil in slot.locator(".gtitle").text_content()
    shown = category[: TICK_CHARACTERS - 1] + "…"  # long labels are shortened on the axis, shown whole on hover
    assert len(category) > TICK_CHARACTERS and shown in slot.locator(".xaxislayer-above").text_content()
    page.evaluate("window.genesisDashboard.renderAll()")
    assert page.locator("script:not([type]), script[type='text/javascript']").count() == 2  # plotly.js + ours
    assert page.locator("img").count() == 0
    assert watched.dialogs == []
    assert watched.errors == []


def test_wide_report_paginates_and_draws_lazily(watched: Any, tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    columns = [f"c{i}" for i in range(2 * PAGE_SIZE + 5)]
    real = pd.DataFrame(rng.normal(size=(50, len(columns))), columns=columns)
    synthetic = pd.DataFrame(rng.normal(size=(50, len(columns))), columns=columns)
    html = QualityDashboard(real, synthetic, include_privacy=False, **FAST).generate_html_report()
    page = open_offline(watched, html, tmp_path)
    visible = page.locator(".column-plot:not([hidden])")
    assert visible.count() == PAGE_SIZE
    assert page.locator(".column-plot [data-rendered]").count() < PAGE_SIZE  # only what is near the viewport
    page.click('[data-page-button="2"]')
    assert [slot.get_attribute("data-column") for slot in visible.all()] == columns[2 * PAGE_SIZE :]
    draw_column(page, columns[-1])
    page.fill("#column-filter", "c1")
    shown = {slot.get_attribute("data-column") for slot in visible.all()}
    assert shown == {name for name in columns if "c1" in name}
    assert watched.errors == []


def test_live_dashboard_pushes_updates_without_reload(
    browser: Any, page_watch: Any, real: pd.DataFrame, synthetic: pd.DataFrame, artifacts: Path
) -> None:
    live = InteractiveDashboard(real, synthetic, host="127.0.0.1", port=0, **FAST)
    with live:
        url = live.url
        assert url.startswith("http://127.0.0.1:")
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        pages = [page_watch(context.new_page()) for _ in range(2)]
        for watched in pages:
            watched.page.goto(live.url)
            watched.page.wait_for_selector("#live-status.live", timeout=TIMEOUT)
            watched.page.evaluate("window.loadedOnce = true")
        first = pages[0].page.inner_text("#overall-score")
        worse = synthetic.assign(city="Lyon", income=synthetic["income"] * 3)
        live.update_synthetic(worse)
        expected = f"{QualityDashboard(real, worse, **FAST).compute_metrics()['overall']:.4f}"
        assert expected != first
        for watched in pages:
            page = watched.page
            page.bring_to_front()  # a background tab throttles drawing
            # Selector waits, not wait_for_function: the report's CSP forbids the eval that polling a string needs.
            page.wait_for_selector(f"#overall-score:text-is('{expected}')", timeout=TIMEOUT)
            assert page.evaluate("window.loadedOnce") is True  # the same document: no reload
            assert page.evaluate("document.body.dataset.version") == "2"
            draw_column(page, "city")
        page.screenshot(path=str(artifacts / "live-dashboard.png"))

        broken = worse.assign(income=np.where(np.arange(len(worse)) % 3 == 0, np.inf, worse["income"]))
        broken.loc[broken.index % 4 == 0, "score"] = np.nan
        live.update_synthetic(broken)
        pages[0].page.wait_for_selector("body[data-version='3']", state="attached", timeout=TIMEOUT)
        with urllib.request.urlopen(live.url, timeout=10) as response:
            assert response.status == 200
            assert b'data-version="3"' in response.read()
        with urllib.request.urlopen(live.url + "report.json", timeout=10) as response:
            assert json.loads(response.read(), parse_constant=pytest.fail)["rows"]["synthetic"] == len(broken)
        assert all(watched.errors == [] for watched in pages)
        context.close()
    assert not live.running
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url, timeout=2)  # stopped: the port is closed


def test_a_page_that_missed_an_update_catches_up_on_connect(real: pd.DataFrame, synthetic: pd.DataFrame) -> None:
    from websockets.sync.client import connect

    with InteractiveDashboard(real, synthetic, host="127.0.0.1", port=0, **FAST) as live:
        live.update_synthetic(synthetic.iloc[::-1])
        ws_url = live.url.replace("http://", "ws://") + "ws"
        with connect(ws_url + "?version=1") as stale:
            message = json.loads(stale.recv(timeout=10))
            assert message["type"] == "update" and message["version"] == 2
            assert {"metrics", "body", "figures"} <= set(message)
        with connect(ws_url + "?version=2") as current, pytest.raises(TimeoutError):
            current.recv(timeout=0.5)


def test_live_dashboard_errors(real: pd.DataFrame, synthetic: pd.DataFrame) -> None:
    with pytest.raises(ConfigError, match="port"):
        InteractiveDashboard(real, synthetic, port=70_000)
    with InteractiveDashboard(real, synthetic, host="127.0.0.1", port=0, **FAST) as live:
        with pytest.raises(ValidationError, match="lacks the real columns"):
            live.update_synthetic(synthetic.drop(columns="income"))
        assert live.version == 1
        with urllib.request.urlopen(live.url + "healthz", timeout=10) as response:
            assert json.loads(response.read()) == {"status": "ok", "version": 1}
        with pytest.raises(urllib.error.HTTPError, match="404"):
            urllib.request.urlopen(live.url + "nope", timeout=10)
        taken = int(live.url.rsplit(":", 1)[1].strip("/"))
        with pytest.raises(ConfigError, match="could not listen"):
            InteractiveDashboard(real, synthetic, host="127.0.0.1", port=taken, **FAST).start()


def test_pdf_has_pages_with_the_column_names_and_overall_score(
    chromium: str, real: pd.DataFrame, synthetic: pd.DataFrame, tmp_path: Path, artifacts: Path
) -> None:
    from pypdf import PdfReader

    dashboard = QualityDashboard(real, synthetic, name="Mixed table", **FAST)
    target = tmp_path / "report.pdf"
    dashboard.save_pdf(target)
    assert target.read_bytes().startswith(b"%PDF")
    assert dashboard.pdf_renderer is not None and dashboard.pdf_renderer.startswith("browser ")
    reader = PdfReader(target)
    assert len(reader.pages) >= 3
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert f"{dashboard.compute_metrics()['overall']:.4f}" in text
    for column in real.columns:
        assert column in text
    (artifacts / "report.pdf").write_bytes(target.read_bytes())

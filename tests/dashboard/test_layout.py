"""The report looked at in a real headless Chromium: no text box overlaps another, no label is cut off, no plot
spills out of its box, before and after the window resizes (as printing and full-page screenshots do), and the
plotly toolbar covers no title and never prints.

The data is the embedded UCI Adult sample (long category names, tiny densities), not a table made for the test.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from genesis_dashboard import QualityDashboard

CHECK = (Path(__file__).with_name("layout_check.js")).read_text(encoding="utf-8")
TIMEOUT = 30_000  # ms


@pytest.fixture(scope="module")
def adult(tmp_path_factory: pytest.TempPathFactory) -> QualityDashboard:
    from genesis.datasets import load_adult_sample
    from genesis.plugins import GeneratorSpec, get_plugin_manager

    real = load_adult_sample()
    synthetic = get_plugin_manager().get(GeneratorSpec, "gaussian-copula").create().fit(real).generate(2000, seed=3)
    return QualityDashboard(real, synthetic, name="Adult sample", include_ml_utility=False)


@pytest.fixture(scope="module")
def adult_report(adult: QualityDashboard, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("layout") / "adult.html"
    adult.save_report(path)
    return path


def _open_everything(watched: Any, path: Path) -> Any:
    page = watched.page
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    page.goto(path.as_uri())
    assert page.evaluate("window.genesisDashboard.renderAll()") > 0
    page.wait_for_function("document.querySelectorAll('[data-figure] .main-svg').length > 0", timeout=TIMEOUT)
    return page


def _assert_clean(page: Any, when: str) -> None:
    found = page.evaluate(CHECK)
    assert found["texts"] > 300, f"{when}: the check saw too little text to mean anything"
    assert found["overlaps"] == [], f"{when}: overlapping text {found['overlaps'][:10]}"
    assert found["clipped"] == [], f"{when}: cut-off text {found['clipped'][:10]}"


def test_no_text_overlaps_or_is_cut_off(watched: Any, adult_report: Path, artifacts: Path) -> None:
    page = _open_everything(watched, adult_report)
    _assert_clean(page, "at 1280x900")
    page.set_viewport_size({"width": 1280, "height": 6000})  # what a full-page screenshot or printing does
    page.wait_for_timeout(500)
    _assert_clean(page, "after resizing to 1280x6000")
    page.set_viewport_size({"width": 900, "height": 900})
    page.wait_for_timeout(3000)
    _assert_clean(page, "at 900x900 (one plot per row)")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(artifacts / "adult-report.png"), full_page=True)
    assert watched.errors == []


def test_the_toolbar_covers_no_title_and_never_prints(watched: Any, adult_report: Path) -> None:
    page = watched.page
    page.goto(adult_report.as_uri())  # as a reader opens it: plots draw as they scroll into view
    slot = page.locator('.column-plot[data-column="marital-status"]')
    slot.scroll_into_view_if_needed()
    slot.locator(".main-svg").first.wait_for(timeout=TIMEOUT)
    slot.hover()
    toolbar = slot.locator(".modebar")
    toolbar.wait_for(state="visible", timeout=TIMEOUT)
    bar = toolbar.bounding_box()
    for title in slot.locator(".gtitle, .legendtext").all():
        box = title.bounding_box()
        apart = (box["x"] + box["width"] <= bar["x"] or bar["x"] + bar["width"] <= box["x"]
                 or box["y"] + box["height"] <= bar["y"] or bar["y"] + bar["height"] <= box["y"])
        assert apart, f"the toolbar covers {title.text_content()!r}"
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.modebar-container')).display") == "none"


def test_tiny_densities_read_as_powers_of_ten(watched: Any, adult_report: Path) -> None:
    page = _open_everything(watched, adult_report)
    ticks = page.locator('.column-plot[data-column="fnlwgt"] .ytick').all_text_contents()
    assert ticks and not any("μ" in tick for tick in ticks), ticks
    assert any("10" in tick for tick in ticks), ticks


def test_the_summary_lists_the_weakest_columns_and_pairs_first(watched: Any, adult_report: Path) -> None:
    page = _open_everything(watched, adult_report)
    sections = page.locator("main > section").evaluate_all("nodes => nodes.map(node => node.id)")
    assert sections[:2] == ["overview", "summary"]
    summary = page.locator("#summary")
    scores = [float(cell) for cell in summary.locator("td.num").all_text_contents()]
    columns, pairs = scores[:5], scores[5:]
    assert columns == sorted(columns) and pairs == sorted(pairs) and len(pairs) == 5
    assert "—" not in page.locator("#metric-column_pair_trends table.per-item").inner_text()
    assert "co-occur" in summary.inner_text()  # each pair says in words what its score compares


def test_short_sections_share_the_pdf_pages(adult: QualityDashboard, tmp_path: Path, artifacts: Path) -> None:
    import pypdf

    pdf = tmp_path / "adult.pdf"
    adult.save_pdf(pdf)
    (artifacts / "adult-report.pdf").write_bytes(pdf.read_bytes())
    pages = [page.extract_text() for page in pypdf.PdfReader(pdf).pages]
    first = pages[0]
    assert "Overall score" in first and "Look here" in first and "Column shapes" in first  # ("fi" prints as a ligature)
    assert len(pages) <= 8, f"{len(pages)} pages for a 15-column report"

"""QualityDashboard and create_dashboard without a browser: metrics wiring, figures, HTML content, errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import genesis.dashboard
from genesis.errors import ConfigError, ExternalToolError, ValidationError
from genesis.evaluation import evaluate
from genesis_dashboard import InteractiveDashboard, QualityDashboard, create_dashboard
from genesis_dashboard.render import PAGE_SIZE

FAST = {"include_ml_utility": False}


def overall_shown(html: str) -> str:
    match = re.search(r'<span id="overall-score"[^>]*>([^<]*)</span>', html)
    assert match is not None
    return match.group(1)


def embedded(html: str, element_id: str) -> object:
    match = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', html, re.S)
    assert match is not None
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def dashboard(real: pd.DataFrame, synthetic: pd.DataFrame) -> QualityDashboard:
    return QualityDashboard(real, synthetic, name="Mixed table", **FAST)


@pytest.fixture(scope="module")
def html(dashboard: QualityDashboard) -> str:
    return dashboard.generate_html_report()


def test_the_contract_names_are_forwarded_from_core() -> None:
    assert genesis.dashboard.QualityDashboard is QualityDashboard
    assert genesis.dashboard.InteractiveDashboard is InteractiveDashboard
    assert genesis.dashboard.create_dashboard is create_dashboard


def test_metrics_are_core_evaluate_as_strict_json(
    dashboard: QualityDashboard, real: pd.DataFrame, synthetic: pd.DataFrame
) -> None:
    metrics = dashboard.compute_metrics()
    assert metrics == evaluate(real, synthetic, include_ml_utility=False, seed=0).to_dict()
    json.dumps(metrics, allow_nan=False)
    scores = [metrics["overall"], metrics["fidelity"], *(m["score"] for m in metrics["metrics"].values())]
    assert all(0.0 <= score <= 1.0 for score in scores if score is not None)


def test_counts_are_integers_next_to_the_scores(dashboard: QualityDashboard) -> None:
    """``compute_metrics()``: counts (``columns_scored``, ``pairs_scored``, row counts) are whole numbers, in
    Python and after a JSON round trip, so nobody mistakes them for 0-1 scores."""
    for metrics in (dashboard.compute_metrics(), json.loads(json.dumps(dashboard.compute_metrics()))):
        details = {name: metric["details"] for name, metric in metrics["metrics"].items()}
        counts = [details["column_shapes"]["columns_scored"], details["column_pair_trends"]["pairs_scored"],
                  metrics["rows"]["real"], metrics["rows"]["synthetic"]]
        assert all(type(count) is int for count in counts), counts
        assert details["column_shapes"]["columns_scored"] == len(dashboard.real_data.columns)
        scores = [metrics["overall"], metrics["fidelity"], *(m["score"] for m in metrics["metrics"].values())]
        assert all(type(score) is float for score in scores if score is not None)


def test_include_flags_are_honoured(real: pd.DataFrame, synthetic: pd.DataFrame) -> None:
    without = QualityDashboard(real, synthetic, include_privacy=False, include_ml_utility=False)
    assert "privacy" not in without.compute_metrics()["metrics"]
    assert "ml_utility" not in without.compute_metrics()["metrics"]
    assert "privacy" not in without.generate_plotly_figures()
    with_both = QualityDashboard(real, synthetic)
    assert {"privacy", "ml_utility"} <= set(with_both.compute_metrics()["metrics"])
    assert {"privacy", "ml_utility"} <= set(with_both.generate_plotly_figures())


def test_compute_metrics_returns_a_copy(dashboard: QualityDashboard) -> None:
    dashboard.compute_metrics()["overall"] = 42.0
    assert dashboard.compute_metrics()["overall"] != 42.0


def test_overall_score_shown_is_the_metrics_score_never_a_percentage(dashboard: QualityDashboard, html: str) -> None:
    overall = dashboard.compute_metrics()["overall"]
    shown = float(overall_shown(html))
    assert shown == pytest.approx(overall, abs=5e-5)
    assert 0.0 <= shown <= 1.0
    gauge = dashboard.generate_plotly_figures()["overall_gauge"]
    assert gauge.data[0].value == overall
    assert tuple(gauge.data[0].gauge.axis.range) == (0, 1)


def test_html_embeds_exactly_the_json_numbers(dashboard: QualityDashboard, html: str) -> None:
    assert embedded(html, "genesis-metrics") == dashboard.compute_metrics()
    for name, metric in dashboard.compute_metrics()["metrics"].items():
        cell = re.search(rf'data-metric="{name}">([^<]*)<', html)
        assert cell is not None
        if metric["score"] is None:  # not computed: the page says so, and never shows a number
            assert cell.group(1) == "not scored" and metric["reason"]
        else:
            assert float(cell.group(1)) == pytest.approx(metric["score"], abs=5e-5)


def test_html_is_self_contained(html: str) -> None:
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=|<iframe|<img[^>]+src=", html)
    assert "Plotly.react" in html  # our page logic
    assert "connect-src 'none'" in html  # the page may not open any connection
    assert len(html) < 10_000_000


def test_every_column_has_a_figure_of_its_kind(dashboard: QualityDashboard, real: pd.DataFrame) -> None:
    figures = dashboard.generate_plotly_figures()
    assert all(isinstance(figure, go.Figure) for figure in figures.values())
    assert {f"column:{name}" for name in real.columns} <= set(figures)
    income = figures["column:income"]
    assert [trace.type for trace in income.data] == ["bar", "scatter", "bar", "scatter"]  # histogram + KDE each
    for trace in income.data[::2]:  # densities integrate to one over the shared bins
        assert float(np.sum(np.asarray(trace.y) * np.asarray(trace.width))) == pytest.approx(1.0, abs=1e-6)
    joined = figures["column:joined"]
    assert np.issubdtype(np.asarray(joined.data[0].x).dtype, np.datetime64)
    assert float(np.sum(joined.data[0].y)) == pytest.approx(1.0)  # dates: share of rows per bin
    city = figures["column:city"]
    assert [trace.type for trace in city.data] == ["bar", "bar"]
    assert set(city.data[0].x) == {"Lyon", "Oslo", "Quito", "Perth"}
    assert sum(city.data[0].y) == pytest.approx(1.0)


def test_correlation_heatmaps_show_the_scored_correlations(dashboard: QualityDashboard) -> None:
    figures = dashboard.generate_plotly_figures()
    real_map, synthetic_map, difference = (
        figures[key] for key in ("correlation_real", "correlation_synthetic", "correlation_difference")
    )
    names = list(real_map.data[0].x)
    for pair in dashboard.compute_metrics()["pairs"]:
        if pair["metric"] != "CorrelationSimilarity":
            continue
        i, j = (names.index(name) for name in pair["columns"])
        assert real_map.data[0].z[i][j] == pytest.approx(pair["real"], abs=1e-9)
        assert synthetic_map.data[0].z[j][i] == pytest.approx(pair["synthetic"], abs=1e-9)
        assert difference.data[0].z[i][j] == pytest.approx(pair["synthetic"] - pair["real"], abs=1e-9)


def test_each_property_has_a_section_with_its_score_and_details(dashboard: QualityDashboard, html: str) -> None:
    for name in dashboard.compute_metrics()["metrics"]:
        assert f'id="metric-{name}"' in html
    privacy = html[html.index('id="metric-privacy"') :]
    row = r'exact copy rate</td><td class="num band-good">0\.0000</td><td class="direction">↓ lower'
    assert re.search(row, privacy)  # a rate of 0 is good because lower is better


def test_user_strings_are_escaped(real: pd.DataFrame, synthetic: pd.DataFrame) -> None:
    evil = "<script>alert(1)</script>"
    rename = {"city": evil, "income": "</script><img src=x onerror=alert(2)>"}
    real_evil = real.rename(columns=rename).assign(**{evil: real["city"].replace("Oslo", "<b onmouseover=x>")})
    synthetic_evil = synthetic.rename(columns=rename).assign(**{evil: synthetic["city"]})
    html = QualityDashboard(real_evil, synthetic_evil, name=f"Report {evil}", **FAST).generate_html_report()
    assert evil not in html
    assert "<img src=x" not in html
    assert "<b onmouseover" not in html
    assert "<h1>Report &lt;script&gt;alert(1)&lt;/script&gt;</h1>" in html
    assert "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>" in html  # the per-column tables
    figures = embedded(html, "genesis-figures")
    assert isinstance(figures, dict) and f"column:{evil}" in figures  # the JSON still carries the real name


def test_wide_data_is_paginated(real: pd.DataFrame) -> None:
    rng = np.random.default_rng(3)
    wide_real = pd.DataFrame(rng.normal(size=(30, 205)), columns=[f"c{i}" for i in range(205)])
    wide_synthetic = pd.DataFrame(rng.normal(size=(30, 205)), columns=wide_real.columns)
    dashboard = QualityDashboard(wide_real, wide_synthetic, include_privacy=False, include_ml_utility=False)
    view = dashboard.view()
    assert view.pages == -(-205 // PAGE_SIZE)
    assert [ref.page for ref in view.columns][PAGE_SIZE - 1 : PAGE_SIZE + 1] == [0, 1]
    html = dashboard.generate_html_report()
    assert html.count('data-page-button="') == view.pages
    assert len(html) < 12_000_000  # 4.8 MB of it is plotly.js, 3.7 MB the 20,910 scored pairs


def test_bad_input_raises_named_errors(real: pd.DataFrame, synthetic: pd.DataFrame, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="real_data must be a pandas DataFrame"):
        QualityDashboard([1, 2], synthetic)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="name"):
        QualityDashboard(real, synthetic, name="")
    with pytest.raises(ValidationError, match="lacks the real columns: city"):
        QualityDashboard(real, synthetic.drop(columns="city")).compute_metrics()
    with pytest.raises(ValidationError, match="no rows"):
        create_dashboard(real.iloc[:0], synthetic, str(tmp_path / "x.html"))
    assert not (tmp_path / "x.html").exists()


def test_a_wrong_browser_setting_is_an_error_and_writes_nothing(
    dashboard: QualityDashboard, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GENESIS_CHROMIUM", str(tmp_path / "no-such-browser"))
    with pytest.raises(ExternalToolError, match=r"GENESIS_CHROMIUM=.*no-such-browser.* is not an executable browser"):
        dashboard.save_pdf(tmp_path / "report.pdf")
    monkeypatch.delenv("GENESIS_CHROMIUM")
    monkeypatch.setenv("GENESIS_PDF_RENDERER", "latex")
    with pytest.raises(ConfigError, match="GENESIS_PDF_RENDERER='latex' is not a PDF renderer"):
        dashboard.save_pdf(tmp_path / "report.pdf")
    assert not (tmp_path / "report.pdf").exists()


def test_create_dashboard_returns_and_writes_the_html(
    real: pd.DataFrame, synthetic: pd.DataFrame, tmp_path: Path
) -> None:
    real_small, synthetic_small = real.iloc[:150], synthetic.iloc[:150]
    target = tmp_path / "out" / "report.html"
    html = create_dashboard(real_small, synthetic_small, str(target))
    assert target.read_text(encoding="utf-8") == html
    assert html.startswith("<!DOCTYPE html>")
    assert {"privacy", "ml_utility"} <= set(embedded(html, "genesis-metrics")["metrics"])  # type: ignore[index]
    assert create_dashboard(real_small, synthetic_small) == html  # seeded: the same report again


def test_nan_and_inf_in_data_still_give_a_report(real: pd.DataFrame, synthetic: pd.DataFrame) -> None:
    broken = synthetic.assign(income=synthetic["income"].where(synthetic.index % 5 != 0, np.inf))
    broken.loc[broken.index % 7 == 0, "score"] = np.nan
    broken["age"] = np.nan
    dashboard = QualityDashboard(real, broken, **FAST)
    json.dumps(dashboard.compute_metrics(), allow_nan=False)
    assert "column:age" in dashboard.generate_plotly_figures()
    assert overall_shown(dashboard.generate_html_report())


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.integers(min_value=3, max_value=40),
    seed=st.integers(min_value=0, max_value=2**16),
    shift=st.floats(min_value=-3, max_value=3),
)
def test_any_small_table_gives_strict_json_and_matching_html(rows: int, seed: int, shift: float) -> None:
    rng = np.random.default_rng(seed)
    real = pd.DataFrame({"x": rng.normal(size=rows), "k": rng.choice(["a", "b"], rows), "n": rng.integers(0, 3, rows)})
    synthetic = real.assign(x=real["x"] + shift, k=rng.choice(["a", "b", "c"], rows))
    dashboard = QualityDashboard(real, synthetic, include_privacy=False, include_ml_utility=False)
    metrics = dashboard.compute_metrics()
    json.dumps(metrics, allow_nan=False)
    html = dashboard.generate_html_report()
    shown = overall_shown(html)
    assert shown == ("not scored" if metrics["overall"] is None else f"{metrics['overall']:.4f}")
    assert embedded(html, "genesis-metrics") == metrics

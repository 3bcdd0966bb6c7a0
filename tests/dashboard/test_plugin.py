"""The reporters the distribution registers through genesis_reporters(), as a user finds them by name."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from genesis.errors import ValidationError
from genesis.evaluation import evaluate
from genesis.plugins import ReporterSpec, get_plugin_manager
from genesis.protocols import Reporter

pytestmark = pytest.mark.autoload


def test_html_pdf_and_interactive_are_registered_by_the_dashboard() -> None:
    manager = get_plugin_manager()
    for name in ("html", "pdf", "interactive"):
        spec = manager.get(ReporterSpec, name)
        assert spec.plugin == "dashboard"
    assert manager.get(ReporterSpec, "json").plugin == "genesis"  # JSON stays core's: the same to_dict()


def test_reporters_render_the_given_report_with_the_same_numbers(
    real: pd.DataFrame, synthetic: pd.DataFrame, tmp_path: Path
) -> None:
    report = evaluate(real, synthetic, include_ml_utility=False, seed=3)
    manager = get_plugin_manager()
    html_reporter = manager.get(ReporterSpec, "html").create(
        real_data=real, synthetic_data=synthetic, path=tmp_path / "r.html"
    )
    assert isinstance(html_reporter, Reporter)
    html = html_reporter.render(report)
    assert (tmp_path / "r.html").read_text(encoding="utf-8") == html
    assert f'class="overall-score">{report.overall:.4f}<' in html
    assert json.loads(manager.get(ReporterSpec, "json").create().render(report)) == report.to_dict()
    with pytest.raises(ValidationError, match="renders a QualityReport"):
        html_reporter.render({"overall": 1.0})


def test_interactive_reporter_returns_a_running_dashboard(real: pd.DataFrame, synthetic: pd.DataFrame) -> None:
    import urllib.request

    report = evaluate(real, synthetic, include_ml_utility=False, seed=0)
    reporter = get_plugin_manager().get(ReporterSpec, "interactive").create(
        real_data=real, synthetic_data=synthetic, host="127.0.0.1", port=0
    )
    live = reporter.render(report)
    try:
        with urllib.request.urlopen(live.url + "healthz", timeout=10) as response:
            assert json.loads(response.read())["status"] == "ok"
    finally:
        live.stop()
    assert not live.running

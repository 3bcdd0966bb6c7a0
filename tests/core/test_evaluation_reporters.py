"""Console and JSON reporters render a QualityReport."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from rich.console import Console

from genesis.errors import ValidationError
from genesis.evaluation import QualityReport, evaluate
from genesis.evaluation.reporters import ConsoleReporter, JsonReporter
from genesis.protocols import Reporter


@pytest.fixture(scope="module")
def report() -> QualityReport:
    rng = np.random.default_rng(0)
    real = pd.DataFrame({"v": rng.normal(size=200), "k": rng.choice(np.array(["a", "b"]), size=200)})
    return evaluate(real, real.sample(frac=1.0, random_state=1), include_ml_utility=False, seed=0)


def test_json_reporter_writes_the_report_dict(report: QualityReport, tmp_path: Path) -> None:
    target = tmp_path / "out" / "quality.json"
    text = JsonReporter(target).render(report)
    assert json.loads(text) == report.to_dict()
    assert json.loads(target.read_text(encoding="utf-8")) == report.to_dict()


def test_console_reporter_prints_scores_to_the_given_console(report: QualityReport) -> None:
    buffer = io.StringIO()
    ConsoleReporter(Console(file=buffer, width=120)).render(report)
    output = buffer.getvalue()
    for name in ("overall", "column_shapes", "column_pair_trends", "privacy", "v", "k"):
        assert name in output


def test_reporters_follow_the_protocol_and_reject_other_objects() -> None:
    assert isinstance(JsonReporter(), Reporter)
    assert isinstance(ConsoleReporter(), Reporter)
    with pytest.raises(ValidationError, match="QualityReport"):
        JsonReporter().render({"overall": 1})


def test_console_reporter_shows_uncomputed_privacy_as_not_scored_with_its_reason(report: QualityReport) -> None:
    assert report.score("privacy") is None  # no holdout was given
    buffer = io.StringIO()
    ConsoleReporter(Console(file=buffer, width=250)).render(report)
    row = next(line for line in buffer.getvalue().splitlines() if line.strip(" │|").startswith("privacy"))
    assert "not scored" in row and "holdout" in row
    assert not any(char.isdigit() for char in row.split("not scored")[0])

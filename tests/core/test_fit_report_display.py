"""``model.report`` reads as a summary when printed and as a per-column table under Rich."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console

from genesis.datasets import load_adult_sample
from genesis.generators import GaussianCopulaGenerator
from genesis.generators.report import ColumnReport, FitReport


@pytest.fixture(scope="module")
def report() -> FitReport:
    return GaussianCopulaGenerator().fit(load_adult_sample()).report


def _rendered(value: object) -> str:
    console = Console(record=True, width=140, color_system=None)
    console.print(value)
    return console.export_text()


def test_str_is_a_short_summary_of_the_fit(report: FitReport) -> None:
    text = str(report)
    assert text.splitlines()[0] == "Fit report"
    assert "fitted on 2,000 rows x 15 columns in " in text
    assert "columns by kind: categorical 9, integer 6" in text
    assert "models: categorical 8, numeric 6, dependent 1" in text
    assert "dependencies: education <- education-num" in text
    assert "fallbacks: none" in text
    assert len(text.splitlines()) <= 8 and "ColumnReport(" not in text


def test_repr_still_holds_every_field(report: FitReport) -> None:
    assert repr(report).startswith("FitReport(n_rows=2000") and "ks={" in repr(report)


def test_rich_render_is_a_table_with_one_row_per_column(report: FitReport) -> None:
    text = _rendered(report)
    assert "columns by kind: categorical 9, integer 6" in text
    assert "Fit report: one row per column" in text
    lines = text.splitlines()
    for name in load_adult_sample().columns:
        assert any(line.startswith(f"│ {name} ") for line in lines), name
    education = next(line for line in lines if line.startswith("│ education "))
    assert "dependent" in education and "looked up from education-num" in education
    age = next(line for line in lines if line.startswith("│ age "))
    assert "integer" in age and "numeric" in age and "point masses" in age


def test_fallbacks_and_notes_are_shown() -> None:
    columns = {
        "price": ColumnReport("price", "continuous", "numeric", family="empirical",
                              fallback="beta fit failed: singular",
                              notes=["3 infinite values modelled as the finite extremes"]),
        "city": ColumnReport("city", "categorical", "categorical", categories=1200),
    }  # fmt: skip
    report = FitReport(n_rows=12_345, n_latent=2, fit_seconds=1.5, correlation_repair=0.0, columns=columns)
    text = str(report)
    assert "fitted on 12,345 rows x 2 columns in 1.50 s" in text
    assert "fallbacks: price: beta fit failed: singular" in text
    assert "notes: price: 3 infinite values modelled as the finite extremes" in text
    rendered = _rendered(report)
    assert "beta fit failed: singular" in rendered and "1,200 categories" in rendered


def test_a_loaded_model_prints_the_same_summary(tmp_path: Path) -> None:
    model = GaussianCopulaGenerator().fit(load_adult_sample())
    loaded = GaussianCopulaGenerator.load(model.save(tmp_path / "m.json"))
    assert str(loaded.report) == str(model.report)
    assert "columns by kind: categorical 9, integer 6" in _rendered(loaded.report)

"""Inference on real-looking columns: ISO dates, years, free text versus identifiers, tiny tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from genesis.generators import GaussianCopulaGenerator
from genesis.schema import ColumnKind, infer_schema


def test_unique_iso_date_text_is_a_date_and_generates_valid_dates_in_range() -> None:
    days = pd.date_range("2020-01-01", periods=20)
    frame = pd.DataFrame({"day": days.strftime("%Y-%m-%d").astype(object), "x": np.arange(20.0) ** 1.5})
    column = infer_schema(frame)["day"]
    assert column.kind is ColumnKind.DATETIME
    assert column.dtype == "datetime64[s]" and column.minimum == "2020-01-01T00:00:00"
    synthetic = GaussianCopulaGenerator().fit(frame).generate(2000, seed=3)
    assert synthetic["day"].dtype == "datetime64[s]"
    assert synthetic["day"].between(days.min(), days.max()).all()
    assert (synthetic["day"] == synthetic["day"].dt.normalize()).all()  # dates, not times


def test_a_61_row_year_column_stays_an_integer_in_range() -> None:
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"year": np.arange(1950, 2011), "population": rng.lognormal(3, 0.2, 61)})
    assert infer_schema(frame)["year"].kind is ColumnKind.INTEGER
    years = GaussianCopulaGenerator().fit(frame).generate(5000, seed=1)["year"]
    assert years.dtype == "int64"
    assert years.between(1950, 2010).mean() >= 0.99


@pytest.mark.parametrize(
    ("name", "values", "kind"),
    [
        ("row", np.arange(1, 41), ColumnKind.IDENTIFIER),  # counts rows from 1
        ("customer_id", np.arange(500, 540), ColumnKind.IDENTIFIER),  # named so
        ("CustomerID", np.arange(500, 540), ColumnKind.IDENTIFIER),
        ("season", np.arange(1, 41), ColumnKind.INTEGER),  # a period, even from 1
        ("points", np.arange(500, 540), ColumnKind.INTEGER),  # sequential, but neither named nor counted from 0/1
    ],
)
def test_sequential_integers_are_identifiers_only_when_name_or_values_say_so(
    name: str, values: np.ndarray, kind: ColumnKind
) -> None:
    assert infer_schema(pd.DataFrame({name: values}))[name].kind is kind


def test_unique_words_are_text_and_unique_codes_are_identifiers() -> None:
    rng = np.random.default_rng(1)
    words = ["Grand", "Little", "Old", "New", "Royal", "Golden", "Silver", "Quiet", "Lost", "Hidden"]
    places = sorted({f"{rng.choice(words)} {rng.choice(words)} Airport" for _ in range(300)})
    codes = [f"C-{i:04d}" for i in range(len(places))]
    hashes = [f"{rng.integers(0, 16**8):08x}" for _ in range(len(places))]
    schema = infer_schema(pd.DataFrame({"airport": places, "code": codes, "token": hashes}))
    assert schema["airport"].kind is ColumnKind.TEXT
    assert schema["code"].kind is ColumnKind.IDENTIFIER
    assert schema["token"].kind is ColumnKind.IDENTIFIER


def test_nine_rows_keep_a_perfect_correlation() -> None:
    x = np.array([3.0, 1.0, 4.0, 1.5, 5.0, 9.0, 2.0, 6.0, 5.5])
    frame = pd.DataFrame({"a": x, "b": 2.0 * x + 7.0})
    synthetic = GaussianCopulaGenerator().fit(frame).generate(4000, seed=2)
    assert synthetic["a"].corr(synthetic["b"], method="spearman") >= 0.8


def test_three_rows_already_carry_some_dependence_and_two_carry_none() -> None:
    from genesis.generators.dependence import pair_weight

    assert pair_weight(2) == 0.0 and 0.0 < pair_weight(3) < pair_weight(9) < pair_weight(10) == 1.0
    frame = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [10.0, 20.0, 30.0]})
    assert GaussianCopulaGenerator().fit(frame).correlation.loc["a", "b"] > 0.0

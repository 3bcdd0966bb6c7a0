"""Constraints: orderings found in real data and declared rules are kept in every synthetic row."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from genesis.constraints import FixedCombinations, Inequality, ScalarRange, constraint_from_dict, detect_inequalities
from genesis.errors import ConfigError, ValidationError
from genesis.generators import GaussianCopulaGenerator
from genesis.schema import infer_schema


def stock_table(n: int = 400, seed: int = 0) -> pd.DataFrame:
    """A daily price table: a random walk of closes, opens near the last close, highs and lows around both."""
    rng = np.random.default_rng(seed)
    close = 100 * np.exp(np.cumsum(rng.normal(0, 0.02, n)))
    open_ = np.r_[100.0, close[:-1]] * np.exp(rng.normal(0, 0.005, n))
    high = np.maximum(open_, close) * np.exp(np.abs(rng.normal(0, 0.01, n)))
    low = np.minimum(open_, close) * np.exp(-np.abs(rng.normal(0, 0.01, n)))
    return pd.DataFrame({
        "date": pd.date_range("2015-01-01", periods=n, freq="B"),
        "open": open_.round(2), "high": high.round(2), "low": low.round(2), "close": close.round(2),
        "volume": rng.integers(10_000, 90_000, n),
    })  # fmt: skip


def test_stock_orderings_are_found_and_reduced() -> None:
    found = {c.describe() for c in infer_schema(stock_table(), detect_constraints=True).constraints}
    assert found == {"open <= high", "close <= high", "low <= open", "low <= close"}  # low <= high is implied


def test_stock_table_keeps_high_and_low_around_open_and_close_in_every_row() -> None:
    real = stock_table()
    synthetic = GaussianCopulaGenerator().fit(real).generate(20_000, seed=4)
    assert (synthetic["high"] >= synthetic[["open", "close"]].max(axis=1)).all()
    assert (synthetic["low"] <= synthetic[["open", "close"]].min(axis=1)).all()
    for name in ("open", "high", "low", "close"):  # the repair keeps each column's own range
        assert synthetic[name].between(real[[name]].min().item() * 0.999, real[name].max() * 1.001).mean() > 0.99


def test_a_repaired_value_takes_its_new_column_s_decimals() -> None:
    """An adjusted close (full precision) below the close (cents): a value swapped into the close, or from there
    into the high, is put on the cents grid in the direction that keeps every ordering."""
    real = stock_table()
    real["adjusted"] = real["close"] * np.random.default_rng(2).uniform(0.9, 0.99, len(real))  # 15 decimals
    synthetic = GaussianCopulaGenerator().fit(real).generate(20_000, seed=4)
    for name in ("open", "high", "low", "close"):
        cents = synthetic[name] * 100
        assert np.allclose(cents, cents.round(), atol=1e-6), f"{name} left the cents grid"
    assert (synthetic["adjusted"] <= synthetic["close"]).all()
    assert (synthetic["high"] >= synthetic[["open", "close"]].max(axis=1)).all()


def test_without_detection_the_copula_breaks_orderings() -> None:
    synthetic = GaussianCopulaGenerator(detect_constraints=False).fit(stock_table()).generate(20_000, seed=4)
    assert (synthetic["high"] < synthetic["open"]).any()  # what the constraints are for


def test_end_dates_after_start_dates_and_totals_above_parts() -> None:
    rng = np.random.default_rng(2)
    start = pd.Timestamp("2021-01-01") + pd.to_timedelta(rng.integers(0, 365, 300), unit="D")
    part = rng.gamma(2.0, 10.0, 300).round(2)
    real = pd.DataFrame({"start": start, "end": start + pd.to_timedelta(rng.integers(1, 90, 300), unit="D"),
                         "part": part, "total": (part + rng.gamma(2.0, 10.0, 300)).round(2)})  # fmt: skip
    schema = infer_schema(real, detect_constraints=True)
    assert {c.describe() for c in schema.constraints} >= {"start <= end", "part <= total"}
    synthetic = GaussianCopulaGenerator().fit(real).generate(10_000, seed=1)
    assert (synthetic["end"] >= synthetic["start"]).all() and (synthetic["total"] >= synthetic["part"]).all()


def test_orderings_implied_by_ranges_or_too_rare_are_not_rules() -> None:
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"age": rng.integers(30, 80, 50), "children": rng.integers(0, 5, 50)})
    assert detect_inequalities(frame, ["age", "children"]) == []  # ranges never overlap
    tiny = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [2.0, 3.0, 4.0]})
    assert detect_inequalities(tiny, ["a", "b"]) == []  # 3 rows are no evidence


def test_declared_constraints_apply_and_are_checked_against_the_real_data() -> None:
    real = pd.DataFrame({
        "city": ["Oslo", "Bergen", "Lyon", "Paris"] * 30, "country": ["NO", "NO", "FR", "FR"] * 30,
        "age": np.tile(np.arange(20, 50), 4), "score": np.linspace(0, 1, 120),
    })  # fmt: skip
    schema = infer_schema(real)
    schema.constraints = [FixedCombinations(["city", "country"]), ScalarRange("age", 25, 45)]
    synthetic = GaussianCopulaGenerator(link_categories=False).fit(real.assign(age=real["age"].clip(25, 45)),
                                                                   schema=schema).generate(5000, seed=2)
    pairs = set(zip(synthetic["city"], synthetic["country"], strict=True))
    assert pairs <= {("Oslo", "NO"), ("Bergen", "NO"), ("Lyon", "FR"), ("Paris", "FR")}
    assert synthetic["age"].between(25, 45).all()
    schema.constraints = [Inequality("score", "age")]
    GaussianCopulaGenerator().fit(real, schema=schema)  # holds on every real row
    schema.constraints = [Inequality("age", "score")]
    with pytest.raises(ValidationError, match="broken by 120 real rows"):
        GaussianCopulaGenerator().fit(real, schema=schema)


def test_bad_constraint_documents_name_the_problem() -> None:
    with pytest.raises(ConfigError, match="'type' must be one of"):
        constraint_from_dict({"type": "sometimes", "low": "a"})
    with pytest.raises(ConfigError, match="unexpected keyword"):
        constraint_from_dict({"type": "inequality", "low": "a", "hgih": "b"})
    assert constraint_from_dict({"type": "inequality", "low": "a", "high": "b"}) == Inequality("a", "b")

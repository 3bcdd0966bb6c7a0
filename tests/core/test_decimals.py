"""Decimal columns come back written as the data writes them: two places in, two places out."""

from __future__ import annotations

import numpy as np
import pandas as pd

from genesis.generators import GaussianCopulaGenerator


def _places(values: pd.Series) -> int:
    return int(values.dropna().map(lambda v: len(repr(float(v)).split(".")[1].rstrip("0"))).max())


def _frame() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame({
        "price": np.round(rng.lognormal(3.0, 0.5, 800), 2),
        "ratio": np.round(rng.beta(2.0, 5.0, 800), 4),
        "raw": rng.normal(size=800),  # full precision: not rounded
    })  # fmt: skip


def test_generated_decimals_keep_the_places_of_the_data() -> None:
    synthetic = GaussianCopulaGenerator().fit(_frame()).generate(3000, seed=1)
    assert _places(synthetic["price"]) == 2 and _places(synthetic["ratio"]) == 4
    assert _places(synthetic["raw"]) > 6
    assert synthetic["price"].nunique() > 500  # rounded, not collapsed onto the real values


def test_conditions_on_a_rounded_value_are_exact_at_the_boundary() -> None:
    frame = _frame()
    generator = GaussianCopulaGenerator().fit(frame)
    boundary = float(np.quantile(frame["price"], 0.5).round(2))
    at_least = generator.generate(4000, conditions={"price": (">=", boundary)}, seed=2)["price"]
    assert at_least.min() == boundary  # the boundary value itself is drawn (0.57 / 0.01 is not 57 in floats)
    equal = generator.generate(200, conditions={"price": ("==", boundary)}, seed=3)["price"]
    assert equal.eq(boundary).all()

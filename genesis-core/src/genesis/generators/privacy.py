"""Privacy levels of the Gaussian copula: which real values a fitted (and saved) model may hold exactly.

* ``default``: today's fidelity. Category labels, point masses (values on 1% or more of the rows, or
  every value of a column with few distinct ones), the observed minimum and maximum and the empirical
  quantile knots are real values, stored as they are.
* ``strict``: no real value held by fewer than :data:`STRICT_MIN_COUNT` rows is stored. Rare categories
  are merged (into :data:`OTHER` for text, else into the frequent values), point masses need that many
  rows, the observed range is rounded outward to one significant digit, empirical quantile knots are
  means of blocks of that many sorted values, and datetime origins are floored to the day.

docs/privacy.md lists what the saved file holds per column kind; the attack tests back each sentence.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd

from genesis.errors import ConfigError
from genesis.schema import ColumnKind, Schema

__all__ = [
    "OTHER",
    "PRIVACY_LEVELS",
    "STRICT_MIN_COUNT",
    "block_knots",
    "check_level",
    "coarse_range",
    "coarsen_schema",
    "merge_rare_categories",
    "min_value_count",
]

PRIVACY_LEVELS = ("default", "strict")
#: Under ``strict``, a real value is stored only when at least this many rows hold it.
STRICT_MIN_COUNT = 20
#: The label rare text categories are merged into under ``strict``.
OTHER = "(other)"


def check_level(level: object) -> str:
    """``level`` if it is a privacy level, else a :class:`~genesis.errors.ConfigError` naming the choices."""
    if level not in PRIVACY_LEVELS:
        raise ConfigError(f"privacy must be one of {', '.join(PRIVACY_LEVELS)}, got {level!r}")
    return str(level)


def min_value_count(level: str) -> int:
    """How many rows must hold a real value for the model to store it exactly at ``level``."""
    return STRICT_MIN_COUNT if level == "strict" else 1


def coarse_range(values: np.ndarray) -> tuple[float, float]:
    """The range of ``values`` widened to numbers of one significant digit strictly outside it
    (``17..90`` -> ``10..100``), so neither extreme is stored; an extreme of exactly 0 stays 0."""
    finite = values[np.isfinite(values)]
    if not len(finite):
        return (-math.inf, math.inf)
    return (0.0 - _above(-float(finite.min())), _above(float(finite.max())))


def _above(value: float) -> float:
    """The smallest number of one significant digit above ``value`` (0 stays 0 and -7 becomes -6)."""
    if value == 0.0:
        return 0.0
    step = 10.0 ** math.floor(math.log10(abs(value)))
    rounded = (math.floor(value / step) + 1) * step
    return float(f"{rounded:.12g}")


def block_knots(sorted_x: np.ndarray, block: int, bounds: tuple[float, float]) -> list[float]:
    """Empirical quantile knots that are no real value: the bounds, and means of ``block`` sorted values."""
    blocks = max(len(sorted_x) // block, 1)
    means = [float(part.mean()) for part in np.array_split(sorted_x, blocks)]
    return [bounds[0], *means, bounds[1]]


def merge_rare_categories(data: pd.DataFrame, schema: Schema, min_count: int, seed: int) -> pd.DataFrame:
    """``data`` with categorical values held by fewer than ``min_count`` rows replaced.

    Text values become :data:`OTHER` (when at least ``min_count`` rows are rare together, else they are
    redrawn); other values, and booleans, are redrawn from the frequent values in proportion to their
    counts, so nothing rare survives to be stored.
    """
    rng = np.random.default_rng(seed)
    out = data.copy()
    for column in schema:
        if column.kind is not ColumnKind.CATEGORICAL:
            continue
        series = data[column.name]
        counts = series.value_counts(dropna=True)
        rare = counts.index[counts < min_count]
        if not len(rare):
            continue
        mask = series.isin(rare).to_numpy()
        text = pd.api.types.is_object_dtype(series.dtype) or pd.api.types.is_string_dtype(series.dtype)
        frequent = counts[counts >= min_count]
        if (text and mask.sum() >= min_count) or frequent.empty:
            replacement: object = OTHER if text else frequent.index[0] if len(frequent) else None
            values = series.astype(object).where(~mask, replacement)
        else:
            drawn = rng.choice(frequent.index.to_numpy(dtype=object), size=int(mask.sum()), p=frequent / frequent.sum())
            values = series.astype(object).copy()
            values[mask] = drawn
        if isinstance(series.dtype, pd.CategoricalDtype):
            kept = [c for c in series.dtype.categories if c not in set(rare)]
            kept += [OTHER] if OTHER in set(values.dropna()) and OTHER not in kept else []
            out[column.name] = pd.Categorical(values, categories=kept, ordered=series.dtype.ordered)
        else:
            out[column.name] = values.astype(series.dtype)
    return out


def coarsen_schema(schema: Schema, ranges: dict[str, tuple[float, float]]) -> Schema:
    """``schema`` with each numeric column's minimum and maximum replaced by its coarse range (None if unknown)."""
    columns = {}
    for column in schema:
        if column.kind in (ColumnKind.CONTINUOUS, ColumnKind.INTEGER, ColumnKind.DATETIME):
            low, high = ranges.get(column.name, (None, None))
            column = replace(column, minimum=low, maximum=high)
        columns[column.name] = column
    return Schema(columns=columns, n_rows=schema.n_rows)

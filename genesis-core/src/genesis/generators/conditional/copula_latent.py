"""The built-in Gaussian copula seen as a :class:`~.latent.LatentGaussianModel`.

Conditions become boxes in the copula's normal-score space:

- a categorical (or boolean) column decodes ``z`` by cut points, so any condition, ``like``
  included, selects a union of whole category intervals (the model's true conditional over the
  category's interval, never one point inside it);
- a numeric column decodes ``z`` through a non-decreasing quantile table (then rounds to its
  step), so comparisons, ``between``, ``eq``/``ne`` and ``in``/``not_in`` are unions of intervals
  found by inverting the table;
- a column fixed by a categorical determinant maps to the determinant's matching categories;
- every conditioned column must be present, so its null indicator is held on the "present" side.

Datetime and identifier columns are left to rejection on the decoded rows.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from genesis.generators.conditional.condition import Condition

__all__ = ["CopulaLatentModel"]

_INF = np.inf


def _merge(intervals: list[tuple[float, float]]) -> np.ndarray:
    """Sorted, disjoint union of intervals (empty ones dropped)."""
    merged: list[list[float]] = []
    for low, high in sorted(i for i in intervals if i[0] < i[1]):
        if merged and low <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    return np.asarray(merged, dtype=float).reshape(-1, 2)


def _complement(union: np.ndarray) -> np.ndarray:
    edges = [-_INF, *union.ravel().tolist(), _INF]
    return _merge(list(zip(edges[0::2], edges[1::2], strict=True)))


class _NumericInverse:
    """``{z : decoded(z) >= c}`` (or ``> c``) for a column decoded as ``round(interp(z, knots_z, knots_x))``."""

    def __init__(self, knots_z: np.ndarray, knots_x: np.ndarray, step: float) -> None:
        self.z, self.x, self.step = knots_z, np.maximum.accumulate(knots_x), step

    def start(self, c: float, strict: bool) -> float:
        """The smallest ``z`` whose decoded value is ``> c`` (strict) or ``>= c``."""
        if self.step:  # v = k * step with k = rint(x / step): compare x with the rounding midpoint
            k = math.floor(c / self.step) + 1 if strict else math.ceil(c / self.step)
            c, strict = (k - 0.5) * self.step, False
        i = int(np.searchsorted(self.x, c, side="right" if strict else "left"))
        if i == 0:
            return -_INF
        if i == len(self.x):
            return _INF
        x0, x1, z0, z1 = self.x[i - 1], self.x[i], self.z[i - 1], self.z[i]
        return float(z0 + (c - x0) / (x1 - x0) * (z1 - z0))

    def intervals(self, operator: str, value: Any) -> np.ndarray | None:
        values = value if isinstance(value, tuple) else (value,)
        if not all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in values):
            return None

        def equal(c: float) -> tuple[float, float]:
            return (self.start(c, False), self.start(c, True))

        if operator == "gte":
            return _merge([(self.start(value, False), _INF)])
        if operator == "gt":
            return _merge([(self.start(value, True), _INF)])
        if operator == "lte":
            return _merge([(-_INF, self.start(value, True))])
        if operator == "lt":
            return _merge([(-_INF, self.start(value, False))])
        if operator == "between":
            return _merge([(self.start(value[0], False), self.start(value[1], True))])
        if operator == "eq":
            return _merge([equal(value)])
        if operator == "ne":
            return _complement(_merge([equal(value)]))
        if operator == "in":
            return _merge([equal(v) for v in value])
        if operator == "not_in":
            return _complement(_merge([equal(v) for v in value]))
        return None


def _category_intervals(cuts: np.ndarray, selected: np.ndarray) -> np.ndarray:
    """Union of the normal-score intervals of the selected category codes."""
    edges = np.concatenate([[-_INF], cuts, [_INF]])
    codes = np.flatnonzero(selected)
    return _merge(list(zip(edges[codes].tolist(), edges[codes + 1].tolist(), strict=True)))


class CopulaLatentModel:
    """Read-only view of a fitted ``GaussianCopulaGenerator`` as a latent Gaussian model."""

    def __init__(self, generator: Any) -> None:
        from genesis.generators.columns import CategoricalColumn, NumericColumn
        from genesis.generators.state import NULL, VALUE

        self._state = generator._fitted()  # the fitted CopulaState
        self._value, self._null = VALUE, NULL
        self._categorical, self._numeric = CategoricalColumn, NumericColumn
        self._index = {key: i for i, key in enumerate(self._state.latent)}
        self._dependency = {d.dependent: d for d in self._state.dependencies}

    @property
    def latent_correlation(self) -> np.ndarray:
        return np.asarray(self._state.correlation, dtype=float)

    def latent_box(self, condition: Condition) -> Mapping[int, np.ndarray] | None:
        name = condition.column
        if name in self._dependency:
            return self._dependent_box(condition)
        model = self._state.columns.get(name)
        if (name, self._value) not in self._index:
            return None
        if isinstance(model, self._categorical):
            intervals = _category_intervals(model.cuts, self._value_mask(condition, pd.Series(model.values)))
        elif isinstance(model, self._numeric) and pd.api.types.pandas_dtype(model.column.dtype).kind in "iuf":
            intervals = _NumericInverse(model.marginal.knots_z, model.marginal.knots_x, model.step).intervals(
                condition.operator, condition.value
            )
        else:
            return None
        return None if intervals is None else self._with_presence(name, {self._index[(name, self._value)]: intervals})

    def _dependent_box(self, condition: Condition) -> Mapping[int, np.ndarray] | None:
        dependency = self._dependency[condition.column]
        model = self._state.columns.get(dependency.determinant)
        if not isinstance(model, self._categorical) or (dependency.determinant, self._value) not in self._index:
            return None
        schema = self._state.schema
        values = dependency.apply(pd.Series(model.values), schema[dependency.determinant], schema[dependency.dependent])
        intervals = _category_intervals(model.cuts, self._value_mask(condition, values))
        box = {self._index[(dependency.determinant, self._value)]: intervals}
        return self._with_presence(dependency.determinant, box)

    @staticmethod
    def _value_mask(condition: Condition, values: pd.Series) -> np.ndarray:
        return condition.mask(pd.DataFrame({condition.column: values.reset_index(drop=True)}))

    def _with_presence(self, name: str, box: dict[int, np.ndarray]) -> dict[int, np.ndarray]:
        """Conditions never match nulls: keep the column's null indicator below its cut."""
        if (name, self._null) in self._index:
            box[self._index[(name, self._null)]] = np.array([[-_INF, self._state._null_cut[name]]])
        return box

    def decode_latent(self, z: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
        """Rows decoded from ``(n, d)`` normal scores, as the copula decodes its own draws."""
        state, n = self._state, len(z)
        out: dict[str, pd.Series] = {}
        for name, model in state.columns.items():
            series = model.sample(z[:, self._index[(name, self._value)]] if model.has_value else None, n, rng)
            if (name, self._null) in self._index:
                series = series.where(z[:, self._index[(name, self._null)]] <= state._null_cut[name])
            out[name] = series
        for dependency in state.dependencies:
            out[dependency.dependent] = dependency.apply(
                out[dependency.determinant], state.schema[dependency.determinant], state.schema[dependency.dependent]
            )
        return pd.DataFrame({name: out[name] for name in state.schema.names}, index=pd.RangeIndex(n))

"""Logical rules between columns that every synthetic row keeps: orderings, ranges, fixed combinations.

Three kinds, the ones SDV users know, written in a schema file as mappings:

* ``{"type": "inequality", "low": "open", "high": "high"}``: ``low <= high`` on every row where both
  are present (numbers or datetimes). :func:`detect_inequalities` finds these in real data: an
  ordering that holds on every one of at least :data:`MIN_SUPPORT` rows, is not an equality, and is
  not already implied by the two columns' ranges (``age >= children`` is, and is left out). Implied
  orderings (``low <= high`` given ``low <= open <= high``) are dropped.
* ``{"type": "range", "column": "age", "low": 0, "high": 120}``: the column stays within fixed limits.
* ``{"type": "fixed_combinations", "columns": ["city", "country"]}``: only the combinations seen in the
  real data appear (learnt at fit time into ``combinations``).

:func:`enforce` makes generated rows keep them exactly. An ordering is repaired by swapping the two
values of a row that breaks it (a reflection, so both columns keep their values' distribution; swaps
repeat until a whole set of orderings holds, which terminates because each swap removes an inversion);
a range clips; a combination that was never seen is replaced by a seen one drawn by its real frequency.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from genesis.errors import ConfigError, ValidationError
from genesis.grid import on_grid

__all__ = [
    "MIN_SUPPORT",
    "Constraint",
    "FixedCombinations",
    "Inequality",
    "ScalarRange",
    "check_constraints",
    "constraint_from_dict",
    "detect_inequalities",
    "enforce",
]

#: Rows (with both columns present) an ordering must hold on before it is taken as a rule.
MIN_SUPPORT = 10
#: Swap passes before giving up on a set of orderings (each pass fixes every broken pair once).
MAX_PASSES = 64


@dataclass(frozen=True)
class Inequality:
    """``low <= high`` wherever both are present."""

    low: str
    high: str
    detected: bool = False
    type: str = field(default="inequality", init=False)

    @property
    def columns(self) -> list[str]:
        return [self.low, self.high]

    def violations(self, frame: pd.DataFrame) -> np.ndarray:
        """Rows that break the rule."""
        low, high = frame[self.low], frame[self.high]
        return ((low > high) & low.notna() & high.notna()).to_numpy(dtype=bool, na_value=False)

    def describe(self) -> str:
        return f"{self.low} <= {self.high}"

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "low": self.low, "high": self.high, "detected": self.detected}


@dataclass(frozen=True)
class ScalarRange:
    """``low <= column <= high`` (either side may be None)."""

    column: str
    low: Any = None
    high: Any = None
    type: str = field(default="range", init=False)

    @property
    def columns(self) -> list[str]:
        return [self.column]

    def _limits(self, series: pd.Series) -> tuple[Any, Any]:
        if series.dtype.kind == "M":
            zone = getattr(series.dtype, "tz", None)
            return tuple(None if v is None else _stamp(v, zone) for v in (self.low, self.high))  # type: ignore[return-value]
        return self.low, self.high

    def violations(self, frame: pd.DataFrame) -> np.ndarray:
        series = frame[self.column]
        low, high = self._limits(series)
        bad = pd.Series(False, index=series.index)
        if low is not None:
            bad |= series < low
        if high is not None:
            bad |= series > high
        return bad.to_numpy(dtype=bool, na_value=False)

    def repair(self, frame: pd.DataFrame) -> None:
        series = frame[self.column]
        low, high = self._limits(series)
        frame[self.column] = series.clip(lower=low, upper=high)

    def describe(self) -> str:
        low, high = ("-inf" if self.low is None else self.low), ("inf" if self.high is None else self.high)
        return f"{low} <= {self.column} <= {high}"

    def to_dict(self) -> dict[str, Any]:
        from genesis.schema import to_json_scalar

        return {"type": self.type, "column": self.column, "low": to_json_scalar(self.low),
                "high": to_json_scalar(self.high)}  # fmt: skip


@dataclass(frozen=True)
class FixedCombinations:
    """Only the real combinations of ``columns`` (``combinations`` with their ``weights``, learnt at fit)."""

    columns: list[str]
    combinations: list[list[Any]] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    type: str = field(default="fixed_combinations", init=False)

    def learn(self, frame: pd.DataFrame) -> FixedCombinations:
        """The same rule with the combinations seen in ``frame`` (nulls count as a value)."""
        from genesis.schema import to_json_scalar

        unknown = [c for c in self.columns if c not in frame.columns]
        if unknown:
            raise ConfigError(f"constraint '{self.describe()}' names unknown columns {unknown}")
        counts = frame[self.columns].astype(object).value_counts(dropna=False, sort=True)
        combos = [[to_json_scalar(v) for v in (key if isinstance(key, tuple) else (key,))] for key in counts.index]
        return FixedCombinations(list(self.columns), combos, (counts / counts.sum()).round(12).tolist())

    def _keys(self, frame: pd.DataFrame) -> pd.Index:
        from genesis.schema import to_json_scalar

        rows = frame[self.columns].astype(object).itertuples(index=False, name=None)
        return pd.Index([tuple(to_json_scalar(v) for v in row) for row in rows])

    def violations(self, frame: pd.DataFrame) -> np.ndarray:
        allowed = pd.Index([tuple(c) for c in self.combinations])
        return ~np.asarray(self._keys(frame).isin(allowed), dtype=bool)

    def repair(self, frame: pd.DataFrame, rng: np.random.Generator) -> None:
        bad = np.flatnonzero(self.violations(frame))
        if not len(bad) or not self.combinations:
            return
        picks = rng.choice(len(self.combinations), size=len(bad), p=np.asarray(self.weights) / sum(self.weights))
        for position, name in enumerate(self.columns):
            values = pd.Series([self.combinations[p][position] for p in picks], dtype=object)
            frame[name] = _assign(frame[name], bad, values)

    def describe(self) -> str:
        return f"fixed combinations of {', '.join(self.columns)}"

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "columns": list(self.columns), "combinations": self.combinations,
                "weights": self.weights}  # fmt: skip


Constraint = Inequality | ScalarRange | FixedCombinations


def constraint_from_dict(data: Mapping[str, Any]) -> Constraint:
    """A constraint from its mapping (``type`` plus the fields of its kind); bad ones name the fix."""
    values = dict(data)
    kind = values.pop("type", None)
    builders: dict[str, Any] = {"inequality": Inequality, "range": ScalarRange, "fixed_combinations": FixedCombinations}
    if kind not in builders:
        raise ConfigError(f"constraint {dict(data)!r}: 'type' must be one of {', '.join(builders)}")
    try:
        constraint: Constraint = builders[kind](**values)
        return constraint
    except TypeError as exc:
        raise ConfigError(f"constraint {dict(data)!r}: {exc}") from exc


def check_constraints(frame: pd.DataFrame, constraints: Iterable[Constraint]) -> None:
    """Refuse constraints that name unknown columns or that the real data itself breaks."""
    for constraint in constraints:
        unknown = [c for c in constraint.columns if c not in frame.columns]
        if unknown:
            raise ConfigError(f"constraint '{constraint.describe()}' names unknown columns {unknown}")
        try:
            broken = int(constraint.violations(frame).sum())
        except TypeError as exc:
            raise ConfigError(f"constraint '{constraint.describe()}' compares incomparable columns: {exc}") from exc
        if broken:
            raise ValidationError(f"constraint '{constraint.describe()}' is broken by {broken} real rows; "
                                  "fix the data or drop the constraint")  # fmt: skip


def detect_inequalities(frame: pd.DataFrame, columns: Sequence[str]) -> list[Inequality]:
    """Orderings between ``columns`` (numbers or datetimes alike) that hold on every real row, see the module."""
    groups: dict[str, list[str]] = {}
    for name in columns:
        dtype = frame[name].dtype
        if dtype.kind in "iuf" or (pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)):
            groups.setdefault("number", []).append(name)
        elif dtype.kind == "M":
            groups.setdefault(str(dtype), []).append(name)
    found: set[tuple[str, str]] = set()
    for names in groups.values():
        found |= _orderings(frame, names)
    middle = {name for pair in found for name in pair}
    reduced = {(a, c) for a, c in found if not any((a, b) in found and (b, c) in found for b in middle)}
    order = {name: i for i, name in enumerate(frame.columns)}
    return [Inequality(a, c, detected=True) for a, c in sorted(reduced, key=lambda p: (order[p[0]], order[p[1]]))]


def _orderings(frame: pd.DataFrame, names: list[str]) -> set[tuple[str, str]]:
    if len(names) < 2:
        return set()
    values = np.column_stack([_numbers(frame[name]) for name in names])
    present = ~np.isnan(values)
    found: set[tuple[str, str]] = set()
    for i, low in enumerate(names):
        both = present[:, [i]] & present
        support = both.sum(axis=0)
        with np.errstate(invalid="ignore"):
            below = np.asarray(np.where(both, values[:, [i]] <= values, True).all(axis=0), dtype=bool)
            equal = np.asarray(np.where(both, values[:, [i]] == values, True).all(axis=0), dtype=bool)
            low_top = np.nanmax(values[:, i]) if present[:, i].any() else np.nan
            high_bottom = np.nanmin(np.where(present, values, np.nan), axis=0)
        overlapping = np.asarray(low_top > high_bottom, dtype=bool)  # otherwise the ranges alone imply the order
        for j, high in enumerate(names):
            if j != i and support[j] >= MIN_SUPPORT and below[j] and not equal[j] and overlapping[j]:
                found.add((low, high))
    return found


def _numbers(series: pd.Series) -> np.ndarray:
    if series.dtype.kind == "M":
        stamps = series.dt.tz_localize(None) if getattr(series.dtype, "tz", None) is not None else series
        out = stamps.to_numpy().view("i8").astype(float)
        out[series.isna().to_numpy()] = np.nan
        return out
    return series.to_numpy(dtype=float, na_value=np.nan)


def enforce(
    frame: pd.DataFrame,
    constraints: Sequence[Constraint],
    rng: np.random.Generator,
    steps: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """``frame`` (changed in place and returned) with every constraint holding on every row.

    ``steps`` are the grids numeric columns are written on (``0.01`` for prices in cents, 1 for integers): a
    value swapped into a column is put on that column's grid, downwards in the low column and upwards in the
    high one, so the ordering still holds and a price never takes another column's 15 decimals.
    """
    if not constraints or frame.empty:
        return frame
    steps = steps or {}
    inequalities = [c for c in constraints if isinstance(c, Inequality)]
    for _ in range(MAX_PASSES):
        broken = False
        for rule in inequalities:
            rows = np.flatnonzero(rule.violations(frame))
            if len(rows):
                broken = True
                low, high = frame[rule.low], frame[rule.high]
                frame[rule.low] = _assign(low, rows, high.iloc[rows].reset_index(drop=True), steps.get(rule.low), -1)
                frame[rule.high] = _assign(high, rows, low.iloc[rows].reset_index(drop=True), steps.get(rule.high), 1)
        if not broken:
            break
    for constraint in constraints:
        if isinstance(constraint, ScalarRange):
            constraint.repair(frame)
        elif isinstance(constraint, FixedCombinations):
            constraint.repair(frame, rng)
    return frame


def _assign(
    series: pd.Series, rows: np.ndarray, values: pd.Series, step: float | None = None, direction: int = 0
) -> pd.Series:
    """``series`` with ``values`` put at positions ``rows``, cast to its dtype; numbers are put on ``step``'s grid
    (integers on whole numbers), down for ``direction`` -1, up for +1 and to the nearest for 0."""
    out = series.copy()
    dtype = series.dtype
    if pd.api.types.is_integer_dtype(dtype) and not pd.api.types.is_integer_dtype(values.dtype):
        step = step or 1.0
    if step and dtype.kind in "iuf" and values.dtype.kind in "iuf":
        values = pd.Series(on_grid(values.to_numpy(dtype=float, na_value=np.nan), step, direction))
    out.iloc[rows] = values.astype(dtype).to_numpy() if dtype.kind != "O" else values.to_numpy()
    return out


def _stamp(value: Any, zone: Any) -> pd.Timestamp:
    stamp = pd.Timestamp(value)
    if zone is None:
        return stamp.tz_localize(None) if stamp.tz is not None else stamp
    return stamp.tz_localize(zone) if stamp.tz is None else stamp.tz_convert(zone)

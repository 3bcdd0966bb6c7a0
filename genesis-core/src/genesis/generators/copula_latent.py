"""The built-in Gaussian copula seen as a :class:`~.latent.LatentGaussianModel`.

Where conditions hold is described in the copula's normal-score space:

- an unlinked categorical (or boolean) column decodes its score by cut points, so any condition,
  LIKE included, selects a union of whole category intervals (the model's true conditional over
  each category's interval, never one point inside it);
- a numeric column made of point masses decodes the same way; any other numeric column decodes
  through a non-decreasing quantile table then rounds to its step, so comparisons, ``between``,
  ``eq``/``ne`` and ``in``/``not_in`` are unions of intervals found by inverting the table;
- a categorical column drawn from its parent's conditional table takes, for each parent code, the
  interval of its own score that the table row gives the selected categories; so conditions on
  linked columns become a union of boxes, one per assignment of codes along their parents;
- a column fixed by a categorical determinant is a condition on the determinant's categories;
- conditions never match nulls, so a conditioned column's null indicator stays on "present".

Continuous datetime columns and identifiers are left to the check on the decoded rows.

Rows are decoded by the copula itself (``CopulaState.decode``), exactly as its own samples are.
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from genesis.conditions.condition import Condition
from genesis.conditions.condition_set import ConditionSet
from genesis.conditions.latent import intersect_intervals
from genesis.generators.columns import CategoricalColumn, NumericColumn
from genesis.generators.state import NULL, VALUE, CopulaState
from genesis.grid import grid_units

__all__ = ["CopulaLatentModel"]

_INF = np.inf
#: Conditions on linked columns whose region would need more boxes than this are checked after decoding.
MAX_BOXES = 4096

Box = dict[int, np.ndarray]


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


def _code_intervals(edges: np.ndarray, selected: np.ndarray) -> np.ndarray:
    """Union of the score intervals ``[edges[c], edges[c + 1]]`` of the selected codes."""
    codes = np.flatnonzero(selected)
    return _merge(list(zip(edges[codes].tolist(), edges[codes + 1].tolist(), strict=True)))


def _with_ends(cuts: np.ndarray) -> np.ndarray:
    return np.concatenate([[-_INF], np.asarray(cuts, dtype=float), [_INF]])


class _NumericInverse:
    """``{z : decoded(z) >= c}`` (or ``> c``) for a column decoded as ``round(interp(z, knots_z, knots_x))``."""

    def __init__(self, knots_z: np.ndarray, knots_x: np.ndarray, step: float) -> None:
        self.z, self.x, self.step = knots_z, np.maximum.accumulate(knots_x), step

    def start(self, c: float, strict: bool) -> float:
        """The smallest ``z`` whose decoded value is ``> c`` (strict) or ``>= c``."""
        if self.step:  # v = k * step with k = rint(x / step): compare x with the rounding midpoint
            q = float(grid_units(c, self.step))
            k = math.floor(q) + 1 if strict else math.ceil(q)
            c, strict = (k - 0.5) * self.step, False
        i = int(np.searchsorted(self.x, c, side="right" if strict else "left"))
        if i == 0:
            return -_INF
        if i == len(self.x):
            return _INF
        x0, x1, z0, z1 = self.x[i - 1], self.x[i], self.z[i - 1], self.z[i]
        return float(z0 + (c - x0) / (x1 - x0) * (z1 - z0))

    def intervals(self, operator: str, value: Any) -> np.ndarray | None:
        """Where the decoded value satisfies ``operator value``; None for operators that are not intervals."""
        values = value if isinstance(value, tuple) else (value,)
        if not all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in values):
            return None
        equal = [(self.start(v, False), self.start(v, True)) for v in values]
        spans = {
            "gte": lambda: [(self.start(value, False), _INF)],
            "gt": lambda: [(self.start(value, True), _INF)],
            "lte": lambda: [(-_INF, self.start(value, True))],
            "lt": lambda: [(-_INF, self.start(value, False))],
            "between": lambda: [(self.start(value[0], False), self.start(value[1], True))],
            "eq": lambda: equal,
            "in": lambda: equal,
        }
        if operator in spans:
            return _merge(spans[operator]())
        if operator in ("ne", "not_in"):
            return _complement(_merge(equal))
        return None


class CopulaLatentModel:
    """Read-only view of a fitted copula's state as a latent Gaussian model."""

    def __init__(self, state: CopulaState) -> None:
        self._state = state
        self._index = {key: i for i, key in enumerate(self._state.latent)}
        self._dependency = {d.dependent: d for d in self._state.dependencies}

    @property
    def latent_correlation(self) -> np.ndarray:
        return np.asarray(self._state.correlation, dtype=float)

    # ------------------------------------------------------------ per-column facts

    def _model(self, name: str) -> Any:
        return self._state.columns.get(name)

    def _linked(self, name: str) -> bool:
        return (
            isinstance(self._model(name), CategoricalColumn) and getattr(self._model(name), "parent", None) is not None
        )

    def _presence(self, name: str, present: bool = True) -> Box:
        """The null indicator's side: below the cut when the value is present."""
        if (name, NULL) not in self._index:
            return {}
        cut = float(special.ndtri(1.0 - self._state.schema[name].null_rate))
        return {self._index[(name, NULL)]: np.array([[-_INF, cut]] if present else [[cut, _INF]])}

    def _atom_edges(self, model: Any) -> tuple[np.ndarray, pd.Series] | None:
        """Score edges of a point-mass-only numeric column and its decoded atom values."""
        marginal = model.marginal
        if marginal.family is not None or not marginal.atoms:
            return None
        probs = np.asarray(marginal.atom_probs, dtype=float)
        cuts = special.ndtri(np.cumsum(probs)[:-1] / probs.sum())
        values = model.draw(np.concatenate([[cuts[0] - 1] if len(cuts) else [0.0], (cuts[:-1] + cuts[1:]) / 2,
                                            [cuts[-1] + 1] if len(cuts) else []]))  # fmt: skip
        return _with_ends(cuts), pd.Series(values)

    def _numeric_intervals(self, model: Any, condition: Condition) -> np.ndarray | None:
        atoms = self._atom_edges(model)
        if atoms is not None:
            edges, values = atoms
            return _code_intervals(edges, self._value_mask(condition, model.to_series(values.to_numpy(), None)))
        if pd.api.types.pandas_dtype(model.column.dtype).kind not in "iuf":
            return None
        return _NumericInverse(model.marginal.knots_z, model.marginal.knots_x, model.step).intervals(
            condition.operator, condition.value
        )

    def _bin_intervals(self, model: Any, low: float, high: float) -> np.ndarray:
        """Scores whose decoded value (float scale) lies in ``[low, high)``."""
        atoms = self._atom_edges(model)
        if atoms is not None:
            edges, values = atoms
            return _code_intervals(edges, ((values >= low) & (values < high)).to_numpy())
        inverse = _NumericInverse(model.marginal.knots_z, model.marginal.knots_x, model.step)
        start = -_INF if low == -_INF else inverse.start(low, False)
        stop = _INF if high == _INF else inverse.start(high, False)
        return _merge([(start, stop)])

    @staticmethod
    def _value_mask(condition: Condition, values: pd.Series) -> np.ndarray:
        return condition.mask(pd.DataFrame({condition.column: values.reset_index(drop=True)}))

    # ------------------------------------------------------------ the region

    def latent_region(self, conditions: ConditionSet) -> tuple[Sequence[Mapping[int, np.ndarray]], ConditionSet]:
        codes: dict[str, np.ndarray] = {}  # categorical column -> selected codes (missing code last, never)
        values: dict[str, np.ndarray] = {}  # numeric column -> score intervals
        residual: list[Condition] = []
        for condition in conditions:
            target, selected = self._categorical_selection(condition)
            if selected is not None:
                codes[target] = codes[target] & selected if target in codes else selected
                continue
            name, intervals = self._numeric_selection(condition)
            if intervals is None:
                residual.append(condition)
            else:
                values[name] = intersect_intervals(values[name], intervals) if name in values else intervals
        tree = self._ancestry([name for name in codes if self._linked(name)])
        boxes = self._enumerate(tree, codes, values)
        if boxes is None:  # too many combinations: linked conditions are checked after decoding
            kept = [c for c in conditions if not self._linked(self._categorical_selection(c)[0])]
            linked = [c for c in conditions if self._linked(self._categorical_selection(c)[0])]
            region, rest = self.latent_region(ConditionSet(kept))
            return region, ConditionSet([*rest, *linked])
        fixed: Box = {}
        for name, selected in codes.items():
            if name not in tree:
                model = self._model(name)
                fixed |= {self._index[(name, VALUE)]: _code_intervals(_with_ends(model.cuts), selected[:-1])}
                fixed |= self._presence(name)
        for name, intervals in values.items():
            if name not in tree:
                fixed |= {self._index[(name, VALUE)]: intervals} | self._presence(name)
        region = [box | fixed for box in boxes]
        return [box for box in region if all(len(iv) for iv in box.values())], ConditionSet(residual)

    def _categorical_selection(self, condition: Condition) -> tuple[str, np.ndarray | None]:
        """``(column, selected codes)`` for a condition on a categorical column or one it determines."""
        name = condition.column
        if name in self._dependency:
            dependency = self._dependency[name]
            model = self._model(dependency.determinant)
            if not isinstance(model, CategoricalColumn):
                return name, None
            schema = self._state.schema
            decoded = dependency.apply(pd.Series(model.values), schema[dependency.determinant], schema[name])
            return dependency.determinant, np.append(self._value_mask(condition, decoded), False)
        model = self._model(name)
        if not isinstance(model, CategoricalColumn) or (name, VALUE) not in self._index:
            return name, None
        return name, np.append(self._value_mask(condition, pd.Series(model.values)), False)

    def _numeric_selection(self, condition: Condition) -> tuple[str, np.ndarray | None]:
        """``(column, score intervals)`` for a condition on a numeric column or one a point-mass column determines."""
        name = condition.column
        if name in self._dependency:
            dependency = self._dependency[name]
            model = self._model(dependency.determinant)
            atoms = self._atom_edges(model) if isinstance(model, NumericColumn) else None
            if atoms is None or (dependency.determinant, VALUE) not in self._index:
                return name, None
            edges, decoded = atoms
            schema = self._state.schema
            determinant = model.to_series(decoded.to_numpy(), None)
            dependent = dependency.apply(determinant, schema[dependency.determinant], schema[name])
            return dependency.determinant, _code_intervals(edges, self._value_mask(condition, dependent))
        model = self._model(name)
        if not isinstance(model, NumericColumn) or (name, VALUE) not in self._index:
            return name, None
        return name, self._numeric_intervals(model, condition)

    def _ancestry(self, names: list[str]) -> list[str]:
        """The linked columns and all their ancestors, parents first."""
        order: list[str] = []

        def visit(name: str) -> None:
            if name in order:
                return
            parent = getattr(self._model(name), "parent", None)
            if parent is not None:
                visit(parent)
            order.append(name)

        for name in names:
            visit(name)
        return order

    def _root_options(self, name: str, tree: list[str], codes: dict[str, np.ndarray],
                      values: dict[str, np.ndarray]) -> list[tuple[Box, float]]:  # fmt: skip
        """``(box, code)`` per outcome of a root of the tree: a category, a cell between the bin edges its
        children use, or missing (code ``nan``); a cell's code is its lower edge."""
        model = self._model(name)
        value_dim = self._index[(name, VALUE)]
        options: list[tuple[Box, float]] = []
        if isinstance(model, CategoricalColumn):
            edges = _with_ends(model.cuts)
            selected = codes.get(name, np.ones(len(edges), dtype=bool))
            for code in np.flatnonzero(selected[:-1]):
                options.append(({value_dim: edges[code : code + 2][None, :]} | self._presence(name), float(code)))
            missing_allowed = bool(selected[-1])
        else:
            children = [self._model(c) for c in tree if getattr(self._model(c), "parent", None) == name]
            cuts = sorted({float(e) for child in children for e in np.asarray(child.parent_edges, dtype=float)})
            cells = [-_INF, *cuts, _INF]
            for low, high in itertools.pairwise(cells):
                intervals = self._bin_intervals(model, low, high)
                if name in values:
                    intervals = intersect_intervals(intervals, values[name])
                options.append(({value_dim: intervals} | self._presence(name), low))
            missing_allowed = name not in values
        if missing_allowed and (name, NULL) in self._index:
            options.append((self._presence(name, present=False), math.nan))
        return options

    def _child_options(self, name: str, parent_code: float, selected: np.ndarray | None) -> list[tuple[Box, float]]:
        """``(box, code)`` per category of a linked column given its parent's code: that table cell's scores."""
        model = self._model(name)
        edges = getattr(model, "parent_edges", None)
        if edges is not None:  # a numeric parent: its code is the bin of the cell's lower edge
            edges = np.asarray(edges, dtype=float)
            row_index = len(edges) + 1 if math.isnan(parent_code) else int(np.searchsorted(edges, parent_code, "right"))
        else:
            row_index = self._missing_code(model.parent) if math.isnan(parent_code) else int(parent_code)
        if not 0 <= row_index < model.table.shape[0]:
            return []
        row = np.asarray(model.table[row_index], dtype=float)
        upper = np.clip(np.cumsum(row), 0.0, 1.0)  # rounding may push a sum past 1
        upper[-1] = 1.0
        lower = np.clip(upper - row, 0.0, 1.0)
        allowed = row > 0
        if selected is not None:
            allowed &= selected[: len(row)]
        dim = self._index[(name, VALUE)]
        return [({dim: np.array([[special.ndtri(lower[c]), special.ndtri(upper[c])]])}, float(c))
                for c in np.flatnonzero(allowed)]  # fmt: skip

    def _missing_code(self, name: str) -> int:
        """The code a categorical column draws for a missing value."""
        return len(self._model(name).categories)

    def _enumerate(
        self, tree: list[str], codes: dict[str, np.ndarray], values: dict[str, np.ndarray]
    ) -> list[Box] | None:
        """Boxes for every assignment of codes along the tree (None beyond :data:`MAX_BOXES`)."""
        paths: list[tuple[Box, dict[str, float]]] = [({}, {})]
        for name in tree:
            parent = getattr(self._model(name), "parent", None)
            grown: list[tuple[Box, dict[str, float]]] = []
            for box, assigned in paths:
                if parent is None:
                    options = self._root_options(name, tree, codes, values)
                else:
                    options = self._child_options(name, assigned[parent], codes.get(name))
                grown.extend((box | option, assigned | {name: code}) for option, code in options)
            if len(grown) > MAX_BOXES:
                return None
            paths = grown
        return [box for box, _ in paths]

    # ------------------------------------------------------------ decoding

    def decode_latent(self, z: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
        """Rows decoded from ``(n, d)`` normal scores by the copula's own decoding."""
        return self._state.decode(np.ascontiguousarray(np.asarray(z, dtype=np.float32).T), rng)

    def refresh_identifiers(self, frame: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
        """Redraw identifier columns over rows assembled from several batches, keeping them unique."""
        return self._state.refresh_identifiers(frame, rng)

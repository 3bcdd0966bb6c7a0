"""Column models: one column to copula scores at fit time, and normal scores back to the column.

Each model owns the exact dtype round trip for its kind (integers stay integers of the same
dtype, tz-aware datetimes keep their zone and unit, categories keep their category list) and
samples with whole-array operations only.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import replace
from typing import Any, ClassVar, Literal, cast

import numpy as np
import pandas as pd
from scipy import special

from genesis.generators.dependence import normal_scores
from genesis.generators.heaping import Heaps, fit_heaps
from genesis.generators.identifiers import IdentifierModel, fit_identifier
from genesis.generators.lookup import StepLookup
from genesis.generators.marginals import Z_LIMIT, MarginalOptions, NumericMarginal, fit_marginal
from genesis.generators.privacy import coarse_range
from genesis.generators.text import REDRAW_ROUNDS, TextModel, fit_text
from genesis.generators.values import decode_values, encode_values, take
from genesis.grid import on_grid
from genesis.schema import ColumnKind, ColumnSchema, Scalar

__all__ = [
    "MAX_DECIMALS",
    "MIN_GROUP_VALUES",
    "CategoricalColumn",
    "ColumnModel",
    "ConstantColumn",
    "IdentifierColumn",
    "NumericColumn",
    "TextColumn",
    "TickUnit",
    "model_from_dict",
    "numeric_axis",
    "tick_unit",
    "time_step",
]

#: Real values a category needs for a text column linked to it to learn a chain of its own.
MIN_GROUP_VALUES = 30
#: Decimal places a continuous column is rounded to at most (finer columns are not rounded); 7 is common in
#: coordinates (``-118.2739756``).
MAX_DECIMALS = 8
#: Cells of the score-to-category lookup over [-Z_LIMIT, Z_LIMIT], and per parent row of a linked one.
_SCORE_CELLS = 4096
_KEY_CELLS_PER_ROW = 1024
_TICKS_PER_SECOND = {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}
_STEPS_SECONDS = (86400, 3600, 60, 1)


class ColumnModel(ABC):
    """A fitted column: ``scores`` feeds the copula, ``sample`` turns normal scores back into values."""

    model: ClassVar[str]
    #: Whether the column's value takes a dimension of the copula.
    has_value: ClassVar[bool] = True
    #: The categorical column this one is drawn given (decoded first), if any.
    parent: str | None = None

    def __init__(self, column: ColumnSchema) -> None:
        self.column = column

    def score_keys(self, series: pd.Series) -> np.ndarray:
        """What the column's normal scores rank: equal keys are ties (NaN on missing rows)."""
        raise NotImplementedError(f"{self.model} columns take no copula dimension")

    def scores(self, series: pd.Series, rng: np.random.Generator) -> np.ndarray:
        """Normal scores of the column's values (NaN on missing rows)."""
        return normal_scores(self.score_keys(series), rng)

    @abstractmethod
    def sample(
        self, z: np.ndarray | None, n: int, rng: np.random.Generator, missing: np.ndarray | None = None
    ) -> pd.Series:
        """``n`` values from normal scores ``z``; rows flagged in ``missing`` are null."""

    @abstractmethod
    def params(self) -> dict[str, Any]:
        """The JSON-safe fitted state (the column schema is stored separately)."""

    def describe(self) -> dict[str, Any]:
        """What the fit report says about this column."""
        return {"model": self.model}

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dictionary (with the dtype, which a fallback model may change)."""
        return {"model": self.model, "dtype": self.column.dtype, **self.params()}


class NumericColumn(ColumnModel):
    """Continuous, integer, datetime and timedelta columns through a :class:`NumericMarginal`."""

    model = "numeric"

    def __init__(
        self, column: ColumnSchema, marginal: NumericMarginal, origin: int, step: float, heaps: Heaps | None = None
    ) -> None:
        super().__init__(column)
        self.marginal, self.origin, self.step, self.heaps = marginal, origin, step, heaps
        self._atoms = np.asarray(marginal.atoms, dtype=float)
        self._range = (float(marginal.knots_x[0]), float(marginal.knots_x[-1]))

    @classmethod
    def fit(
        cls,
        series: pd.Series,
        column: ColumnSchema,
        bounds: tuple[Any, Any],
        enforce_min_max: bool,
        options: MarginalOptions,
        rng: np.random.Generator,
    ) -> NumericColumn:
        """Fit the marginal of the non-null values.

        ``bounds`` are public (lower, upper) limits, None where not given; a missing side is
        the observed extreme when ``enforce_min_max`` is set, else unbounded.
        """
        ticks = _ticks(series)
        origin = int(ticks[~series.isna().to_numpy()].min()) if ticks is not None and series.notna().any() else 0
        strict = options.min_value_count > 1
        if strict and ticks is not None:  # the earliest real time is not stored: the origin is its day
            base: Any = getattr(series.dtype, "base", series.dtype)
            day = 86400 * _TICKS_PER_SECOND[np.datetime_data(base)[0]]
            origin -= origin % day
        x = _relative(series, ticks, origin)
        present = x[~np.isnan(x)]
        finite = np.isfinite(present)
        if not finite.all():  # infinities are modelled as the finite extremes
            present = np.clip(present, present[finite].min(), present[finite].max())
        step = _step(present, column, series.dtype)
        observed = (float(present.min()), float(present.max())) if enforce_min_max else (-np.inf, np.inf)
        if strict and enforce_min_max:
            observed = coarse_range(present)
        lower, upper = (_bound(b, series, origin, fallback) for b, fallback in zip(bounds, observed, strict=True))
        marginal = fit_marginal(np.clip(present, lower, upper), (lower, upper), options, rng)
        if not finite.all():
            marginal.notes.append(f"{int((~finite).sum())} infinite values modelled as the finite extremes")
        heaps = None
        if marginal.family is not None and series.dtype.kind not in "mM":  # point masses are exact values already
            heaps = fit_heaps(present[finite & ~np.isin(present, marginal.atoms)], step)
        return cls(column, marginal, origin, step, heaps)

    def relative(self, series: pd.Series) -> np.ndarray:
        """The column on the model's float scale (datetimes as ticks after the origin); NaN where missing."""
        return _relative(series, _ticks(series), self.origin)

    def score_keys(self, series: pd.Series) -> np.ndarray:
        return self.relative(series)

    def draw(self, z: np.ndarray, rng: np.random.Generator | None = None) -> np.ndarray:
        """Values on the model's float scale from normal scores, rounded to the column's step, and with ``rng``
        to the column's heaps (:mod:`genesis.generators.heaping`) as often as the real values are."""
        x = self.marginal.sample(z)
        fine = on_grid(x, self.step)
        if self.heaps is None or rng is None:
            return fine
        return self.heaps.apply(x, fine, ~np.isin(x, self._atoms), self._range, rng)

    def to_series(self, x: np.ndarray, missing: np.ndarray | None) -> pd.Series:
        """Float-scale values back to the column's exact dtype, null where ``missing``."""
        return _from_relative(x, self.origin, self.column, missing)

    def sample(
        self, z: np.ndarray | None, n: int, rng: np.random.Generator, missing: np.ndarray | None = None
    ) -> pd.Series:
        return self.to_series(self.draw(np.asarray(z), rng), missing)

    def describe(self) -> dict[str, Any]:
        m = self.marginal
        return {
            "model": self.model,
            "family": m.family,
            "ks": m.ks,
            "atoms": len(m.atoms),
            "atom_share": round(float(sum(m.atom_probs)), 6),
            "notes": [*m.notes, *([self.heaps.describe()] if self.heaps else [])],
        }

    def params(self) -> dict[str, Any]:
        heaps = None if self.heaps is None else self.heaps.to_dict()
        return {"marginal": self.marginal.to_dict(), "origin": self.origin, "step": self.step, "heaps": heaps}

    @classmethod
    def from_params(cls, column: ColumnSchema, data: dict[str, Any]) -> NumericColumn:
        heaps = Heaps.from_dict(data["heaps"]) if data.get("heaps") else None  # files before heaps have none
        marginal = NumericMarginal.from_dict(data["marginal"])
        return cls(column, marginal, int(data["origin"]), float(data["step"]), heaps)


class CategoricalColumn(ColumnModel):
    """Categorical and boolean columns: frequencies, with jittered intervals on the normal scale.

    Codes ``0..K-1`` are the categories and ``K`` stands for a missing value. A column linked to
    a ``parent`` (see :mod:`genesis.generators.links`) is drawn from the rows of ``table``
    (P(code | parent code), missing values included), so it needs no null indicator. A numeric
    parent's codes are its bins between ``parent_edges``.
    """

    model = "categorical"

    def __init__(
        self,
        column: ColumnSchema,
        categories: list[Scalar],
        probs: list[float],
        parent: str | None = None,
        table: list[list[float]] | None = None,
        parent_edges: list[float] | None = None,
    ) -> None:
        super().__init__(column)
        self.categories, self.probs = categories, probs
        self.values = decode_values(categories, column)
        self.cuts = special.ndtri(np.cumsum(probs)[:-1])
        self._by_score = StepLookup(self.cuts, -Z_LIMIT, Z_LIMIT, _SCORE_CELLS)
        self.parent: str | None = None
        self.parent_edges: np.ndarray | None = None
        self.table = np.empty((0, 0))
        if parent is not None and table is not None:
            edges = None if parent_edges is None else np.asarray(parent_edges, dtype=float)
            self.link(parent, np.asarray(table, dtype=float), edges)

    @classmethod
    def fit(cls, series: pd.Series, column: ColumnSchema) -> CategoricalColumn:
        """Order categories (their own order for ordered and boolean columns, else by frequency)."""
        counts = series.value_counts(dropna=True, sort=not (column.ordered or column.kind is ColumnKind.BOOLEAN))
        if column.ordered or column.kind is ColumnKind.BOOLEAN:
            counts = counts.sort_index()
        counts = counts[counts > 0]
        return cls(column, encode_values(counts.index), (counts / counts.sum()).tolist())

    @property
    def size(self) -> int:
        """Number of codes, the missing-value code included."""
        return len(self.categories) + 1

    def link(self, parent: str, table: np.ndarray, parent_edges: np.ndarray | None = None) -> None:
        """Draw this column from ``table`` rows chosen by the parent's codes (bins, if ``parent_edges``)."""
        self.parent, self.table, self.parent_edges = parent, table, parent_edges
        width = table.shape[1]
        cumulative = np.cumsum(table, axis=1)
        cumulative[:, -1] = 1.0
        self._lower = (cumulative - table).ravel()
        self._flat = (np.arange(table.shape[0])[:, None] + cumulative).ravel()
        self._width = width
        rows = table.shape[0]
        self._by_key = StepLookup(self._flat, 0.0, float(rows), rows * _KEY_CELLS_PER_ROW, side="right")

    def codes_of(self, series: pd.Series) -> np.ndarray:
        """Codes of real values; missing (or unknown) values get the missing code."""
        codes = pd.Index(self.values).get_indexer(pd.Index(series))
        codes[codes < 0] = len(self.categories)
        return codes

    def score_keys(self, series: pd.Series) -> np.ndarray:
        keys = self.codes_of(series).astype(float)
        keys[keys == len(self.categories)] = np.nan
        return keys

    def linked_scores(self, codes: np.ndarray, parent_codes: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Normal scores of the conditional probability transform given the parent (uniform within each cell)."""
        cell = parent_codes * self._width + codes
        width = self.table.ravel()[cell]
        u = self._lower[cell] + rng.random(len(codes)) * width
        return special.ndtri(np.clip(u, 1e-12, 1.0 - 1e-12))

    def draw_codes(self, z: np.ndarray, missing: np.ndarray | None, parent_codes: np.ndarray | None) -> np.ndarray:
        """Codes from normal scores: by the marginal cuts, or by the parent's table row if linked."""
        if self.parent is None or parent_codes is None:
            codes = self._by_score(z)
            if missing is not None:
                codes[missing] = len(self.categories)
            return codes
        position = self._by_key(parent_codes + special.ndtr(z))
        return np.minimum(position - parent_codes * self._width, self._width - 1)

    def from_codes(self, codes: np.ndarray) -> pd.Series:
        """Values of the column's dtype for codes (the missing code gives a null)."""
        return take(self.values, np.where(codes == len(self.categories), -1, codes))

    def sample(
        self, z: np.ndarray | None, n: int, rng: np.random.Generator, missing: np.ndarray | None = None
    ) -> pd.Series:
        return self.from_codes(self.draw_codes(np.asarray(z), missing, None))

    def describe(self) -> dict[str, Any]:
        return {"model": self.model, "categories": len(self.categories), "parent": self.parent}

    def params(self) -> dict[str, Any]:
        return {
            "categories": self.categories,
            "probs": self.probs,
            "parent": self.parent,
            "table": self.table.tolist(),
            "parent_edges": None if self.parent_edges is None else self.parent_edges.tolist(),
        }

    @classmethod
    def from_params(cls, column: ColumnSchema, data: dict[str, Any]) -> CategoricalColumn:
        return cls(
            column, data["categories"], data["probs"], data.get("parent"), data.get("table"), data.get("parent_edges")
        )


class ConstantColumn(ColumnModel):
    """A column with one value (or none at all): repeated as is."""

    model = "constant"
    has_value = False

    def __init__(self, column: ColumnSchema, value: Scalar) -> None:
        super().__init__(column)
        self.value = value
        self.values = decode_values([value], column)

    @classmethod
    def fit(cls, series: pd.Series, column: ColumnSchema) -> ConstantColumn:
        present = series.dropna()
        return cls(column, encode_values(present.iloc[:1])[0] if len(present) else None)

    def sample(
        self, z: np.ndarray | None, n: int, rng: np.random.Generator, missing: np.ndarray | None = None
    ) -> pd.Series:
        codes = np.zeros(n, dtype=np.intp) if missing is None else np.where(missing, -1, 0)
        return take(self.values, codes)

    def params(self) -> dict[str, Any]:
        return {"value": self.value}

    @classmethod
    def from_params(cls, column: ColumnSchema, data: dict[str, Any]) -> ConstantColumn:
        return cls(column, data["value"])


class IdentifierColumn(ColumnModel):
    """Identifier columns: fresh values of the same format, outside the copula."""

    model = "identifier"
    has_value = False

    def __init__(self, column: ColumnSchema, ids: IdentifierModel) -> None:
        super().__init__(column)
        self.ids = ids

    @classmethod
    def fit(cls, series: pd.Series, column: ColumnSchema) -> IdentifierColumn:
        return cls(column, fit_identifier(series))

    def sample(
        self, z: np.ndarray | None, n: int, rng: np.random.Generator, missing: np.ndarray | None = None
    ) -> pd.Series:
        ids = self.ids.generate(n, rng, self.column)
        return ids if missing is None else ids.where(~missing)

    def describe(self) -> dict[str, Any]:
        return {"model": self.model, "style": self.ids.style}

    def params(self) -> dict[str, Any]:
        return {"ids": self.ids.to_dict()}

    @classmethod
    def from_params(cls, column: ColumnSchema, data: dict[str, Any]) -> IdentifierColumn:
        return cls(column, IdentifierModel.from_dict(data["ids"]))


class TextColumn(ColumnModel):
    """Free-text columns: new values from a word (or letter) chain learnt from the column, outside the copula.

    A column whose words follow a category (``Mr`` and ``Mrs`` in passenger names follow ``sex``) is linked to
    it: each of the parent's categories with :data:`MIN_GROUP_VALUES` values gets its own chain, the rest share
    the column's, and values are drawn given the parent's generated codes.
    """

    model = "text"
    has_value = False

    def __init__(
        self,
        column: ColumnSchema,
        text: TextModel,
        parent: str | None = None,
        groups: dict[int, TextModel] | None = None,
    ) -> None:
        super().__init__(column)
        self.text = text
        self.parent = parent
        self.groups = dict(groups or {})

    @classmethod
    def fit(cls, series: pd.Series, column: ColumnSchema, min_rows: int = 1) -> TextColumn:
        """``min_rows``: rows a word must appear in to be learnt (see :func:`~genesis.generators.text.fit_text`)."""
        return cls(column, fit_text(series, min_rows=min_rows))

    def link(self, parent: str, parent_codes: np.ndarray, series: pd.Series) -> None:
        """Learn one chain per category of ``parent`` (its codes on the real rows) that holds enough values."""
        present = series.notna().to_numpy()
        groups: dict[int, TextModel] = {}
        for code in np.unique(parent_codes[present]):
            rows = present & (parent_codes == code)
            if rows.sum() >= MIN_GROUP_VALUES:
                chain = fit_text(series[rows], min_rows=self.text.min_rows)
                if chain.style == self.text.style:  # every real value stays barred, and uniqueness column-wide
                    groups[int(code)] = replace(chain, unique=self.text.unique, seen=self.text.seen)
        if groups:
            self.parent, self.groups = parent, groups

    def sample(
        self, z: np.ndarray | None, n: int, rng: np.random.Generator, missing: np.ndarray | None = None
    ) -> pd.Series:
        return self._values(self.text.generate(n, rng), missing)

    def sample_given(self, parent_codes: np.ndarray, rng: np.random.Generator, missing: np.ndarray | None) -> pd.Series:
        """Values drawn by the chain of each row's parent category (the column's own chain for the others)."""
        out = np.empty(len(parent_codes), dtype=object)
        self._fill(out, np.arange(len(parent_codes)), parent_codes, rng)
        if self.text.unique:  # chains of different categories may meet on a value: redraw the later ones
            for _ in range(REDRAW_ROUNDS):
                repeated = np.flatnonzero(pd.Series(out).duplicated().to_numpy())
                if not len(repeated):
                    break
                self._fill(out, repeated, parent_codes, rng)
        return self._values(out, missing)

    def _fill(self, out: np.ndarray, rows: np.ndarray, parent_codes: np.ndarray, rng: np.random.Generator) -> None:
        codes = parent_codes[rows]
        rest = np.ones(len(rows), dtype=bool)
        for code, chain in self.groups.items():
            mine = codes == code
            rest &= ~mine
            if mine.any():
                out[rows[mine]] = chain.generate(int(mine.sum()), rng)
        if rest.any():
            out[rows[rest]] = self.text.generate(int(rest.sum()), rng)

    def _values(self, generated: np.ndarray, missing: np.ndarray | None) -> pd.Series:
        values = pd.Series(generated, dtype=object)
        if missing is not None:
            values[missing] = None
        category = self.column.dtype == "category"
        return values.astype(pd.CategoricalDtype() if category else pd.api.types.pandas_dtype(self.column.dtype))

    def describe(self) -> dict[str, Any]:
        return {"model": self.model, "style": self.text.style, "parent": self.parent}

    def params(self) -> dict[str, Any]:
        groups = {str(code): chain.to_dict() for code, chain in self.groups.items()}
        return {"text": self.text.to_dict(), "parent": self.parent, "groups": groups}

    @classmethod
    def from_params(cls, column: ColumnSchema, data: dict[str, Any]) -> TextColumn:
        groups = {int(code): TextModel.from_dict(chain) for code, chain in (data.get("groups") or {}).items()}
        return cls(column, TextModel.from_dict(data["text"]), data.get("parent"), groups)


_MODELS: dict[str, Any] = {
    m.model: m for m in (NumericColumn, CategoricalColumn, ConstantColumn, IdentifierColumn, TextColumn)
}


def model_from_dict(column: ColumnSchema, data: dict[str, Any]) -> ColumnModel:
    """Rebuild a column model from :meth:`ColumnModel.to_dict` output."""
    return _MODELS[data["model"]].from_params(replace(column, dtype=data.get("dtype", column.dtype)), data)


def _ticks(series: pd.Series) -> np.ndarray | None:
    """Integer ticks (in the dtype's unit) of datetime and timedelta columns, else None.

    Zoned datetimes are modelled on their wall clock, so local dates stay at local midnight.
    """
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        return series.dt.tz_localize(None).to_numpy().view("i8")
    if series.dtype.kind in "mM":
        return series.to_numpy().view("i8")
    return None


def _relative(series: pd.Series, ticks: np.ndarray | None, origin: int) -> np.ndarray:
    """The column as float64, datetimes as ticks after ``origin``; NaN where missing."""
    if ticks is None:
        return series.to_numpy(dtype=float, na_value=np.nan)
    x = (ticks - origin).astype(float)
    x[series.isna().to_numpy()] = np.nan
    return x


def numeric_axis(series: pd.Series) -> np.ndarray:
    """The column on the float scale numeric models use, from origin 0: numbers as they are, datetimes
    and timedeltas as ticks of their unit (zoned datetimes on their wall clock); NaN where missing."""
    return _relative(series, _ticks(series), 0)


TickUnit = Literal["s", "ms", "us", "ns"]


def tick_unit(dtype: Any) -> TickUnit:
    """The unit (``s``, ``ms``, ``us``, ``ns``) of a datetime or timedelta dtype, zoned ones included."""
    unit = str(np.datetime_data(getattr(dtype, "base", dtype))[0])
    if unit not in _TICKS_PER_SECOND:
        raise ValueError(f"unsupported time unit {unit!r} of {dtype}")
    return cast(TickUnit, unit)


def time_step(ticks: np.ndarray, dtype: Any) -> float:
    """The coarsest whole day, hour, minute or second (in ticks of ``dtype``'s unit) every value is on, else 1."""
    per_second = _TICKS_PER_SECOND[tick_unit(dtype)]
    for seconds in _STEPS_SECONDS:
        if not np.any(np.mod(ticks, seconds * per_second)):
            return float(seconds * per_second)
    return 1.0


def _step(present: np.ndarray, column: ColumnSchema, dtype: Any) -> float:
    """The rounding step of sampled values: 1 for integers, the coarsest whole time unit for times, and
    ``10**-d`` for decimals written with at most ``d`` places (:data:`MAX_DECIMALS`), so a column of
    ``22.59`` and ``14.2`` comes back with two places, not as ``18.652803950309607``."""
    if dtype.kind in "mM":
        return time_step(present, dtype)
    if column.kind is ColumnKind.INTEGER or pd.api.types.is_integer_dtype(dtype):
        return 1.0
    finite = present[np.isfinite(present)]
    representation = 8 * np.finfo(float).eps * np.abs(finite)  # what a float of that size cannot tell apart
    for places in range(MAX_DECIMALS + 1) if len(finite) else ():
        if np.all(np.abs(finite - np.round(finite, places)) <= np.maximum(1e-3 * 10.0**-places, representation)):
            return 10.0**-places
    return 0.0


def _bound(value: Any, series: pd.Series, origin: int, fallback: float) -> float:
    """A public bound in the column's float scale (times accepted as anything pandas parses)."""
    if value is None:
        return fallback
    if series.dtype.kind in "mM":
        one: pd.Series = pd.Series([value]).astype(object)
        if isinstance(series.dtype, pd.DatetimeTZDtype):
            stamp = pd.to_datetime(one)
            zone = series.dtype.tz
            one = stamp.dt.tz_localize(zone) if stamp.dt.tz is None else stamp.dt.tz_convert(zone)
        ticks = _ticks(one.astype(series.dtype))
        return fallback if ticks is None else float(ticks[0] - origin)
    return float(value)


def _integers(x: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """Round to integers of ``dtype``, clipped to what it can hold."""
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        x = np.clip(x, float(info.min), np.nextafter(float(info.max), -np.inf))
    return np.rint(x).astype(dtype)


def _from_relative(x: np.ndarray, origin: int, column: ColumnSchema, missing: np.ndarray | None) -> pd.Series:
    """Float values back to the column's exact dtype, null where ``missing``."""
    dtype: Any = pd.api.types.pandas_dtype(column.dtype)
    if dtype.kind in "mM":
        unit = np.datetime_data(getattr(dtype, "base", dtype))[0]
        ticks = x.astype(np.int64) + origin
        if missing is not None:
            ticks[missing] = np.iinfo(np.int64).min  # NaT
        if isinstance(dtype, pd.DatetimeTZDtype):
            wall = pd.Series(ticks.view(f"M8[{unit}]"))
            standard = np.zeros(len(wall), dtype=bool)  # ambiguous wall times read as standard time
            return wall.dt.tz_localize(dtype.tz, ambiguous=standard, nonexistent="shift_forward")
        return pd.Series(ticks.view(f"{dtype.kind}8[{unit}]"))
    if isinstance(dtype, pd.api.extensions.ExtensionDtype) and pd.api.types.is_integer_dtype(dtype):
        mask = np.zeros(len(x), dtype=bool) if missing is None else missing
        return pd.Series(pd.arrays.IntegerArray(_integers(x, np.dtype(dtype.type)), mask))
    if pd.api.types.is_integer_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
        series = pd.Series(_integers(x, np.dtype(dtype)))
        return series if missing is None else series.where(~missing)
    if missing is not None:
        x = np.where(missing, np.nan, x)
    return pd.Series(x).astype(dtype)

"""The public column domain every site computes its statistics on.

A domain fixes, per column, what a site may count: the vocabulary of a categorical column, or
the bounds, histogram bin edges and public point masses of a numeric one. Statistics computed
on the same domain add up exactly across sites. A domain is either given by the user (a data
dictionary, the only choice covered by the privacy guarantee) or declared by the sites
(:meth:`Domain.infer` on local data, bounds rounded outward to one significant digit) and
merged by the coordinator.

Example::

    >>> domain = Domain.infer(load_adult_sample(), bins=32)   # ages 17..90 become 10..90
    >>> domain["age"].edges[:3], domain["sex"].vocabulary
    ((9.5, 12.03125, 14.5625), ['Female', 'Male'])
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from genesis.errors import ConfigError, ValidationError
from genesis.generators.columns import ColumnModel, NumericColumn, TickUnit, numeric_axis, tick_unit, time_step
from genesis.generators.families import family_ppf
from genesis.schema import ColumnKind, ColumnSchema, Scalar, Schema, infer_schema

__all__ = ["ColumnDomain", "Domain"]

#: Integer columns whose public range has at most this many values are modelled value by value.
MAX_DISCRETE_VALUES = 32
#: A value holding at least this share of a column's rows is declared as a public point mass.
ATOM_SHARE = 0.05
_NUMERIC = (ColumnKind.CONTINUOUS, ColumnKind.INTEGER, ColumnKind.DATETIME)


@dataclass(frozen=True)
class ColumnDomain:
    """One column's public domain.

    ``column`` carries the name, kind and dtype (its ``null_rate`` is not used). Numeric
    columns have bin ``edges`` (empty when every value is a point mass) and ``atoms``;
    categorical ones have ``column.categories`` as their vocabulary. Cells are the atoms, then
    the bins (or the vocabulary), then one cell for missing values.
    """

    column: ColumnSchema
    edges: tuple[float, ...] = ()
    atoms: tuple[float, ...] = ()
    step: float = 0.0

    @property
    def name(self) -> str:
        """The column name."""
        return self.column.name

    @property
    def numeric(self) -> bool:
        """Whether the column is modelled as a number (else as categories)."""
        return self.column.kind in _NUMERIC

    @property
    def vocabulary(self) -> list[Scalar]:
        """The categories of a categorical column (JSON scalars)."""
        return list(self.column.categories or [])

    @property
    def bounds(self) -> tuple[float, float]:
        """The public (lower, upper) range of a numeric column."""
        points = [*self.edges, *self.atoms]
        return (min(points), max(points))

    @property
    def n_cells(self) -> int:
        """Cells of the count vector, the missing-value cell included."""
        if self.numeric:
            return len(self.atoms) + max(len(self.edges) - 1, 0) + 1
        return len(self.vocabulary) + 1

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dictionary."""
        column = self.column.to_dict()
        return {"column": column, "edges": list(self.edges), "atoms": list(self.atoms), "step": self.step}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ColumnDomain:
        """Rebuild a column domain from :meth:`to_dict` output."""
        return cls(
            ColumnSchema.from_dict(data["column"]),
            tuple(float(e) for e in data["edges"]),
            tuple(float(a) for a in data["atoms"]),
            float(data["step"]),
        )


@dataclass(frozen=True)
class Domain:
    """The public domain of a table: column domains in table order."""

    columns: tuple[ColumnDomain, ...]

    def __post_init__(self) -> None:
        if not self.columns:
            raise ConfigError("a federated domain needs at least one column")
        names = [c.name for c in self.columns]
        if len(set(names)) != len(names):
            raise ConfigError(f"column names must be unique in a domain: {names}")

    def __getitem__(self, name: str) -> ColumnDomain:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"no column '{name}' in the federated domain")

    def __iter__(self) -> Iterator[ColumnDomain]:
        return iter(self.columns)

    def __len__(self) -> int:
        return len(self.columns)

    @property
    def names(self) -> list[str]:
        """Column names in table order."""
        return [c.name for c in self.columns]

    @classmethod
    def infer(cls, data: pd.DataFrame, *, bins: int = 32) -> Domain:
        """Declare the domain of ``data``: coarse bounds, ``bins`` equal-width bins, frequent values as atoms.

        Identifier and free-text columns are left out (sites never share their values); datetime
        columns are time on a public range rounded outward to whole years, in ticks of their unit.
        """
        if bins < 1:
            raise ConfigError(f"bins must be at least 1, got {bins}")
        schema = infer_schema(data)
        columns: list[ColumnDomain] = []
        for column in schema:
            if column.kind in (ColumnKind.IDENTIFIER, ColumnKind.TEXT):
                continue
            if column.kind is ColumnKind.DATETIME and data[column.name].dtype.kind != "M":
                raise ConfigError(f"column '{column.name}': dates written as text; read the table with "
                                  "genesis.io.read_table or convert the column with pandas.to_datetime")  # fmt: skip
            if data[column.name].dtype.kind == "m":
                raise ConfigError(f"column '{column.name}': timedeltas are not supported by federated training; "
                                  "convert them to numbers (e.g. .dt.total_seconds())")  # fmt: skip
            column = replace(column, null_rate=0.0, minimum=None, maximum=None, n_unique=0)
            if column.kind in _NUMERIC:
                columns.append(_numeric_domain(column, data[column.name], bins))
            else:
                if column.kind is ColumnKind.CONSTANT:
                    column = replace(column, kind=ColumnKind.CATEGORICAL)
                columns.append(ColumnDomain(column))
        if not columns:
            raise ValidationError("the data has no column federated training can model")
        return cls(tuple(columns))

    @classmethod
    def declare(
        cls,
        schema: Schema,
        *,
        bounds: Mapping[str, tuple[float, float]],
        categories: Mapping[str, Iterable[Scalar]],
        atoms: Mapping[str, Iterable[float]] | None = None,
        bins: int = 32,
    ) -> Domain:
        """A public domain from declarations: ``bounds`` of every numeric column, ``categories`` of every
        categorical one (booleans default to ``[False, True]``) and optional public point masses ``atoms``.

        Only the column names, kinds and dtypes come from ``schema``; nothing else of the data is used, so
        the domain is covered by the privacy guarantee. Identifier columns are left out.
        """
        if bins < 1:
            raise ConfigError(f"bins must be at least 1, got {bins}")
        declared_atoms = {str(k): tuple(float(a) for a in v) for k, v in (atoms or {}).items()}
        columns: list[ColumnDomain] = []
        undeclared: list[str] = []
        for column in schema:
            if column.kind is ColumnKind.IDENTIFIER:
                continue
            if column.kind is ColumnKind.DATETIME:
                raise ConfigError(f"column '{column.name}': datetime columns are not supported (convert to numbers)")
            column = replace(column, null_rate=0.0, minimum=None, maximum=None, n_unique=0)
            if column.kind in _NUMERIC:
                if column.name not in bounds:
                    undeclared.append(f"bounds of '{column.name}'")
                    continue
                lower, upper = (float(v) for v in bounds[column.name])
                columns.append(_declared_numeric(column, lower, upper, declared_atoms.get(column.name, ()), bins))
                continue
            default = [False, True] if column.kind is ColumnKind.BOOLEAN else None
            vocabulary = categories.get(column.name, default)
            if vocabulary is None:
                undeclared.append(f"categories of '{column.name}'")
                continue
            kind = ColumnKind.CATEGORICAL if column.kind is ColumnKind.CONSTANT else column.kind
            columns.append(ColumnDomain(replace(column, kind=kind, categories=list(vocabulary))))
        if undeclared:
            raise ConfigError(f"a public domain must declare the {', '.join(undeclared)}")
        if not columns:
            raise ValidationError("the data has no column a public domain can describe")
        return cls(tuple(columns))

    @classmethod
    def merge(cls, domains: Iterable[Domain], *, bins: int = 32) -> Domain:
        """The union of declared domains: every column, widest bounds, all atoms and categories."""
        merged: dict[str, ColumnDomain] = {}
        for domain in domains:
            for column in domain:
                known = merged.get(column.name)
                merged[column.name] = column if known is None else _merge_column(known, column, bins)
        return cls(tuple(merged.values()))

    def refined(self, models: Mapping[str, ColumnModel]) -> Domain:
        """Bins moved to the quantiles of the fitted continuous parts (equal-mass bins), atoms kept."""
        columns = []
        for column in self.columns:
            model = models.get(column.name)
            if not (isinstance(model, NumericColumn) and model.marginal.family and len(column.edges) > 2):
                columns.append(column)
                continue
            levels = np.linspace(0.0, 1.0, len(column.edges))
            inner = family_ppf(model.marginal.family, levels[1:-1], model.marginal.params)
            edges = np.unique(np.concatenate(([column.edges[0]], np.asarray(inner, dtype=float), [column.edges[-1]])))
            edges = edges[(edges >= column.edges[0]) & (edges <= column.edges[-1])]
            columns.append(replace(column, edges=tuple(float(e) for e in edges)) if len(edges) > 1 else column)
        return Domain(tuple(columns))

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dictionary."""
        return {"columns": [c.to_dict() for c in self.columns]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Domain:
        """Rebuild a domain from :meth:`to_dict` output."""
        try:
            return cls(tuple(ColumnDomain.from_dict(c) for c in data["columns"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationError(f"invalid federated domain: {type(exc).__name__}: {exc}") from exc

    def digest(self) -> str:
        """A short hash identifying the domain, so every site can check it computes on the same one."""
        text = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def _outward(value: float, up: bool) -> float:
    """``value`` rounded away from the data to one significant digit (17 -> 10, 90 -> 100 when rounding up)."""
    if value == 0 or not math.isfinite(value):
        return 0.0 if value == 0 else value
    scale = 10.0 ** math.floor(math.log10(abs(value)))
    return float((math.ceil if up else math.floor)(value / scale) * scale)


def _numeric_domain(column: ColumnSchema, series: pd.Series, bins: int) -> ColumnDomain:
    x = numeric_axis(series)
    x = x[~np.isnan(x)]
    if column.kind is ColumnKind.DATETIME:
        return _time_domain(column, series, x, bins)
    integer = column.kind is ColumnKind.INTEGER or pd.api.types.is_integer_dtype(series.dtype)
    step = 1.0 if integer else 0.0
    if not len(x):
        return ColumnDomain(column, atoms=(0.0,), step=step)
    lower, upper = _outward(float(x.min()), up=False), _outward(float(x.max()), up=True)
    if integer and upper - lower + 1 <= MAX_DISCRETE_VALUES:
        return ColumnDomain(column, atoms=tuple(np.arange(lower, upper + 1.0).tolist()), step=step)
    values, counts = np.unique(x, return_counts=True)
    atoms = tuple(float(v) for v in values[counts >= ATOM_SHARE * len(x)])
    return ColumnDomain(column, edges=_edges(lower, upper, bins, integer), atoms=atoms, step=step)


def _time_domain(column: ColumnSchema, series: pd.Series, ticks: np.ndarray, bins: int) -> ColumnDomain:
    """A datetime column's domain: from the start of its first year to the start of the year after its last,
    in ticks of its unit, stepped by the coarsest whole unit its values are on."""
    dtype = series.dtype
    step = time_step(ticks, dtype) if len(ticks) else 1.0
    unit = tick_unit(dtype)
    first = pd.Timestamp(int(ticks.min()), unit=unit) if len(ticks) else pd.Timestamp("2000-01-01")
    last = pd.Timestamp(int(ticks.max()), unit=unit) if len(ticks) else first
    lower, upper = _year_start(first.year, unit), _year_start(last.year + 1, unit)
    values, counts = np.unique(ticks, return_counts=True)
    atoms = tuple(float(v) for v in values[counts >= ATOM_SHARE * max(len(ticks), 1)])
    return ColumnDomain(column, edges=_edges(lower, upper, bins, False), atoms=atoms, step=step)


def _year_start(year: int, unit: TickUnit) -> float:
    """Ticks of ``unit`` from the epoch to 1 January of ``year``."""
    start = pd.Timestamp(year=year, month=1, day=1).as_unit(unit)
    return float(start.asm8.view(np.int64))


def _declared_numeric(
    column: ColumnSchema, lower: float, upper: float, atoms: tuple[float, ...], bins: int
) -> ColumnDomain:
    if not lower <= upper:
        raise ConfigError(f"bounds of '{column.name}': lower {lower} is above upper {upper}")
    integer = column.kind is ColumnKind.INTEGER or pd.api.types.is_integer_dtype(
        pd.api.types.pandas_dtype(column.dtype)
    )
    step = 1.0 if integer else 0.0
    if integer and upper - lower + 1 <= MAX_DISCRETE_VALUES:
        return ColumnDomain(
            column, atoms=tuple(np.arange(math.ceil(lower), math.floor(upper) + 1.0).tolist()), step=step
        )
    return ColumnDomain(column, edges=_edges(lower, upper, bins, integer), atoms=atoms, step=step)


def _edges(lower: float, upper: float, bins: int, integer: bool) -> tuple[float, ...]:
    if integer:  # whole numbers sit inside bins, not on their edges
        lower, upper = lower - 0.5, upper + 0.5
    if upper <= lower:
        upper = lower + 1.0
    return tuple(float(e) for e in np.linspace(lower, upper, bins + 1))


def _merge_column(first: ColumnDomain, second: ColumnDomain, bins: int) -> ColumnDomain:
    if first.numeric != second.numeric:
        raise ConfigError(f"column '{first.name}' is numeric at one site and categorical at another")
    if ColumnKind.DATETIME in (first.column.kind, second.column.kind):
        return _merge_times(first, second, bins)
    if not first.numeric:
        vocabulary = _sorted_vocabulary(dict.fromkeys([*first.vocabulary, *second.vocabulary]))
        return replace(first, column=replace(first.column, categories=vocabulary))
    integer = bool(first.step and second.step)
    column = replace(
        first.column,
        dtype=first.column.dtype if first.column.dtype == second.column.dtype else "float64",
        kind=ColumnKind.INTEGER if integer else ColumnKind.CONTINUOUS,
    )
    step = 1.0 if integer else 0.0
    lower = min(_value_bounds(first)[0], _value_bounds(second)[0])
    upper = max(_value_bounds(first)[1], _value_bounds(second)[1])
    if not first.edges and not second.edges:
        if integer and upper - lower + 1 <= MAX_DISCRETE_VALUES:
            return ColumnDomain(column, atoms=tuple(np.arange(lower, upper + 1.0).tolist()), step=step)
        if not integer:
            return ColumnDomain(column, atoms=tuple(sorted({*first.atoms, *second.atoms})), step=step)
    frequent = {a for c in (first, second) if c.edges for a in c.atoms}  # value-by-value atoms are not frequent ones
    return ColumnDomain(column, edges=_edges(lower, upper, bins, integer), atoms=tuple(sorted(frequent)), step=step)


def _merge_times(first: ColumnDomain, second: ColumnDomain, bins: int) -> ColumnDomain:
    if first.column.kind != second.column.kind or first.column.dtype != second.column.dtype:
        raise ConfigError(f"column '{first.name}' is {first.column.dtype} at one site and "
                          f"{second.column.dtype} at another; declare one dtype")  # fmt: skip
    lower, upper = min(first.bounds[0], second.bounds[0]), max(first.bounds[1], second.bounds[1])
    step = float(np.gcd(int(first.step), int(second.step))) if first.step and second.step else 1.0
    atoms = tuple(sorted({*first.atoms, *second.atoms}))
    return ColumnDomain(first.column, edges=_edges(lower, upper, bins, False), atoms=atoms, step=step)


def _value_bounds(column: ColumnDomain) -> tuple[float, float]:
    """The range of values (integer bins reach half a unit beyond it on each side)."""
    if column.step and column.edges:
        return column.edges[0] + 0.5, column.edges[-1] - 0.5
    return column.bounds


def _sorted_vocabulary(values: Iterable[Scalar]) -> list[Scalar]:
    """Values in their natural order when they are all numbers or all text, else ordered by their text."""
    distinct = list(values)
    texts = [v for v in distinct if isinstance(v, str)]
    numbers = [v for v in distinct if isinstance(v, int | float)]
    if len(texts) == len(distinct):
        return [*sorted(texts)]
    if len(numbers) == len(distinct):
        return [*sorted(numbers)]
    return sorted(distinct, key=str)

"""What each column of a table is: the schema every Genesis stage is grounded in.

:func:`infer_schema` looks at a frame and decides, per column, a :class:`ColumnKind` plus the
facts later stages need (dtype, null rate, bounds, categories). The NL parser, ``genesis
discover``, the dashboard, lineage and the generators all read the same :class:`Schema`, and
it travels as JSON through :meth:`Schema.to_dict` / :meth:`Schema.from_dict`.

Example::

    >>> import pandas as pd
    >>> schema = infer_schema(pd.DataFrame({"age": [31, 45, 27], "city": ["Oslo", "Rome", "Oslo"]}))
    >>> schema["age"].kind, schema["city"].categories
    (<ColumnKind.INTEGER: 'integer'>, ['Oslo', 'Rome'])
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from genesis.constraints import Constraint, constraint_from_dict, detect_inequalities
from genesis.errors import ConfigError, ValidationError
from genesis.text_types import parse_text

__all__ = ["ColumnKind", "ColumnSchema", "Schema", "infer_schema", "to_json_scalar"]

#: Text or integer columns unique on every row (with at least this many values) are identifiers.
IDENTIFIER_MIN_ROWS = 20
#: Text columns whose distinct values exceed this share of non-null rows are high-cardinality text.
HIGH_CARDINALITY_SHARE = 0.5
#: ... provided they also have more distinct values than this.
HIGH_CARDINALITY_MIN_UNIQUE = 50

_ID_NAME = re.compile(r"(^|[_\W])(id|uuid|guid|key|code|number|num)$|^id[_\W]|Id$|ID$|^(index|idx|Unnamed: 0)$")
#: Integer columns named like a period or a count of time stay integers even when unique and sequential.
_PERIOD_NAME = re.compile(r"year|yr|month|week|day|quarter|period|season|decade|century|age|hour|minute", re.I)
_ORDERED_KINDS = frozenset({"continuous", "integer", "datetime"})
#: Text values that look like codes (no spaces, some digits or a fixed length) make a unique column an identifier.
CODE_SHARE = 0.8


class ColumnKind(enum.StrEnum):
    """The statistical nature of a column, which decides how it is modelled."""

    CONTINUOUS = "continuous"
    INTEGER = "integer"
    CATEGORICAL = "categorical"
    BOOLEAN = "boolean"
    DATETIME = "datetime"
    IDENTIFIER = "identifier"
    TEXT = "text"
    CONSTANT = "constant"


Scalar = float | int | str | bool | None


def to_json_scalar(value: Any) -> Scalar:
    """Return ``value`` as a JSON-safe scalar: numpy scalars unwrapped, times as ISO text, NaN and inf as None."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, pd.Timedelta | dt.timedelta):
        return pd.Timedelta(value).isoformat()
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, bool | int | str):
        return value
    return str(value)


@dataclass
class ColumnSchema:
    """One column: its kind, dtype and the facts inferred from the data.

    ``minimum``/``maximum`` are numbers for numeric kinds, ISO strings for datetimes and None
    otherwise; ``categories`` lists the possible values of categorical, boolean and constant
    columns (a category dtype's full category list, in its order), None otherwise.
    """

    name: str
    kind: ColumnKind
    dtype: str
    null_rate: float
    minimum: float | str | None = None
    maximum: float | str | None = None
    categories: list[Scalar] | None = None
    n_unique: int = 0
    ordered: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dictionary."""
        data = asdict(self)
        data["kind"] = str(self.kind)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ColumnSchema:
        """Rebuild a column schema from :meth:`to_dict` output."""
        try:
            values = dict(data)
            values["kind"] = ColumnKind(values["kind"])
            return cls(**values)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationError(f"invalid column schema {dict(data)!r}: {exc}") from exc


@dataclass
class Schema:
    """The columns of a table, in order, keyed by name, and the rules between them (see
    :mod:`genesis.constraints`) that every generated row keeps."""

    columns: dict[str, ColumnSchema]
    n_rows: int = 0
    constraints: list[Constraint] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        """Column names in table order."""
        return list(self.columns)

    def __getitem__(self, name: str) -> ColumnSchema:
        try:
            return self.columns[name]
        except KeyError:
            raise KeyError(f"no column '{name}' in schema (columns: {', '.join(self.columns)})") from None

    def __iter__(self) -> Iterator[ColumnSchema]:
        return iter(self.columns.values())

    def __len__(self) -> int:
        return len(self.columns)

    def __contains__(self, name: object) -> bool:
        return name in self.columns

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dictionary."""
        return {"n_rows": self.n_rows, "columns": [c.to_dict() for c in self.columns.values()],
                "constraints": [c.to_dict() for c in self.constraints]}  # fmt: skip

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Schema:
        """Rebuild a schema from :meth:`to_dict` output."""
        if "columns" not in data:
            raise ValidationError("schema dictionary has no 'columns'")
        if not isinstance(data["columns"], list):
            raise ValidationError("schema 'columns' must be a list of column mappings")
        columns = [ColumnSchema.from_dict(c) for c in data["columns"]]
        constraints = [constraint_from_dict(c) for c in data.get("constraints") or []]
        return cls(columns={c.name: c for c in columns}, n_rows=int(data.get("n_rows", 0)), constraints=constraints)


def infer_schema(
    data: pd.DataFrame,
    overrides: Mapping[str, ColumnKind | str | Mapping[str, Any]] | None = None,
    *,
    detect_constraints: bool = False,
) -> Schema:
    """Infer the schema of ``data``; ``overrides`` fix a column's kind or any of its fields.

    An override is a kind (``"categorical"``) or a mapping of :class:`ColumnSchema` fields
    (``{"kind": "integer", "minimum": 0}``). Facts that depend on the kind (bounds,
    categories) are recomputed for an overridden kind before explicit fields apply.
    With ``detect_constraints``, orderings that hold on every row between numeric or datetime
    columns become constraints (:func:`genesis.constraints.detect_inequalities`).
    """
    if not isinstance(data, pd.DataFrame):
        raise ValidationError(f"infer_schema needs a pandas DataFrame, got {type(data).__name__}")
    if not data.columns.is_unique:
        raise ValidationError(f"column names must be unique: {list(data.columns[data.columns.duplicated()])}")
    overrides = dict(overrides or {})
    unknown = [name for name in overrides if name not in data.columns]
    if unknown:
        raise ConfigError(f"schema overrides name unknown columns: {unknown}")
    columns: dict[str, ColumnSchema] = {}
    for name in data.columns:
        series = data[name]
        fields = _override_fields(str(name), overrides.get(name))
        kind = fields.pop("kind", None) or _infer_kind(str(name), series)
        if kind is ColumnKind.DATETIME and series.dtype.kind != "M":
            series = parse_text(series)  # dates written as text: described (and later modelled) as dates
        column = _describe(str(name), series, kind)
        columns[str(name)] = replace(column, **fields) if fields else column
    constraints: list[Constraint] = []
    if detect_constraints:
        ordered = [c.name for c in columns.values() if c.kind in _ORDERED_KINDS and c.n_unique > 1]
        constraints = list(detect_inequalities(data.set_axis([str(c) for c in data.columns], axis=1), ordered))
    return Schema(columns=columns, n_rows=len(data), constraints=constraints)


def _override_fields(name: str, override: ColumnKind | str | Mapping[str, Any] | None) -> dict[str, Any]:
    if override is None:
        return {}
    fields = {"kind": override} if isinstance(override, str) else dict(override)
    allowed = set(ColumnSchema.__dataclass_fields__) - {"name", "dtype"}
    bad = sorted(set(fields) - allowed)
    if bad:
        raise ConfigError(f"schema override for '{name}' has unknown fields {bad} (allowed: {sorted(allowed)})")
    if "kind" in fields:
        try:
            fields["kind"] = ColumnKind(fields["kind"])
        except ValueError:
            kinds = ", ".join(k.value for k in ColumnKind)
            raise ConfigError(f"schema override for '{name}': unknown kind {fields['kind']!r} ({kinds})") from None
    return fields


def _infer_kind(name: str, series: pd.Series) -> ColumnKind:
    values = series.dropna()
    dtype = series.dtype
    try:
        n_unique = int(values.nunique())
    except TypeError:  # unhashable objects: treat as text
        return ColumnKind.CATEGORICAL
    if n_unique <= 1:
        return ColumnKind.CONSTANT
    if pd.api.types.is_bool_dtype(dtype) or (pd.api.types.is_object_dtype(dtype) and _all_bool(values)):
        return ColumnKind.BOOLEAN
    if isinstance(dtype, pd.CategoricalDtype):
        return ColumnKind.CATEGORICAL
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return ColumnKind.DATETIME
    unique_per_row = n_unique == len(values) and len(values) >= IDENTIFIER_MIN_ROWS
    if pd.api.types.is_integer_dtype(dtype):
        return ColumnKind.IDENTIFIER if unique_per_row and _integer_ids(name, values) else ColumnKind.INTEGER
    if pd.api.types.is_float_dtype(dtype):
        numbers = values.to_numpy(dtype=float)
        whole = bool(np.all(np.mod(numbers[np.isfinite(numbers)], 1.0) == 0.0))
        return ColumnKind.INTEGER if whole and n_unique > 2 else ColumnKind.CONTINUOUS
    if pd.api.types.is_timedelta64_dtype(dtype):
        return ColumnKind.CONTINUOUS
    if pd.api.types.is_string_dtype(dtype) or pd.api.types.is_object_dtype(dtype):
        dates = parse_text(values)
        if dates.dtype.kind == "M":
            return ColumnKind.DATETIME
    high_cardinality = n_unique > HIGH_CARDINALITY_MIN_UNIQUE and n_unique > HIGH_CARDINALITY_SHARE * len(values)
    if not (unique_per_row or high_cardinality):
        return ColumnKind.CATEGORICAL
    if _ID_NAME.search(name):
        return ColumnKind.IDENTIFIER
    if _code_like(values):  # unique codes are identifiers; repeated ones (years, 'Ancient') are categories
        return ColumnKind.IDENTIFIER if n_unique == len(values) else ColumnKind.CATEGORICAL
    return ColumnKind.TEXT


def _integer_ids(name: str, values: pd.Series) -> bool:
    """Unique integers are identifiers when named so, or when they count rows from 0 or 1 and are not
    named like a period (``year``, ``month``...); years 1950-2010 stay integers."""
    if _ID_NAME.search(name):
        return True
    sequential = int(values.max()) - int(values.min()) + 1 == len(values)
    return sequential and int(values.min()) in (0, 1) and not _PERIOD_NAME.search(name)


def _code_like(values: pd.Series) -> bool:
    """Whether text looks like codes (``C-0042``, ``a3f9e1``, ``JFK``) rather than words: no spaces, and
    digits or one length on most values."""
    text = values.astype(str).head(1000)
    no_space = ~text.str.contains(r"\s", regex=True)
    digits = text.str.contains(r"\d", regex=True)
    fixed = text.str.len().value_counts(normalize=True).iloc[0] >= CODE_SHARE
    return bool(no_space.mean() >= CODE_SHARE and (digits.mean() >= CODE_SHARE or fixed))


def _describe(name: str, series: pd.Series, kind: ColumnKind) -> ColumnSchema:
    values = series.dropna()
    null_rate = float(series.isna().mean()) if len(series) else 0.0
    try:
        n_unique = int(values.nunique())
    except TypeError:
        n_unique = int(values.astype(str).nunique())
    column = ColumnSchema(name=name, kind=kind, dtype=str(series.dtype), null_rate=null_rate, n_unique=n_unique)
    if isinstance(series.dtype, pd.CategoricalDtype):
        column.ordered = bool(series.dtype.ordered)
        column.extra["categories_dtype"] = str(series.dtype.categories.dtype)
    if kind in (ColumnKind.CONTINUOUS, ColumnKind.INTEGER, ColumnKind.DATETIME) and len(values):
        with contextlib.suppress(TypeError):
            column.minimum, column.maximum = to_json_scalar(values.min()), to_json_scalar(values.max())
    if kind in (ColumnKind.CATEGORICAL, ColumnKind.BOOLEAN, ColumnKind.CONSTANT):
        column.categories = _categories(series)
    return column


def _categories(series: pd.Series) -> list[Scalar]:
    """Distinct non-null values: a category dtype's own list, else sorted when comparable."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return [to_json_scalar(v) for v in series.dtype.categories]
    values = series.dropna()
    try:
        distinct: list[Any] = list(pd.unique(values))
    except TypeError:
        distinct = list(pd.unique(values.astype(str)))
    try:
        ordered = sorted(distinct)
    except TypeError:
        ordered = sorted(distinct, key=str)
    return [to_json_scalar(v) for v in ordered]


def _all_bool(values: pd.Series) -> bool:
    return bool(values.map(lambda v: isinstance(v, bool | np.bool_)).all())

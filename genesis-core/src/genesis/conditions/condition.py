"""One filter condition, ``Condition(column, operator, value)``, and its JSON form."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from genesis.conditions.masking import series_mask
from genesis.conditions.operators import LIST_OPERATORS, normalize_operator
from genesis.errors import ValidationError

__all__ = ["Condition", "json_value"]

_SYMBOLS = {"eq": "==", "ne": "!=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


def _is_null(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float | np.floating) and math.isnan(value)


def _scalar(column: str, operator: str, value: Any) -> Any:
    """Validate one comparison value: a non-null scalar, numpy scalars unwrapped."""
    if _is_null(value):
        raise ValidationError(
            f"condition on '{column}' ({operator}) compares with a null; nulls never match a comparison"
        )
    if isinstance(value, list | tuple | set | frozenset | dict | np.ndarray | pd.Series):
        raise ValidationError(f"condition on '{column}' ({operator}) needs a single value, got {value!r}")
    return value.item() if isinstance(value, np.generic) else value


def _values(column: str, operator: str, value: Any) -> tuple[Any, ...]:
    """Validate the list of an ``in``/``not_in`` condition."""
    if isinstance(value, str | bytes | Mapping) or not hasattr(value, "__iter__"):
        raise ValidationError(f"'{operator}' on '{column}' needs a list of values, got the scalar {value!r}")
    items = tuple(_scalar(column, operator, v) for v in value)
    if not items:
        raise ValidationError(f"'{operator}' on '{column}' needs at least one value")
    return items


def _bounds(column: str, value: Any) -> tuple[Any, Any]:
    """Validate a ``between`` pair: two values with ``low <= high``."""
    if isinstance(value, str | bytes | Mapping) or not hasattr(value, "__len__") or len(value) != 2:
        raise ValidationError(f"'between' on '{column}' needs a pair (low, high), got {value!r}")
    low, high = (_scalar(column, "between", v) for v in value)
    try:
        inverted = bool(high < low)
    except TypeError:
        raise ValidationError(f"'between' on '{column}': bounds {low!r} and {high!r} are not comparable") from None
    if inverted:
        raise ValidationError(f"'between' on '{column}': low {low!r} is greater than high {high!r}")
    return low, high


def json_value(value: Any) -> Any:
    """A JSON-safe form of a condition value: tuples as lists, dates and times as ISO text."""
    if isinstance(value, tuple):
        return [json_value(v) for v in value]
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, pd.Timedelta | dt.timedelta):
        return pd.Timedelta(value).isoformat()
    if isinstance(value, np.datetime64):
        return pd.Timestamp(value).isoformat()
    return value


@dataclass(frozen=True)
class Condition:
    """A single filter condition: ``Condition("age", ">=", 21)``.

    Operators: ``eq ne gt gte lt lte in not_in between like`` (plus ``ilike``, LIKE ignoring
    case); aliases ``== != > >= < <= ge le`` are normalised. ``between`` is inclusive. Nulls
    never match. ``value`` is a scalar, a list for ``in``/``not_in``, a pair for ``between``.
    """

    column: str
    operator: str
    value: Any

    def __post_init__(self) -> None:
        if not isinstance(self.column, str) or not self.column:
            raise ValidationError(f"a condition's column must be a non-empty string, got {self.column!r}")
        operator = normalize_operator(self.operator)
        if operator in LIST_OPERATORS:
            value: Any = _values(self.column, operator, self.value)
        elif operator == "between":
            value = _bounds(self.column, self.value)
        else:
            value = _scalar(self.column, operator, self.value)
            if operator in ("like", "ilike") and not isinstance(value, str):
                raise ValidationError(f"'{operator}' on '{self.column}' needs a text pattern, got {value!r}")
        object.__setattr__(self, "operator", operator)
        object.__setattr__(self, "value", value)

    def __str__(self) -> str:
        if self.operator == "between":
            return f"{self.column} between {self.value[0]!r} and {self.value[1]!r}"
        if self.operator in LIST_OPERATORS:
            return f"{self.column} {self.operator.replace('_', ' ')} {list(self.value)!r}"
        return f"{self.column} {_SYMBOLS.get(self.operator, self.operator)} {self.value!r}"

    def mask(self, df: pd.DataFrame) -> np.ndarray:
        """Boolean array, one entry per row of ``df``: does the row satisfy the condition?"""
        if self.column not in df.columns:
            raise ValidationError(
                f"condition on unknown column '{self.column}' (columns: {', '.join(map(str, df.columns))})"
            )
        return series_mask(df[self.column], self.column, self.operator, self.value)

    def apply(self, df: pd.DataFrame) -> pd.DataFrame:
        """The rows of ``df`` that satisfy the condition."""
        return df[self.mask(df)]

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe ``{"column", "operator", "value"}``; :meth:`from_dict` reverses it."""
        return {"column": self.column, "operator": self.operator, "value": json_value(self.value)}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Condition:
        """Rebuild a condition from :meth:`to_dict` output."""
        if not isinstance(d, Mapping) or set(d) != {"column", "operator", "value"}:
            raise ValidationError(f"a condition dictionary has exactly the keys column, operator, value; got {d!r}")
        return cls(d["column"], d["operator"], d["value"])

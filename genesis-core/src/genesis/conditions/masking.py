"""Vectorised evaluation of one condition on one column, with the dialect's type and null rules.

Rules: nulls never match (not even ``ne``/``not_in``); the value must have the column's type
(numbers for numeric columns, text for text, booleans for booleans, dates or ISO text for
datetimes), otherwise a :class:`~genesis.errors.ValidationError` names the mismatch.
"""

from __future__ import annotations

import datetime as dt
import numbers
import operator as ops
from typing import Any

import numpy as np
import pandas as pd

from genesis.conditions.operators import like_to_regex
from genesis.errors import ValidationError

__all__ = ["column_kind", "series_mask"]

_OBJECT_KINDS = {
    "string": "string", "boolean": "bool", "integer": "number", "floating": "number", "mixed-integer-float": "number",
    "decimal": "number", "datetime64": "datetime", "datetime": "datetime", "date": "datetime", "empty": "empty",
    "timedelta64": "timedelta", "timedelta": "timedelta",
}  # fmt: skip


def column_kind(series: pd.Series) -> str:
    """Classify a column as number, bool, string, datetime, timedelta, empty or mixed."""
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        dtype = dtype.categories.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_numeric_dtype(dtype):
        return "number"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "datetime"
    if pd.api.types.is_timedelta64_dtype(dtype):
        return "timedelta"
    if pd.api.types.is_string_dtype(dtype) and dtype.kind != "O":
        return "string"
    return _OBJECT_KINDS.get(pd.api.types.infer_dtype(series, skipna=True), "mixed")


def _coerce(column: str, kind: str, value: Any) -> Any:
    """Return ``value`` in the column's type or raise a ValidationError naming the mismatch."""
    if kind in ("mixed", "empty"):
        return value
    if kind == "number" and isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_):
        return value
    if kind == "bool" and isinstance(value, bool | np.bool_):
        return bool(value)
    if kind == "string" and isinstance(value, str):
        return value
    if kind == "datetime" and isinstance(value, str | dt.date | np.datetime64):
        try:
            return pd.Timestamp(value)
        except (ValueError, TypeError):
            pass
    if kind == "timedelta" and isinstance(value, str | dt.timedelta | np.timedelta64):
        try:
            return pd.Timedelta(value)
        except (ValueError, TypeError):
            pass
    raise ValidationError(
        f"type mismatch on column '{column}': it holds {kind} values but the condition compares it with "
        f"{type(value).__name__} {value!r}"
    )


def _as_comparable(series: pd.Series) -> pd.Series:
    """A categorical column compared through its values, not its codes."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        try:
            return series.astype(series.dtype.categories.dtype)
        except (TypeError, ValueError):
            return series.astype(object)
    return series


def _to_bool(result: Any) -> np.ndarray:
    if isinstance(result, pd.Series) and result.hasnans:
        result = result.fillna(False)
    return np.asarray(result, dtype=bool)


def series_mask(series: pd.Series, column: str, operator: str, value: Any) -> np.ndarray:
    """Boolean array: which entries of ``series`` satisfy ``column operator value`` (nulls never do)."""
    kind = column_kind(series)
    data = _as_comparable(series)
    present = series.notna().to_numpy(dtype=bool)
    if kind == "empty" or not present.any():
        return np.zeros(len(series), dtype=bool)
    try:
        if operator in ("like", "ilike"):
            if kind not in ("string", "mixed"):
                raise ValidationError(f"LIKE needs a text column, but column '{column}' holds {kind} values")
            regex = like_to_regex(value, case_sensitive=operator == "like")
            matched = data[present].map(lambda text: isinstance(text, str) and regex.fullmatch(text) is not None)
            out = np.zeros(len(series), dtype=bool)
            out[present] = np.asarray(matched, dtype=bool)
            return out
        if operator in ("in", "not_in"):
            options = [_coerce(column, kind, v) for v in value]
            hit = _to_bool(data.isin(options))
            return (hit if operator == "in" else ~hit) & present
        if operator == "between":
            low, high = (_coerce(column, kind, v) for v in value)
            return _to_bool((data >= low) & (data <= high)) & present
        target = _coerce(column, kind, value)
        compare = {"eq": ops.eq, "ne": ops.ne, "gt": ops.gt, "gte": ops.ge, "lt": ops.lt, "lte": ops.le}[operator]
        return _to_bool(compare(data, target)) & present
    except TypeError as exc:
        raise ValidationError(
            f"cannot compare column '{column}' ({series.dtype}) with {operator} {value!r}: {exc}"
        ) from exc

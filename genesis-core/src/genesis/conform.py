"""Bring a frame's columns to the dtypes a schema declares (dates written as text, numbers as text...).

A schema, inferred or loaded from a file written by ``genesis discover``, is the authority on what a
column is: :func:`conform` casts every column whose dtype differs, and refuses with the column and the
offending value named when a value cannot be read as declared.

Example::

    >>> conform(pd.DataFrame({"day": ["2024-01-05"]}), schema)["day"].dtype
    dtype('<M8[s]')
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from genesis.errors import ValidationError
from genesis.schema import ColumnSchema, Schema
from genesis.text_types import parse_text

__all__ = ["conform"]


def conform(frame: pd.DataFrame, schema: Schema) -> pd.DataFrame:
    """``frame`` with each column of ``schema`` cast to the schema's dtype (a copy where anything changes)."""
    missing = [name for name in schema.names if name not in frame.columns]
    if missing:
        raise ValidationError(f"the data has no columns {missing} named by the schema (it has {list(frame.columns)})")
    changed = {
        column.name: _cast(frame[column.name], column)
        for column in schema
        if str(frame[column.name].dtype) != column.dtype
    }
    return frame.assign(**changed) if changed else frame


def _cast(series: pd.Series, column: ColumnSchema) -> pd.Series:
    try:
        target: Any = pd.api.types.pandas_dtype(column.dtype)
    except TypeError:
        return series  # a dtype this pandas cannot name (written elsewhere): keep the data's own
    try:
        if target.kind == "M":
            return _datetimes(series, target)
        if pd.api.types.is_bool_dtype(target) and series.dtype.kind not in "biuf":
            series = parse_text(series)
        elif pd.api.types.is_numeric_dtype(target) and not pd.api.types.is_numeric_dtype(series.dtype):
            series = pd.to_numeric(series)
        return series.astype(target)
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"column '{column.name}' cannot be read as {column.dtype} ({column.kind}): {exc}") \
            from exc


def _datetimes(series: pd.Series, target: Any) -> pd.Series:
    if series.dtype.kind != "M":
        parsed = parse_text(series)
        series = parsed if parsed.dtype.kind == "M" else pd.to_datetime(series, format="mixed")
    zone = getattr(target, "tz", None)
    if zone is not None:
        series = series.dt.tz_localize(zone) if series.dt.tz is None else series.dt.tz_convert(zone)
    elif series.dt.tz is not None:
        series = series.dt.tz_localize(None)
    return series.astype(target)

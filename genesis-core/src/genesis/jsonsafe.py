"""One JSON encoding for everything Genesis emits as JSON (sinks, streaming, reports, REST).

Rules: NaN, infinities, ``None``, ``pd.NA`` and ``NaT`` become ``null``; numpy scalars become Python numbers;
timestamps and dates become ISO 8601 text (time zone kept); timedeltas ISO 8601 durations; ``Decimal`` a JSON
number; sets sorted lists; anything else its ``str``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["dumps", "frame_records", "json_lines", "to_jsonable"]


def to_jsonable(value: Any) -> Any:
    """Return ``value`` converted, recursively, to plain JSON-safe Python objects."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return to_jsonable(float(value))
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, pd.Timedelta | dt.timedelta):
        return pd.Timedelta(value).isoformat()
    if isinstance(value, dict):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted((to_jsonable(item) for item in value), key=repr)
    if isinstance(value, np.ndarray):
        return [to_jsonable(item) for item in value.tolist()]
    return str(value)


def dumps(value: Any, **kwargs: Any) -> str:
    """``json.dumps`` of :func:`to_jsonable` output; never emits ``NaN`` or ``Infinity``."""
    return json.dumps(to_jsonable(value), allow_nan=False, **kwargs)


def _column_values(series: pd.Series) -> list[Any]:
    """A column as JSON-safe Python values, converted per column rather than per cell where possible."""
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        text = series.map(lambda stamp: stamp.isoformat(), na_action="ignore")
        return text.astype(object).where(series.notna(), None).tolist()
    if pd.api.types.is_float_dtype(series.dtype) and not isinstance(series.dtype, pd.ArrowDtype):
        values = series.to_numpy(dtype=float, na_value=np.nan)
        return np.where(np.isfinite(values), values, None).tolist()
    if pd.api.types.is_bool_dtype(series.dtype) or pd.api.types.is_integer_dtype(series.dtype):
        return series.astype(object).where(series.notna(), None).tolist()
    return [to_jsonable(value) for value in series.astype(object).tolist()]


def frame_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as JSON-safe dicts, column names as text."""
    columns = [str(name) for name in frame.columns]
    values = [_column_values(frame[name]) for name in frame.columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)] if columns else [
        {} for _ in range(len(frame))
    ]


def json_lines(frame: pd.DataFrame) -> Iterator[str]:
    """One JSON document per row (no trailing newline)."""
    for record in frame_records(frame):
        yield json.dumps(record, allow_nan=False)

"""One JSON encoding for everything Genesis emits as JSON (sinks, streaming, reports, REST).

Rules: NaN, infinities, ``None``, ``pd.NA`` and ``NaT`` become ``null``; numpy scalars become Python numbers;
timestamps and dates become ISO 8601 text (time zone kept); timedeltas ISO 8601 durations; ``Decimal`` a JSON
number; sets sorted lists; anything else its ``str``.

Frames are encoded a column at a time (:func:`encode_rows`): numbers, flags and times in one vectorised pass,
text once per distinct value, so a row costs one string formatting instead of a JSON encoder call per cell.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

import numpy as np
import orjson
import pandas as pd

__all__ = [
    "column_values", "dumps", "encode_plain", "encode_rows", "frame_records", "json_lines", "jsonl_text", "to_jsonable",
]

_NULL = b"null"


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
    if isinstance(value, Mapping):
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


def encode_plain(value: Any) -> bytes:
    """Compact JSON bytes of a :func:`to_jsonable` result (integers beyond 64 bits included)."""
    try:
        return orjson.dumps(value)
    except TypeError:  # orjson refuses integers outside 64 bits; the standard encoder does not
        return json.dumps(value, allow_nan=False, separators=(",", ":"), ensure_ascii=False).encode()


def _time_text(series: pd.Series) -> np.ndarray:
    """ISO 8601 text of a datetime column as ``Timestamp.isoformat`` writes it (``None`` for NaT), vectorised.

    The fraction appears only when it is not zero: 6 digits, or 9 when there are nanoseconds; zoned columns
    carry their UTC offset per row (``+01:00``).
    """
    zone = getattr(series.dt, "tz", None)
    wall = series.dt.tz_localize(None) if zone is not None else series
    stamps = wall.to_numpy()
    missing = np.isnat(stamps)
    seconds = stamps.astype("datetime64[s]")
    fraction = (stamps - seconds).astype("timedelta64[ns]").astype(np.int64)
    text = np.datetime_as_string(seconds, unit="s").astype(object)
    if fraction.any():
        nanos = np.datetime_data(stamps.dtype)[0] == "ns"
        fine = np.datetime_as_string(stamps, unit="ns" if nanos else "us").astype(object)
        if nanos:  # 6 digits unless the nanoseconds are not zero
            fine = np.where(fraction % 1_000 == 0, [value[:-3] for value in fine], fine)
        text = np.where(fraction == 0, text, fine)
    if zone is not None:
        local = stamps.astype("datetime64[ns]").astype(np.int64)
        utc = series.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[ns]").astype(np.int64)
        codes, offsets = pd.factorize((local - utc) // 1_000_000_000)
        suffixes = np.array([_utc_offset(int(offset)) for offset in offsets] + [""], dtype=object)
        text = text + suffixes[codes]
    text[missing] = None
    return text


def _utc_offset(seconds: int) -> str:
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")


def _is_text_column(series: pd.Series) -> bool:
    """Columns whose distinct values can be encoded once each: text and categories."""
    if isinstance(series.dtype, pd.CategoricalDtype | pd.StringDtype):
        return True
    return series.dtype == object and pd.api.types.infer_dtype(series, skipna=True) in {"string", "empty"}


def column_values(series: pd.Series) -> list[Any]:
    """A column as JSON-safe Python values, converted per column rather than per cell where possible."""
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return _time_text(series).tolist()
    if pd.api.types.is_float_dtype(series.dtype) and not isinstance(series.dtype, pd.ArrowDtype):
        values = series.to_numpy(dtype=float, na_value=np.nan)
        cells = values.astype(object)
        cells[~np.isfinite(values)] = None
        return cells.tolist()
    if (pd.api.types.is_bool_dtype(series.dtype) or pd.api.types.is_integer_dtype(series.dtype)
            or _is_text_column(series)):
        return series.astype(object).where(series.notna(), None).tolist()
    return [to_jsonable(value) for value in series.astype(object).tolist()]


def _fragments(series: pd.Series) -> list[bytes]:
    """Each cell of a column as JSON bytes."""
    if _is_text_column(series):
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        encoded = np.array([encode_plain(to_jsonable(value)) for value in uniques] + [_NULL], dtype=object)
        return encoded[codes].tolist()
    values = column_values(series)
    if pd.api.types.is_numeric_dtype(series.dtype) or pd.api.types.is_datetime64_any_dtype(series.dtype):
        # numbers, true/false/null and ISO times hold no comma: one encoder call for the whole column
        return orjson.dumps(values)[1:-1].split(b",") if values else []
    return [encode_plain(value) for value in values]


def encode_rows(frame: pd.DataFrame) -> list[bytes]:
    """Each row of ``frame`` as one compact JSON object (UTF-8 bytes), column names as keys, in column order."""
    if len(frame.columns) == 0:
        return [b"{}"] * len(frame)
    keys = [encode_plain(str(name)).replace(b"%", b"%%") for name in frame.columns]
    template = b"{" + b",".join(key + b":%b" for key in keys) + b"}"
    columns = [_fragments(frame.iloc[:, position]) for position in range(len(frame.columns))]
    return [template % row for row in zip(*columns, strict=True)]


def frame_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as JSON-safe dicts, column names as text."""
    columns = [str(name) for name in frame.columns]
    values = [column_values(frame.iloc[:, position]) for position in range(len(frame.columns))]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)] if columns else [
        {} for _ in range(len(frame))
    ]


def json_lines(frame: pd.DataFrame) -> Iterator[str]:
    """One JSON document per row (no trailing newline)."""
    for row in encode_rows(frame):
        yield row.decode()


def jsonl_text(frame: pd.DataFrame) -> str:
    """JSON Lines text of ``frame``: one object per row, each line ending in a newline ('' for no rows)."""
    rows = encode_rows(frame)
    return (b"\n".join(rows) + b"\n").decode() if rows else ""

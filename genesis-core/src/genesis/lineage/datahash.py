"""A stable content hash of a DataFrame: schema, dtypes and values, never pandas' text formatting.

The hash is SHA-256 over ``genesis-lineage/v1/dataframe\\n``, the canonical JSON of a header (row count, row-order
policy, each column's name and dtype) and then, column by column, a length-prefixed chunk of the column's values
in a fixed binary layout (see ``docs/lineage.md``): little-endian numbers with ``-0.0`` and every NaN made
canonical, datetimes as int64 ticks in UTC, nullable columns as a mask plus values, text as code-point lengths plus
UTF-8. The index is not content and is ignored.

Row order: ``"ordered"`` (default) hashes rows as given, so a shuffled frame hashes differently; ``"unordered"``
first sorts rows by a canonical key, so any permutation of the same rows hashes the same.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any, Literal

import numpy as np
import pandas as pd

from genesis.errors import ValidationError
from genesis.lineage.encoding import FORMAT_VERSION, canonical_json, domain_prefix, to_jsonable

__all__ = ["ROW_ORDERS", "RowOrder", "as_dataframe", "describe_dataset", "hash_dataframe", "schema_summary"]

RowOrder = Literal["ordered", "unordered"]
#: A piece of hashed content: bytes, or an array or buffer hashed through the buffer protocol (no copy).
Chunk = bytes | np.ndarray | memoryview
ROW_ORDERS: tuple[str, ...] = ("ordered", "unordered")
_MISSING = -1


def as_dataframe(data: Any) -> pd.DataFrame:
    """``data`` as a DataFrame (a Series becomes one column); other input is a :class:`ValidationError`."""
    if isinstance(data, pd.DataFrame):
        return data
    if isinstance(data, pd.Series):
        return data.to_frame()
    raise ValidationError(f"lineage hashes pandas DataFrames or Series, got {type(data).__name__}")


def _little_endian(values: np.ndarray) -> np.ndarray:
    return values.astype(values.dtype.newbyteorder("<"), copy=False)


def _canonical_floats(values: np.ndarray) -> np.ndarray:
    out = _little_endian(values) + values.dtype.type(0.0)  # a new array, and -0.0 + 0.0 == +0.0
    nan = np.isnan(out)
    if nan.any():
        out[nan] = np.nan
    return out


def _text_chunks(values: np.ndarray, missing: np.ndarray) -> list[Chunk]:
    kept = values[~missing]
    present = kept.tolist()
    lengths = np.full(len(values), _MISSING, dtype="<i8")
    if pd.api.types.infer_dtype(kept, skipna=False) in ("string", "empty"):
        lengths[~missing] = np.fromiter(map(len, present), dtype="<i8", count=len(present))
        return [b"s", lengths, "".join(present).encode("utf-8", "surrogatepass")]
    encoded = [canonical_json(to_jsonable(item)) for item in present]
    lengths[~missing] = np.fromiter(map(len, encoded), dtype="<i8", count=len(encoded))
    return [b"j", lengths, b"".join(encoded)]


def _arrow_text_chunks(column: pd.Series) -> list[Chunk]:
    """The ``"s"`` chunks of a pyarrow-backed string column, read from Arrow buffers (same bytes as the slow path)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    array = column.array.__arrow_array__().combine_chunks().cast(pa.large_string())
    lengths = _little_endian(pc.utf8_length(array).fill_null(_MISSING).to_numpy(zero_copy_only=False))
    present = array.drop_null() if array.null_count else array
    offsets = np.frombuffer(present.buffers()[1], dtype="<i8")[present.offset: present.offset + len(present) + 1]
    data = present.buffers()[2]
    body = memoryview(data)[offsets[0]: offsets[-1]] if data is not None else b""
    return [b"s", lengths, body]


def _column_chunks(column: pd.Series) -> list[Chunk]:
    dtype = column.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        column = column.dt.tz_convert("UTC").dt.tz_localize(None)
        dtype = column.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "mM":
        return [b"t", column.to_numpy().view("<i8")]
    if isinstance(dtype, np.dtype) and dtype.kind == "f":
        return [b"f", _canonical_floats(column.to_numpy())]
    if isinstance(dtype, np.dtype) and dtype.kind in "biu":
        return [b"n", _little_endian(column.to_numpy())]
    numpy_dtype = getattr(dtype, "numpy_dtype", None)
    if isinstance(numpy_dtype, np.dtype) and numpy_dtype.kind in "biuf":
        missing = column.isna().to_numpy()
        values = column.to_numpy(dtype=numpy_dtype, na_value=numpy_dtype.type(0))
        if numpy_dtype.kind == "f":
            values = _canonical_floats(values)
        return [b"m", missing.astype(np.uint8), _little_endian(values)]
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        return _arrow_text_chunks(column)
    values = column.to_numpy(dtype=object)
    return _text_chunks(values, np.asarray(pd.isna(values), dtype=bool))


def _text_key(value: Any, missing: bool) -> str:
    if missing:
        return ""
    return "s" + value if isinstance(value, str) else "j" + canonical_json(to_jsonable(value)).decode()


def _sort_codes(column: pd.Series) -> np.ndarray:
    """Integer codes that order a column's values canonically (equal codes mean equal hashed bytes)."""
    if column.dtype == object:
        values = column.to_numpy(dtype=object)
        missing = np.asarray(pd.isna(values), dtype=bool)
        keys = np.array([_text_key(v, gone) for v, gone in zip(values.tolist(), missing.tolist(), strict=True)],
                        dtype=object)
        codes, _ = pd.factorize(keys, sort=True)
        return np.where(missing, _MISSING, codes)
    if isinstance(column.dtype, np.dtype) and column.dtype.kind == "f":
        column = pd.Series(_canonical_floats(column.to_numpy()))
    codes, _ = pd.factorize(column, sort=True, use_na_sentinel=True)
    return codes


def _unordered(frame: pd.DataFrame) -> pd.DataFrame:
    if len(frame) < 2 or frame.shape[1] == 0:
        return frame
    keys = [_sort_codes(frame.iloc[:, i]) for i in reversed(range(frame.shape[1]))]
    return frame.iloc[np.lexsort(keys)]


def _chunks(frame: pd.DataFrame, row_order: str) -> Iterator[bytes | memoryview]:
    header: dict[str, Any] = {
        "kind": "dataframe",
        "version": FORMAT_VERSION,
        "row_order": row_order,
        "rows": len(frame),
        "columns": [[to_jsonable(name), str(frame.iloc[:, i].dtype)] for i, name in enumerate(frame.columns)],
    }
    yield canonical_json(header)
    for i in range(frame.shape[1]):
        for chunk in _column_chunks(frame.iloc[:, i]):
            view = np.ascontiguousarray(chunk).data if isinstance(chunk, np.ndarray) else memoryview(chunk)
            yield view.nbytes.to_bytes(8, "little")
            yield view


def hash_dataframe(data: pd.DataFrame | pd.Series, *, row_order: RowOrder = "ordered") -> str:
    """Hex SHA-256 content hash of a DataFrame, stable across runs, machines and pandas display options.

    >>> frame = pd.DataFrame({"a": [1, 2]})
    >>> hash_dataframe(frame) == hash_dataframe(frame.copy())
    True
    """
    if row_order not in ROW_ORDERS:
        raise ValidationError(f"row_order must be one of {ROW_ORDERS}, got {row_order!r}")
    frame = as_dataframe(data)
    if row_order == "unordered":
        frame = _unordered(frame)
    digest = hashlib.sha256(domain_prefix("dataframe"))
    for chunk in _chunks(frame, row_order):
        digest.update(chunk)
    return digest.hexdigest()


def schema_summary(data: pd.DataFrame | pd.Series) -> dict[str, Any]:
    """What lineage may say about a table without its values: row count, column names, dtypes, null counts."""
    frame = as_dataframe(data)
    return {
        "rows": len(frame),
        "columns": [
            {"name": to_jsonable(name), "dtype": str(column.dtype), "nulls": int(column.isna().sum())}
            for name, column in zip(frame.columns, (frame.iloc[:, i] for i in range(frame.shape[1])), strict=True)
        ],
    }


def describe_dataset(data: pd.DataFrame | pd.Series, row_order: RowOrder = "ordered") -> dict[str, Any]:
    """The lineage record of a table: ``dataset_hash``, ``row_order`` and ``schema`` (no values, no min/max)."""
    return {"dataset_hash": hash_dataframe(data, row_order=row_order), "row_order": row_order,
            "schema": schema_summary(data)}

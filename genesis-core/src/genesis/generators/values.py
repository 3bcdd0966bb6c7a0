"""A JSON codec for column values in their exact pandas dtype.

Fitted models keep a few real values (categories, a constant, functional-dependency maps);
these helpers turn them into JSON-safe lists and back into arrays of the column's original
dtype, so a saved model regenerates ``Int64``, tz-aware datetimes or ``category`` exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from genesis.schema import ColumnSchema, Scalar, to_json_scalar

__all__ = ["decode_values", "encode_values", "resolve_dtype", "take"]


def encode_values(values: pd.Series | pd.Index | Sequence[object]) -> list[Scalar]:
    """Return ``values`` as a JSON-safe list (missing values become None)."""
    return [to_json_scalar(v) for v in values]


def resolve_dtype(column: ColumnSchema) -> object:
    """The pandas dtype object described by ``column.dtype`` (categories included)."""
    if column.dtype == "category":
        inner = column.extra.get("categories_dtype", "object")
        categories: Any = _decode(list(column.categories), inner) if column.categories else []
        return pd.CategoricalDtype(categories=pd.Index(categories), ordered=column.ordered)
    return pd.api.types.pandas_dtype(column.dtype)


def decode_values(encoded: Sequence[Scalar], column: ColumnSchema) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """Rebuild an array of ``column``'s exact dtype from :func:`encode_values` output."""
    dtype = resolve_dtype(column)
    if isinstance(dtype, pd.CategoricalDtype):
        return pd.Categorical(_decode(list(encoded), str(dtype.categories.dtype)), dtype=dtype)
    return _decode(list(encoded), column.dtype)


def _decode(encoded: list[Scalar], dtype_name: str) -> pd.api.extensions.ExtensionArray | np.ndarray:
    dtype = pd.api.types.pandas_dtype(dtype_name)
    if isinstance(dtype, pd.DatetimeTZDtype):
        parsed = pd.to_datetime(pd.Series(encoded, dtype=object), utc=True, format="ISO8601")
        return parsed.dt.tz_convert(dtype.tz).astype(dtype).array
    if dtype.kind == "M":
        return pd.to_datetime(pd.Series(encoded, dtype=object), format="ISO8601").astype(dtype).array
    if dtype.kind == "m":
        return pd.to_timedelta(pd.Series(encoded, dtype=object)).astype(dtype).array
    if pd.api.types.is_object_dtype(dtype):
        return np.array(encoded, dtype=object)
    return pd.Series(encoded, dtype=object).astype(dtype).array


def take(values: pd.api.extensions.ExtensionArray | np.ndarray, positions: np.ndarray) -> pd.Series:
    """``values[positions]`` as a Series of the same dtype; a position of -1 gives a missing value."""
    if not isinstance(values, np.ndarray):
        return pd.Series(values.take(positions, allow_fill=True))
    if positions.min(initial=0) >= 0:
        taken = values.take(positions)
    else:
        taken = pd.Series(values, dtype=values.dtype).reindex(positions).to_numpy()
    # without the explicit dtype an object array of strings would be read as the ``str`` dtype
    return pd.Series(taken, dtype=object if values.dtype == object else None)

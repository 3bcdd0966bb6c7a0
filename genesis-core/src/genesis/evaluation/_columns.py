"""Column kinds and the numeric or coded views of columns that the metrics compare.

Kinds come from :func:`genesis.schema.infer_schema` run on the *real* data, so a synthetic column is always
judged by what the real column is.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pandas as pd

__all__ = [
    "CATEGORICAL_KINDS",
    "NUMERIC_KINDS",
    "column_kinds",
    "joint_codes",
    "numeric_values",
]

NUMERIC_KINDS = frozenset({"continuous", "integer", "datetime"})
CATEGORICAL_KINDS = frozenset({"categorical", "boolean", "constant"})


def column_kinds(real: pd.DataFrame) -> dict[str, str]:
    """Map each real column label to its inferred kind (a plain string such as ``"integer"``)."""
    from genesis.schema import infer_schema

    schema = infer_schema(real)
    return {name: str(schema.columns[str(name)].kind) for name in real.columns}


def numeric_values(series: pd.Series, kind: str) -> np.ndarray:
    """Return the column as float64 with NaN for nulls; datetimes become seconds since the epoch (UTC)."""
    if kind == "datetime":
        stamps = pd.to_datetime(series, errors="coerce", utc=True)
        present = stamps.notna().to_numpy()
        values = np.full(len(series), np.nan)
        values[present] = stamps[present].dt.tz_localize(None).astype("datetime64[ns]").to_numpy().astype(np.int64)
        return values / 1e9
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)


def joint_codes(*columns: pd.Series) -> tuple[list[np.ndarray], int]:
    """Code several versions of one categorical column against their union of levels.

    Returns integer codes per input and the number of levels; null gets its own last level, so the
    codes of every input lie in ``range(levels)``.
    """
    stacked = pd.concat([column.astype(object) for column in columns], ignore_index=True)
    codes, uniques = pd.factorize(stacked, use_na_sentinel=True)
    levels = len(uniques) + 1
    codes = np.where(codes < 0, levels - 1, codes)
    bounds = np.cumsum([0, *(len(column) for column in columns)])
    return [codes[start:stop] for start, stop in pairwise(bounds)], levels

"""The optional metadata columns of streamed batches."""

from __future__ import annotations

import numpy as np
import pandas as pd

from genesis.errors import ConfigError
from genesis.streaming.config import METADATA_COLUMNS

__all__ = ["add_metadata", "check_no_metadata_clash"]


def check_no_metadata_clash(columns: pd.Index) -> None:
    """Refuse data that already has a column named like a metadata column."""
    clash = sorted(set(METADATA_COLUMNS) & {str(name) for name in columns})
    if clash:
        raise ConfigError(f"data already has metadata column(s) {clash}; rename them or set include_metadata=False")


def add_metadata(batch: pd.DataFrame, batch_id: int, first_row: int) -> pd.DataFrame:
    """Return ``batch`` with ``_batch_id``, ``_row_index`` and ``_generated_at`` (UTC) appended."""
    batch_id_column, row_index_column, time_column = METADATA_COLUMNS
    rows = len(batch)
    columns: dict[str, np.ndarray | pd.Series] = {
        batch_id_column: np.full(rows, batch_id, dtype=np.int64),
        row_index_column: np.arange(first_row, first_row + rows, dtype=np.int64),
        time_column: pd.Series(pd.Timestamp.now(tz="UTC"), index=batch.index),
    }
    return batch.assign(**columns)

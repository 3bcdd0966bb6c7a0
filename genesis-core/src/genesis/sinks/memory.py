"""In-process sinks: memory (keeps the batches) and stdout (prints them)."""

from __future__ import annotations

import sys
from typing import IO

import pandas as pd

from genesis.errors import ConfigError
from genesis.jsonsafe import jsonl_text
from genesis.sinks.base import BaseSink

__all__ = ["MemorySink", "StdoutSink"]


class MemorySink(BaseSink):
    """Keeps every batch in memory; :meth:`frame` joins them. For tests, notebooks and small runs."""

    def __init__(self) -> None:
        super().__init__()
        self.batches: list[pd.DataFrame] = []

    def _write(self, batch: pd.DataFrame) -> None:
        self.batches.append(batch)

    def frame(self) -> pd.DataFrame:
        """All rows written so far, as one frame."""
        return pd.concat(self.batches, ignore_index=True) if self.batches else pd.DataFrame()


class StdoutSink(BaseSink):
    """Writes rows to standard output as CSV (header once) or JSON Lines."""

    def __init__(self, format: str = "csv", stream: IO[str] | None = None) -> None:
        super().__init__()
        if format not in {"csv", "jsonl"}:
            raise ConfigError(f"stdout sink format must be 'csv' or 'jsonl', got {format!r}")
        self.format = format
        self.stream = stream

    def _write(self, batch: pd.DataFrame) -> None:
        out = self.stream or sys.stdout
        if self.format == "csv":
            batch.to_csv(out, header=self.batches_written == 0, index=False)
        else:
            out.write(jsonl_text(batch))
        out.flush()

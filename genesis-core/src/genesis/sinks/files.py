"""File sinks: CSV, JSON Lines and Parquet, written batch by batch with bounded memory."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

import pandas as pd

from genesis.jsonsafe import jsonl_text
from genesis.sinks.base import BaseSink

__all__ = ["CsvSink", "JsonlSink", "ParquetSink"]


class _TextFileSink(BaseSink):
    def __init__(self, path: str | Path) -> None:
        super().__init__()
        self.path = Path(path)
        self._handle: IO[str] | None = None

    def open(self, schema: Any = None) -> None:
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("w", encoding="utf-8", newline="")
        super().open(schema)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        super().close()


class CsvSink(_TextFileSink):
    """CSV with one header line; missing values as empty fields; timestamps in ISO 8601."""

    def _write(self, batch: pd.DataFrame) -> None:
        assert self._handle is not None
        batch.to_csv(self._handle, header=self.batches_written == 0, index=False, date_format="%Y-%m-%dT%H:%M:%S.%f%z")


class JsonlSink(_TextFileSink):
    """JSON Lines in Genesis's JSON encoding (``genesis.jsonsafe``): one object per row."""

    def _write(self, batch: pd.DataFrame) -> None:
        assert self._handle is not None
        self._handle.write(jsonl_text(batch))


class ParquetSink(BaseSink):
    """One Parquet file with a row group per batch (pyarrow), the schema fixed by the first batch."""

    def __init__(self, path: str | Path, compression: str = "snappy") -> None:
        super().__init__()
        self.path = Path(path)
        self.compression = compression
        self._writer: Any = None
        self._arrow_schema: Any = None

    def _write(self, batch: pd.DataFrame) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(batch, schema=self._arrow_schema, preserve_index=False)
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._arrow_schema = table.schema
            self._writer = pq.ParquetWriter(self.path, table.schema, compression=self.compression)
        self._writer.write_table(table)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        super().close()

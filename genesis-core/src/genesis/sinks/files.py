"""File sinks: CSV, JSON Lines and Parquet, written batch by batch with bounded memory.

Each writes to a temporary file beside its path and renames it over the path on :meth:`close`
(:mod:`genesis.atomic`); :meth:`abort` (a failed or interrupted run) removes the temporary file, so the previous
file at the path is never truncated and no partial file is left.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

import pandas as pd

from genesis.atomic import AtomicFile
from genesis.jsonsafe import jsonl_text
from genesis.sinks.base import BaseSink

__all__ = ["CsvSink", "JsonlSink", "ParquetSink"]


class _AtomicFileSink(BaseSink):
    """A sink writing one file at ``path`` through an :class:`~genesis.atomic.AtomicFile`."""

    def __init__(self, path: str | Path, *, create_folder: bool = True) -> None:
        super().__init__()
        self.path = Path(path)
        self.create_folder = create_folder
        self._file: AtomicFile | None = None

    def _staged(self) -> AtomicFile:
        if self._file is None:
            self._file = AtomicFile(self.path, create_folder=self.create_folder)
        return self._file

    def _release(self) -> None:
        """Close whatever handle the subclass holds on the temporary file."""

    def close(self) -> None:
        self._release()
        if self._file is not None:
            self._file.commit()
            self._file = None
        super().close()

    def abort(self) -> None:
        self._release()
        if self._file is not None:
            self._file.discard()
            self._file = None
        super().close()


class _TextFileSink(_AtomicFileSink):
    def __init__(self, path: str | Path) -> None:
        super().__init__(path)
        self._handle: IO[str] | None = None

    def open(self, schema: Any = None) -> None:
        if self._handle is None:
            self._handle = self._staged().open_text()
        super().open(schema)

    def _release(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


#: ISO 8601 layouts of a timestamp column, coarsest first: the first that loses nothing is written.
_DATE, _SECONDS, _FRACTION = "%Y-%m-%d", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S.%f%z"


class CsvSink(_TextFileSink):
    """CSV with one header line; missing values as empty fields; timestamps in ISO 8601, as precise as their
    values: ``2024-01-05`` for a column of dates, seconds without a fraction when none has one.

    A column's layout is chosen on its first batch and kept, unless a later batch holds a finer value (a time in
    a column that looked like dates), which is then written in full.
    """

    def __init__(self, path: str | Path) -> None:
        super().__init__(path)
        self._layouts: dict[str, str] = {}

    def _write(self, batch: pd.DataFrame) -> None:
        assert self._handle is not None
        self._dated(batch).to_csv(self._handle, header=self.batches_written == 0, index=False)

    def _dated(self, batch: pd.DataFrame) -> pd.DataFrame:
        """``batch`` with its timestamp columns as text in their layouts (the batch itself when it has none)."""
        stamps = [name for name in batch.columns if batch[name].dtype.kind == "M"]
        if not stamps:
            return batch
        out = batch.copy(deep=False)
        for name in stamps:
            needed = _layout(batch[name])
            chosen = self._layouts.setdefault(name, needed)
            finest = max(chosen, needed, key=(_DATE, _SECONDS, _FRACTION).index)
            out[name] = batch[name].dt.strftime(finest)
        return out


def _layout(stamps: pd.Series) -> str:
    """The coarsest layout that writes every value of ``stamps`` exactly."""
    present = stamps.dropna()
    if (present.dt.microsecond != 0).any() or (present.dt.nanosecond != 0).any():
        return _FRACTION
    if (present != present.dt.normalize()).any() or getattr(stamps.dt, "tz", None) is not None:
        return _SECONDS
    return _DATE


class JsonlSink(_TextFileSink):
    """JSON Lines in Genesis's JSON encoding (``genesis.jsonsafe``): one object per row."""

    def _write(self, batch: pd.DataFrame) -> None:
        assert self._handle is not None
        self._handle.write(jsonl_text(batch))


class ParquetSink(_AtomicFileSink):
    """One Parquet file with a row group per batch (pyarrow), the schema fixed by the first batch.

    No batch, no file: Parquet needs a schema, which the first batch brings.
    """

    def __init__(self, path: str | Path, compression: str = "snappy", *, create_folder: bool = True) -> None:
        super().__init__(path, create_folder=create_folder)
        self.compression = compression
        self._writer: Any = None
        self._arrow_schema: Any = None

    def _write(self, batch: pd.DataFrame) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(batch, schema=self._arrow_schema, preserve_index=False)
        if self._writer is None:
            self._arrow_schema = table.schema
            self._writer = pq.ParquetWriter(self._staged().temp_path, table.schema, compression=self.compression)
        self._writer.write_table(table)

    def _release(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

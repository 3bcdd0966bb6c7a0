"""Common behaviour of the built-in sinks: the context-manager protocol and write accounting.

Leaving a sink's ``with`` block normally closes it (files are committed); leaving it with an exception, including
KeyboardInterrupt, calls :meth:`BaseSink.abort` instead, so a file sink gives up its partial output.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

import pandas as pd

from genesis.errors import ValidationError

__all__ = ["BaseSink"]


class BaseSink:
    """A sink that counts rows, refuses writes when not open, and always closes (flushing) on exit."""

    def __init__(self) -> None:
        self.rows_written = 0
        self.batches_written = 0
        self._open = False
        self._columns: list[str] | None = None

    def open(self, schema: Any = None) -> None:
        """Prepare the destination; ``schema`` is the Genesis schema of the frames to come, when known."""
        self._open = True

    def write(self, batch: pd.DataFrame) -> None:
        """Write one batch; every batch must have the columns of the first."""
        if not self._open:
            self.open()
        columns = [str(name) for name in batch.columns]
        if self._columns is None:
            self._columns = columns
        elif columns != self._columns:
            raise ValidationError(f"{type(self).__name__}: batch columns {columns} differ from {self._columns}")
        self._write(batch)
        self.rows_written += len(batch)
        self.batches_written += 1

    def _write(self, batch: pd.DataFrame) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Flush and release the destination; safe to call twice."""
        self._open = False

    def caveats(self) -> list[str]:
        """What the destination may hold beyond the rows written, known once it closed without error (rows
        delivered but perhaps twice); the CLI prints each as a red line and exits 3. None for a plain sink."""
        return []

    def abort(self) -> None:
        """Give up a failed write: release the destination without committing it (file sinks keep the old file).

        Sinks without anything to roll back just close.
        """
        self.close()

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc is None:
            self.close()
        else:
            self.abort()

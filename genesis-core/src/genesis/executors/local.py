"""The local executor: partitions in worker processes on this machine (inline with one worker)."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from types import TracebackType
from typing import Any, Self

from genesis.validation import require_int

__all__ = ["LocalExecutor"]


class LocalExecutor:
    """Runs ``fn`` over partitions with ``workers`` processes (``spawn`` start method, safe with threads)."""

    def __init__(self, workers: int = 1) -> None:
        require_int("workers", workers, minimum=1)
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Self:
        if self.workers > 1:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=exc is not None)
            self._pool = None

    def map_partitions(self, fn: Callable[[Any], Any], partitions: Iterable[Any]) -> Iterator[Any]:
        """Results of ``fn(partition)`` in partition order."""
        if self._pool is None:
            return map(fn, partitions)
        return self._pool.map(fn, partitions)

"""Executors on this machine: ``local`` runs partitions on worker threads, ``processes`` in worker processes.

Threads are the default because generation is array work (numpy, pyarrow) that releases the GIL: two threads
share the loaded model and start at once, while each spawned process first spends about a second importing
pandas, pyarrow and scipy and loading the model. ``processes`` is for generators whose ``generate`` holds the GIL
(pure-Python loops) or mutates the model. Both run inline with one worker.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from types import TracebackType
from typing import Any, Self

from genesis.validation import require_int

__all__ = ["LocalExecutor", "ProcessExecutor"]


class _PoolExecutor(ABC):
    """Runs ``fn`` over partitions on a ``concurrent.futures`` pool of ``workers`` (inline with one).

    A failing partition's exception is raised to the caller as it is, and the waiting partitions are cancelled;
    those already running (and with processes the few already queued to a worker) finish first.
    """

    def __init__(self, workers: int = 1) -> None:
        require_int("workers", workers, minimum=1)
        self.workers = workers
        self._pool: Executor | None = None
        self._context = contextlib.ExitStack()

    @abstractmethod
    def _start(self, context: contextlib.ExitStack) -> Executor:
        """The pool for ``workers`` > 1; anything entered on ``context`` lasts as long as the pool."""

    def __enter__(self) -> Self:
        if self.workers > 1:
            self._pool = self._start(self._context)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=exc is not None)
            self._pool = None
        self._context.close()

    def map_partitions(self, fn: Callable[[Any], Any], partitions: Iterable[Any]) -> Iterator[Any]:
        """Results of ``fn(partition)`` in partition order."""
        if self._pool is None:
            return map(fn, partitions)
        return self._pool.map(fn, partitions)


class LocalExecutor(_PoolExecutor):
    """Partitions on ``workers`` threads of this process, sharing one loaded model (read-only).

    While the pool runs, matrix products use one BLAS thread each, so parallel partitions do not
    oversubscribe the cores and the generators' own one-thread BLAS sections nest without racing.
    """

    def _start(self, context: contextlib.ExitStack) -> Executor:
        from genesis.generators.dependence import serial_blas

        context.enter_context(serial_blas())
        return ThreadPoolExecutor(self.workers, thread_name_prefix="genesis-partition")


class ProcessExecutor(_PoolExecutor):
    """Partitions in ``workers`` processes (``spawn`` start method, safe with threads), each loading the model."""

    def _start(self, context: contextlib.ExitStack) -> Executor:
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))

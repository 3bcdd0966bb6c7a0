"""The Dask executor: partitions on a Dask ``distributed`` cluster (a local one unless an address is given).

Dask was chosen over Ray because ``distributed`` is a small pure-Python install from PyPI that runs a real
scheduler and worker processes on one machine for tests, and scales to a cluster with the same code.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import Any, Self

from genesis.errors import ConfigError, MissingExtraError
from genesis.validation import require_int

__all__ = ["DaskExecutor"]


class DaskExecutor:
    """Runs ``fn`` over partitions as Dask tasks; ``address`` joins an existing scheduler."""

    def __init__(self, workers: int = 2, address: str | None = None) -> None:
        require_int("workers", workers, minimum=1)
        self.workers = workers
        self.address = address
        self._client: Any = None
        self._cluster: Any = None

    def __enter__(self) -> Self:
        try:
            from distributed import Client, LocalCluster
        except ModuleNotFoundError as exc:
            raise MissingExtraError("the dask executor", "dask") from exc
        if self.address is None:
            self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                         host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR)
            self._client = Client(self._cluster)
        else:
            self._client = Client(self.address)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def map_partitions(self, fn: Callable[[Any], Any], partitions: Iterable[Any]) -> Iterator[Any]:
        """Results of ``fn(partition)`` in partition order."""
        if self._client is None:
            raise ConfigError("DaskExecutor must be used as a context manager")
        futures = self._client.map(fn, list(partitions), pure=False)
        return (future.result() for future in futures)

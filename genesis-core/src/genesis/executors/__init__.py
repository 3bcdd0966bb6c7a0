"""Partition executors: ``local`` (processes) and ``dask`` (Dask distributed), registered as built-ins."""

from genesis.executors.local import LocalExecutor

__all__ = ["LocalExecutor"]

"""Partition executors, registered as built-ins: ``local`` (threads, the default), ``processes`` and ``dask``.

``local`` runs partitions on threads of this process: numpy and pyarrow release the GIL, the loaded model is
shared and nothing has to start up. ``processes`` (spawned worker processes) is for generators whose ``generate``
holds the GIL; ``dask`` runs them on a Dask ``distributed`` cluster.
"""

from genesis.executors.local import LocalExecutor, ProcessExecutor

__all__ = ["LocalExecutor", "ProcessExecutor"]

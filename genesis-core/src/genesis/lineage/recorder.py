"""Record every generation run's lineage through the lifecycle hooks.

Register a :class:`LineageRecorder` (or call :func:`record_lineage`, the Python switch behind
``genesis generate --lineage PATH``) and each run appends blocks to one chain file: ``run_started``, one ``batch``
block per emitted batch (counts and ids, never rows), then ``generation`` or ``run_failed``. The file is written
when a run ends, in a ``try/finally`` wrapper so another plugin's failure cannot skip it. With a signing key the
recorder also signs a checkpoint and writes ``<name>.proof.json`` proving the run's last block.

Hooks never carry data, so content hashes of the real input and the output are recorded by explicit calls:
:meth:`LineageRecorder.record_source` and :meth:`LineageRecorder.record_output` (outside a run they rewrite the
files at once).
"""

from __future__ import annotations

import threading
from collections.abc import Generator
from pathlib import Path
from types import TracebackType
from typing import Any

import pandas as pd
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from genesis.lineage.bundle import create_proof_bundle
from genesis.lineage.chain import LineageChain
from genesis.lineage.datahash import RowOrder, describe_dataset
from genesis.plugins.hookspecs import hookimpl
from genesis.plugins.manager import GenesisPluginManager, get_plugin_manager
from genesis.plugins.types import BatchInfo, RunInfo, RunResult

__all__ = ["LineageRecorder", "bundle_path_for", "record_lineage"]


def bundle_path_for(chain_path: str | Path) -> Path:
    """The recorder's proof bundle path for ``chain_path``: ``run.lineage.json`` -> ``run.lineage.proof.json``."""
    path = Path(chain_path)
    return path.with_name(path.name.removesuffix(".json") + ".proof.json")


class LineageRecorder:
    """A lifecycle-hook plugin that appends each run to the chain file ``path``.

    An existing file is loaded (and, with ``signing_key``, must be signed by it) and appended to, so the file
    stays one append-only log across runs.
    """

    def __init__(self, path: str | Path, *, signing_key: Ed25519PrivateKey | None = None,
                 origin: str | None = None) -> None:
        self.path = Path(path)
        self.signing_key = signing_key
        if self.path.exists():
            anchor = signing_key.public_key() if signing_key is not None else None
            self.chain = LineageChain.load(self.path, public_key=anchor)
        else:
            self.chain = LineageChain(origin=origin)
        self.bundle_path = bundle_path_for(self.path)
        self._lock = threading.Lock()
        self._active: set[str] = set()
        self._manager: GenesisPluginManager | None = None

    # -- data the hooks do not carry -----------------------------------------------------------------------------
    def record_source(self, data: pd.DataFrame, name: str = "source", *, row_order: RowOrder = "ordered",
                      metadata: dict[str, Any] | None = None) -> None:
        """Record the real input by content hash and schema; outside a run the files are rewritten at once."""
        with self._lock:
            self.chain.add_source_block(data, name, metadata, row_order=row_order)
            self._write_if_idle()

    def record_output(self, data: pd.DataFrame, name: str = "output", *, run_id: str | None = None,
                      row_order: RowOrder = "ordered") -> None:
        """Record generated data (the whole output or one batch) by content hash and schema; outside a run the
        files are rewritten at once."""
        with self._lock:
            self.chain.append("output", {"name": name, "run_id": run_id, **describe_dataset(data, row_order)})
            self._write_if_idle()

    # -- lifecycle hooks -----------------------------------------------------------------------------------------
    @hookimpl
    def genesis_run_started(self, run: RunInfo) -> None:
        """Append a ``run_started`` block: method, requested rows, seed and parameters."""
        with self._lock:
            self._active.add(run.run_id)
            self.chain.append("run_started", {"run_id": run.run_id, "method": run.method, "n_samples": run.n_samples,
                                              "seed": run.seed, "parameters": run.parameters})

    @hookimpl
    def genesis_batch_emitted(self, run: RunInfo, batch: BatchInfo) -> None:
        """Append a ``batch`` block: batch id, row count and first row index."""
        with self._lock:
            self.chain.append("batch", {"run_id": run.run_id, "batch_id": batch.batch_id, "rows": batch.rows,
                                        "first_row": batch.first_row})

    @hookimpl(wrapper=True)
    def genesis_run_finished(self, run: RunInfo, result: RunResult) -> Generator[None, None, None]:
        """After every other plugin (even a failing one): append the ``generation`` block and write the files."""
        try:
            return (yield)
        finally:
            with self._lock:
                self._active.discard(run.run_id)
                self.chain.add_generation_block(
                    run.method, run.parameters, result.total_rows,
                    metadata={"run_id": run.run_id, "seed": run.seed, "batches": result.total_batches,
                              "elapsed_seconds": result.elapsed, "outputs": result.outputs},
                )
                self._write()

    @hookimpl(wrapper=True)
    def genesis_run_failed(self, run: RunInfo, error: BaseException) -> Generator[None, None, None]:
        """Append a ``run_failed`` block (error type and message) and write the files."""
        try:
            return (yield)
        finally:
            with self._lock:
                self._active.discard(run.run_id)
                self.chain.append("run_failed", {"run_id": run.run_id, "error_type": type(error).__name__,
                                                 "message": str(error)})
                self._write()

    def _write_if_idle(self) -> None:
        if not self._active:
            self._write()

    def _write(self) -> None:
        """Chain first, then the bundle: a crash in between leaves an older bundle, never one ahead of the chain."""
        bundle = None
        if self.signing_key is not None:
            bundle = create_proof_bundle(self.chain, len(self.chain) - 1, signing_key=self.signing_key)
        self.chain.export(self.path)
        if bundle is not None:
            bundle.save(self.bundle_path)

    # -- registration --------------------------------------------------------------------------------------------
    def register(self, manager: GenesisPluginManager | None = None) -> LineageRecorder:
        """Register with ``manager`` (default: the process manager); return self."""
        self._manager = manager or get_plugin_manager()
        self._manager.register(self)
        return self

    def unregister(self) -> None:
        """Stop recording (the files already written stay)."""
        if self._manager is not None and self._manager.pm.is_registered(self):
            self._manager.pm.unregister(self)
        self._manager = None

    def __enter__(self) -> LineageRecorder:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.unregister()


def record_lineage(path: str | Path, *, signing_key: Ed25519PrivateKey | None = None, origin: str | None = None,
                   manager: GenesisPluginManager | None = None) -> LineageRecorder:
    """The Python switch: record every following run's lineage to ``path``.

    Use it as a context manager to stop recording at the end of the block::

        with record_lineage("run.lineage.json", signing_key=key) as recorder:
            recorder.record_source(real_df, "patients")
            ...  # generate; each run is appended to run.lineage.json
    """
    return LineageRecorder(path, signing_key=signing_key, origin=origin).register(manager)

"""Driving a generation run into a sink while the lifecycle hooks observe it."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from genesis.plugins.manager import get_plugin_manager
from genesis.plugins.types import BatchInfo, RunInfo, RunResult

__all__ = ["new_run", "run_into_sink"]


def new_run(method: str, n_samples: int | None, seed: int | None, **parameters: Any) -> RunInfo:
    """A fresh run record with a unique id."""
    return RunInfo(run_id=uuid.uuid4().hex, method=method, n_samples=n_samples, seed=seed, parameters=parameters,
                   started_at=time.time())


def run_into_sink(run: RunInfo, batches: Iterable[pd.DataFrame], sink: Any,
                  on_batch: Callable[[int], None] | None = None) -> RunResult:
    """Write every batch to ``sink`` (opened and closed here) and notify the lifecycle hooks.

    ``genesis_run_started`` fires first, ``genesis_batch_emitted`` after each batch is written, then
    ``genesis_run_finished`` or, when anything fails, ``genesis_run_failed`` before the error propagates. The sink
    is closed in every case, so every batch already written is flushed.
    """
    hook = get_plugin_manager().hook
    hook.genesis_run_started(run=run)
    start = time.perf_counter()
    rows = batches_done = 0
    try:
        with sink:
            for batch in batches:
                sink.write(batch)
                hook.genesis_batch_emitted(run=run, batch=BatchInfo(batch_id=batches_done, rows=len(batch),
                                                                    first_row=rows,
                                                                    elapsed=time.perf_counter() - start))
                rows += len(batch)
                batches_done += 1
                if on_batch is not None:
                    on_batch(len(batch))
    except BaseException as error:
        hook.genesis_run_failed(run=run, error=error)
        raise
    result = RunResult(total_rows=rows, total_batches=batches_done, elapsed=time.perf_counter() - start)
    hook.genesis_run_finished(run=run, result=result)
    return result

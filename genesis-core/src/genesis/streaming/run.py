"""Generation runs observed by the lifecycle hooks: started, one notification per batch, finished or failed."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import pandas as pd

from genesis.plugins.manager import get_plugin_manager
from genesis.plugins.types import BatchInfo, RunInfo, RunResult

__all__ = ["RunObserver", "new_run", "observed_run", "run_into_sink"]


def new_run(method: str, n_samples: int | None, seed: int | None, **parameters: Any) -> RunInfo:
    """A fresh run record with a unique id."""
    return RunInfo(run_id=uuid.uuid4().hex, method=method, n_samples=n_samples, seed=seed, parameters=parameters,
                   started_at=time.time())


class RunObserver:
    """Counts a run's batches and tells the hooks about each one."""

    def __init__(self, run: RunInfo, hook: Any) -> None:
        self.run, self._hook = run, hook
        self.rows = self.batches = 0
        self._start = time.perf_counter()

    def batch(self, rows: int) -> None:
        """Record one emitted batch of ``rows`` rows."""
        info = BatchInfo(batch_id=self.batches, rows=rows, first_row=self.rows, elapsed=self.elapsed)
        self.rows += rows
        self.batches += 1
        self._hook.genesis_batch_emitted(run=self.run, batch=info)

    @property
    def elapsed(self) -> float:
        """Seconds since the run started."""
        return time.perf_counter() - self._start

    def result(self, **outputs: Any) -> RunResult:
        """The run's summary so far."""
        return RunResult(total_rows=self.rows, total_batches=self.batches, elapsed=self.elapsed, outputs=outputs)


@contextmanager
def observed_run(run: RunInfo) -> Iterator[RunObserver]:
    """Fire ``genesis_run_started`` now, then ``genesis_run_finished`` or ``genesis_run_failed`` at the end."""
    hook = get_plugin_manager().hook
    hook.genesis_run_started(run=run)
    observer = RunObserver(run, hook)
    try:
        yield observer
    except BaseException as error:
        hook.genesis_run_failed(run=run, error=error)
        raise
    hook.genesis_run_finished(run=run, result=observer.result(**run.parameters))


def run_into_sink(run: RunInfo, batches: Iterable[pd.DataFrame], sink: Any,
                  on_batch: Callable[[int], None] | None = None) -> RunResult:
    """Write every batch to ``sink`` (opened and closed here) while the hooks observe the run.

    The sink is closed before the run is reported finished, and in every case, so every batch already written
    is flushed when a later one fails.
    """
    with observed_run(run) as observer:
        with sink:
            for batch in batches:
                sink.write(batch)
                observer.batch(len(batch))
                if on_batch is not None:
                    on_batch(len(batch))
        return observer.result(**run.parameters)

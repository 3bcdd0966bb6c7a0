"""Lifecycle hooks reach every registered observer; ``genesis_configure`` is historic."""

from __future__ import annotations

from typing import Any

from genesis import hookimpl
from genesis.plugins import BatchInfo, RunInfo, RunResult
from genesis.plugins.manager import GenesisPluginManager


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, Any]] = []

    @hookimpl
    def genesis_configure(self, config: dict[str, Any]) -> None:
        self.events.append(("configure", config))

    @hookimpl
    def genesis_run_started(self, run: RunInfo) -> None:
        self.events.append(("started", run.run_id))

    @hookimpl
    def genesis_batch_emitted(self, run: RunInfo, batch: BatchInfo) -> None:
        self.events.append(("batch", batch.rows))

    @hookimpl
    def genesis_run_finished(self, run: RunInfo, result: RunResult) -> None:
        self.events.append(("finished", result.total_rows))

    @hookimpl
    def genesis_run_failed(self, run: RunInfo, error: BaseException) -> None:
        self.events.append(("failed", str(error)))


def test_observers_see_a_run_from_start_to_finish(plugin_manager: GenesisPluginManager) -> None:
    recorder = Recorder()
    plugin_manager.register(recorder, name="recorder")
    run = RunInfo(run_id="r1", method="gaussian-copula", n_samples=10)
    hook = plugin_manager.hook
    hook.genesis_run_started(run=run)
    hook.genesis_batch_emitted(run=run, batch=BatchInfo(batch_id=0, rows=10, first_row=0, elapsed=0.1))
    hook.genesis_run_finished(run=run, result=RunResult(total_rows=10, total_batches=1, elapsed=0.1))
    hook.genesis_run_failed(run=run, error=RuntimeError("boom"))
    assert recorder.events == [("started", "r1"), ("batch", 10), ("finished", 10), ("failed", "boom")]


def test_configure_is_replayed_to_plugins_registered_later(plugin_manager: GenesisPluginManager) -> None:
    plugin_manager.hook.genesis_configure.call_historic(kwargs={"config": {"seed": 7}})
    late = Recorder()
    plugin_manager.register(late, name="late")
    assert late.events == [("configure", {"seed": 7})]

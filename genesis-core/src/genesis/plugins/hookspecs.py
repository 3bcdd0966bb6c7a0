"""The hook specifications of Genesis (pluggy project ``"genesis"``).

Registration hooks return iterables of spec records; lifecycle hooks observe generation runs.
Call every hook with keyword arguments only. ``docs/plugins.md`` documents each one with its exact
signature; a meta-test keeps the two in step.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pluggy

from genesis.plugins.types import (
    AggregatorSpec,
    BatchInfo,
    ExecutorSpec,
    GeneratorSpec,
    NLParserSpec,
    ReporterSpec,
    RunInfo,
    RunResult,
    SamplerSpec,
    SinkSpec,
)

__all__ = ["PROJECT_NAME", "hookimpl", "hookspec"]

PROJECT_NAME = "genesis"
hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def genesis_generators() -> Iterable[GeneratorSpec]:
    """Register synthetic-data generators.

    Example::

        @hookimpl
        def genesis_generators():
            yield GeneratorSpec(name="my-model", summary="My model", factory=MyModel)
    """
    raise NotImplementedError


@hookspec
def genesis_samplers() -> Iterable[SamplerSpec]:
    """Register conditional sampling strategies.

    Example::

        @hookimpl
        def genesis_samplers():
            yield SamplerSpec(name="rejection", summary="Rejection sampling", factory=RejectionSampler)
    """
    raise NotImplementedError


@hookspec
def genesis_aggregators() -> Iterable[AggregatorSpec]:
    """Register federated aggregation rules.

    Example::

        @hookimpl
        def genesis_aggregators():
            yield AggregatorSpec(name="mean", summary="Exact pooling", factory=ModelAggregator)
    """
    raise NotImplementedError


@hookspec
def genesis_sinks() -> Iterable[SinkSpec]:
    """Register destinations for generated batches.

    Example::

        @hookimpl
        def genesis_sinks():
            yield SinkSpec(name="csv", summary="CSV file", factory=CsvSink)
    """
    raise NotImplementedError


@hookspec
def genesis_reporters() -> Iterable[ReporterSpec]:
    """Register quality-report renderers.

    Example::

        @hookimpl
        def genesis_reporters():
            yield ReporterSpec(name="json", summary="JSON report", factory=JsonReporter)
    """
    raise NotImplementedError


@hookspec
def genesis_nl_parsers() -> Iterable[NLParserSpec]:
    """Register natural-language request parsers.

    Example::

        @hookimpl
        def genesis_nl_parsers():
            yield NLParserSpec(name="rule-based", summary="Offline parser", factory=RuleParser)
    """
    raise NotImplementedError


@hookspec
def genesis_executors() -> Iterable[ExecutorSpec]:
    """Register partition executors (local processes, a distributed engine).

    Example::

        @hookimpl
        def genesis_executors():
            yield ExecutorSpec(name="local", summary="Worker threads on this machine", factory=LocalExecutor)
    """
    raise NotImplementedError


@hookspec(historic=True)
def genesis_configure(config: dict[str, Any]) -> None:
    """Receive the Genesis configuration once; historic, so late plugins see it too.

    Example::

        @hookimpl
        def genesis_configure(config):
            MY_SETTINGS.update(config.get("my-plugin", {}))
    """


@hookspec
def genesis_run_started(run: RunInfo) -> None:
    """Observe the start of a generation run.

    Example::

        @hookimpl
        def genesis_run_started(run):
            log.info("run %s: %s rows", run.run_id, run.n_samples)
    """


@hookspec
def genesis_batch_emitted(run: RunInfo, batch: BatchInfo) -> None:
    """Observe one emitted batch (counts, ids and timing; never the data).

    Example::

        @hookimpl
        def genesis_batch_emitted(run, batch):
            metrics.rows.inc(batch.rows)
    """


@hookspec
def genesis_run_finished(run: RunInfo, result: RunResult) -> None:
    """Observe the successful end of a run.

    Example::

        @hookimpl
        def genesis_run_finished(run, result):
            log.info("run %s wrote %d rows", run.run_id, result.total_rows)
    """


@hookspec
def genesis_run_failed(run: RunInfo, error: BaseException) -> None:
    """Observe a run that ended with an error.

    Example::

        @hookimpl
        def genesis_run_failed(run, error):
            log.error("run %s failed: %s", run.run_id, error)
    """

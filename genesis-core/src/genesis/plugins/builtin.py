"""Core's built-in components, registered through the same hooks as any plugin.

Factories import their implementation lazily so that listing components stays cheap.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from genesis.plugins.hookspecs import hookimpl
from genesis.plugins.types import ExecutorSpec, GeneratorSpec, NLParserSpec, ReporterSpec, SamplerSpec, SinkSpec

__all__ = [
    "genesis_executors",
    "genesis_generators",
    "genesis_nl_parsers",
    "genesis_reporters",
    "genesis_samplers",
    "genesis_sinks",
]


def _lazy(path: str) -> Any:
    """A factory that imports ``module:attribute`` on first use and calls it with the given keywords."""
    module_name, _, attribute = path.partition(":")

    def resolve() -> Any:
        import importlib

        return getattr(importlib.import_module(module_name), attribute)

    def factory(**kwargs: Any) -> Any:
        return resolve()(**kwargs)

    factory.resolve = resolve  # type: ignore[attr-defined]  # what the factory builds, for signature checks
    factory.__qualname__ = factory.__name__ = f"create_{attribute}"
    factory.__doc__ = f"Build {path} with the given keyword arguments."
    return factory


@hookimpl
def genesis_generators() -> Iterable[GeneratorSpec]:
    """Core's generators."""
    yield GeneratorSpec(
        name="gaussian-copula",
        summary="Gaussian copula with fitted marginals, point masses, nulls and functional dependencies",
        factory=_lazy("genesis.generators.copula:GaussianCopulaGenerator"),
    )


@hookimpl
def genesis_sinks() -> Iterable[SinkSpec]:
    """Core's sinks; file sinks take ``path``, stdout takes ``format`` ('csv' or 'jsonl')."""
    yield SinkSpec(name="csv", summary="CSV file, header once", factory=_lazy("genesis.sinks.files:CsvSink"))
    yield SinkSpec(name="jsonl", summary="JSON Lines file", factory=_lazy("genesis.sinks.files:JsonlSink"))
    yield SinkSpec(name="parquet", summary="Parquet file, a row group per batch",
                   factory=_lazy("genesis.sinks.files:ParquetSink"), requires=("pyarrow>=15",))
    yield SinkSpec(name="stdout", summary="Standard output as CSV or JSON Lines",
                   factory=_lazy("genesis.sinks.memory:StdoutSink"))
    yield SinkSpec(name="memory", summary="Keeps batches in memory", factory=_lazy("genesis.sinks.memory:MemorySink"))


@hookimpl
def genesis_reporters() -> Iterable[ReporterSpec]:
    """Core's quality-report renderers."""
    yield ReporterSpec(name="console", summary="Rich table on the terminal",
                       factory=_lazy("genesis.evaluation.reporters:ConsoleReporter"))
    yield ReporterSpec(name="json", summary="JSON document", factory=_lazy("genesis.evaluation.reporters:JsonReporter"))


@hookimpl
def genesis_executors() -> Iterable[ExecutorSpec]:
    """Core's partition executors; all take ``workers``, dask also ``address``."""
    yield ExecutorSpec(name="local", summary="Threads on this machine (generation releases the GIL)",
                       factory=_lazy("genesis.executors.local:LocalExecutor"))
    yield ExecutorSpec(name="processes", summary="Processes on this machine, for generators that hold the GIL",
                       factory=_lazy("genesis.executors.local:ProcessExecutor"))
    yield ExecutorSpec(name="dask", summary="Dask distributed cluster (local unless an address is given)",
                       factory=_lazy("genesis.executors.dask:DaskExecutor"), requires=("distributed>=2024.8",))


def _guided(strategy: str) -> Any:
    """A factory for ``GuidedConditionalSampler(strategy=...)`` taking its other keywords."""

    def factory(**kwargs: Any) -> Any:
        from genesis.conditions import GuidedConditionalSampler

        return GuidedConditionalSampler(strategy=strategy, **kwargs)

    factory.__doc__ = f"Build a GuidedConditionalSampler with strategy {strategy!r}."
    return factory


@hookimpl
def genesis_samplers() -> Iterable[SamplerSpec]:
    """Core's conditional sampling strategies."""
    yield SamplerSpec(name="rejection", summary="Sample and filter in fixed oversampled batches",
                      factory=_guided("rejection"))
    yield SamplerSpec(name="iterative-refinement",
                      summary="Sample and filter, batches sized from the observed acceptance rate",
                      factory=_guided("iterative_refinement"))
    yield SamplerSpec(name="importance-sampling",
                      summary="Exact conditioning in a latent-Gaussian model's normal-score space",
                      factory=_guided("importance_sampling"))


@hookimpl
def genesis_nl_parsers() -> Iterable[NLParserSpec]:
    """Core's natural-language parsers."""
    yield NLParserSpec(name="rule-based", summary="Offline, deterministic rule-based parser grounded in the schema",
                       factory=_lazy("genesis.nl.parser:RuleBasedParser"))

"""The plugin system: hookspecs, spec records and the plugin manager."""

from genesis.plugins.hookspecs import hookimpl
from genesis.plugins.manager import GenesisPluginManager, get_plugin_manager, reset_plugin_manager
from genesis.plugins.types import (
    AggregatorSpec,
    BatchInfo,
    ComponentSpec,
    ExecutorSpec,
    GeneratorSpec,
    NLParserSpec,
    ReporterSpec,
    RunInfo,
    RunResult,
    SamplerSpec,
    SinkSpec,
)

__all__ = [
    "AggregatorSpec",
    "BatchInfo",
    "ComponentSpec",
    "ExecutorSpec",
    "GeneratorSpec",
    "GenesisPluginManager",
    "NLParserSpec",
    "ReporterSpec",
    "RunInfo",
    "RunResult",
    "SamplerSpec",
    "SinkSpec",
    "get_plugin_manager",
    "hookimpl",
    "reset_plugin_manager",
]

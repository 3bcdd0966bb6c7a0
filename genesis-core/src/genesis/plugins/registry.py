"""Collecting spec records from registration hooks, with provider attribution and conflict checks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any, TypeVar

import pluggy

from genesis.errors import ConfigError, PluginConflictError
from genesis.plugins.types import (
    AggregatorSpec,
    ComponentSpec,
    ExecutorSpec,
    GeneratorSpec,
    NLParserSpec,
    ReporterSpec,
    SamplerSpec,
    SinkSpec,
)

__all__ = ["HOOK_FOR_SPEC", "SPEC_TYPES", "collect_specs", "find_conflicts"]

SpecT = TypeVar("SpecT", bound=ComponentSpec)

HOOK_FOR_SPEC: dict[type[ComponentSpec], str] = {
    GeneratorSpec: "genesis_generators",
    SamplerSpec: "genesis_samplers",
    AggregatorSpec: "genesis_aggregators",
    SinkSpec: "genesis_sinks",
    ReporterSpec: "genesis_reporters",
    NLParserSpec: "genesis_nl_parsers",
    ExecutorSpec: "genesis_executors",
}
SPEC_TYPES: dict[str, type[ComponentSpec]] = {spec.kind: spec for spec in HOOK_FOR_SPEC}


def _results_by_plugin(pm: pluggy.PluginManager, hook_name: str) -> Iterator[tuple[str, list[Any]]]:
    """Call a registration hook once per implementing plugin, through pluggy (so tracing sees it)."""
    impls = getattr(pm.hook, hook_name).get_hookimpls()
    for impl in reversed(impls):
        others = [other.plugin for other in impls if other.plugin is not impl.plugin]
        for records in pm.subset_hook_caller(hook_name, remove_plugins=others)():
            yield impl.plugin_name, list(records or ())


def find_conflicts(pm: pluggy.PluginManager, spec_type: type[SpecT]) -> tuple[dict[str, SpecT], dict[str, list[str]]]:
    """Call every implementation of ``spec_type``'s hook; return the records by name and the clashing names.

    Each record gets its provider's plugin name attached; the first provider of a name is kept.
    The second mapping lists, for every name provided more than once, all of its providers.
    """
    hook_name = HOOK_FOR_SPEC[spec_type]
    found: dict[str, SpecT] = {}
    providers: dict[str, list[str]] = {}
    for provider, records in _results_by_plugin(pm, hook_name):
        for spec in records:
            if not isinstance(spec, spec_type):
                raise ConfigError(
                    f"plugin '{provider}' returned {type(spec).__name__} from {hook_name}; "
                    f"expected {spec_type.__name__}"
                )
            providers.setdefault(spec.name, []).append(provider)
            found.setdefault(spec.name, replace(spec, plugin=provider))
    return found, {name: owners for name, owners in providers.items() if len(owners) > 1}


def collect_specs(pm: pluggy.PluginManager, spec_type: type[SpecT]) -> dict[str, SpecT]:
    """Every record of ``spec_type`` by canonical name; a name provided twice raises :class:`PluginConflictError`."""
    found, clashes = find_conflicts(pm, spec_type)
    for name, owners in clashes.items():
        raise PluginConflictError(spec_type.kind, name, owners)
    return found

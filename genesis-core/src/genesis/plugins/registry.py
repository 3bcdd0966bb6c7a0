"""Collecting spec records from registration hooks, with provider attribution and conflict checks."""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

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

__all__ = ["HOOK_FOR_SPEC", "SPEC_TYPES", "collect_specs"]

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


def collect_specs(pm: pluggy.PluginManager, spec_type: type[SpecT]) -> dict[str, SpecT]:
    """Call every implementation of ``spec_type``'s hook and return its records by name.

    Each record gets its provider's plugin name attached. Two records with one name raise
    :class:`PluginConflictError` listing every provider.
    """
    hook = getattr(pm.hook, HOOK_FOR_SPEC[spec_type])
    found: dict[str, SpecT] = {}
    providers: dict[str, list[str]] = {}
    for impl in reversed(hook.get_hookimpls()):
        for spec in impl.function() or ():
            if not isinstance(spec, spec_type):
                raise ConfigError(
                    f"plugin '{impl.plugin_name}' returned {type(spec).__name__} from "
                    f"{HOOK_FOR_SPEC[spec_type]}; expected {spec_type.__name__}"
                )
            providers.setdefault(spec.name, []).append(impl.plugin_name)
            found.setdefault(spec.name, replace(spec, plugin=impl.plugin_name))
    for name, owners in providers.items():
        if len(owners) > 1:
            raise PluginConflictError(spec_type.kind, name, owners)
    return found

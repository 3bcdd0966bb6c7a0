"""What ``genesis plugins list`` and ``genesis plugins doctor`` report."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, entry_points, version

from packaging.requirements import InvalidRequirement, Requirement

from genesis import __version__
from genesis.plugins.loading import ENTRY_POINT_GROUP
from genesis.plugins.manager import BUILTIN_PLUGINS, GenesisPluginManager
from genesis.plugins.registry import SPEC_TYPES, find_conflicts

__all__ = ["KIND_ORDER", "ComponentInfo", "PluginInfo", "describe_components", "describe_plugins", "diagnose"]

#: The order ``genesis plugins list`` shows kinds in: what users pick most often first.
KIND_ORDER = ("generator", "sampler", "sink", "reporter", "executor", "nl-parser", "aggregator")


@dataclass(frozen=True)
class PluginInfo:
    """One row of ``genesis plugins list``."""

    name: str
    distribution: str | None
    version: str | None
    status: str
    hooks: list[str] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-safe form."""
        return asdict(self)


def describe_plugins(manager: GenesisPluginManager) -> list[PluginInfo]:
    """Built-ins first, then every ``genesis`` entry point with its status."""
    rows = [PluginInfo(name, "genesis-core", __version__, "active", manager.hooks_of(name)) for name in BUILTIN_PLUGINS]
    loaded = {outcome.name: outcome for outcome in manager.outcomes}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name in BUILTIN_PLUGINS or any(row.name == ep.name for row in rows):
            continue
        dist = ep.dist.name if ep.dist else None
        dist_version = ep.dist.version if ep.dist else None
        outcome = loaded.get(ep.name)
        if outcome is None:
            rows.append(PluginInfo(ep.name, dist, dist_version, "disabled", error="plugin autoload is switched off"))
            continue
        error = str(outcome.error) if outcome.error else None
        rows.append(PluginInfo(ep.name, dist, dist_version, outcome.status, manager.hooks_of(ep.name), error))
    return rows


@dataclass(frozen=True)
class ComponentInfo:
    """One component of ``genesis plugins list``: the name users type, what it does and who provides it."""

    kind: str
    name: str
    summary: str
    plugin: str
    distribution: str | None
    version: str | None
    requires: list[str] = field(default_factory=list)
    also_provided_by: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        """JSON-safe form."""
        return asdict(self)


def describe_components(manager: GenesisPluginManager) -> list[ComponentInfo]:
    """Every registered component, by kind (:data:`KIND_ORDER`) then name, with its providing distribution.

    A name two plugins provide is listed once, for the provider that wins, with the others in ``also_provided_by``
    (``genesis plugins doctor`` reports the clash).
    """
    dists: dict[str, tuple[str | None, str | None]] = {name: ("genesis-core", __version__)
                                                       for name in BUILTIN_PLUGINS}
    dists |= {outcome.name: (outcome.dist, outcome.version) for outcome in manager.outcomes}
    rows = []
    for kind in KIND_ORDER:
        specs, clashes = find_conflicts(manager.pm, SPEC_TYPES[kind])
        for name in sorted(specs):
            spec = specs[name]
            plugin = spec.plugin or "?"
            distribution, dist_version = dists.get(plugin, (None, None))
            others = [owner for owner in clashes.get(name, []) if owner != plugin]
            rows.append(ComponentInfo(kind, name, spec.summary, plugin, distribution, dist_version,
                                      list(spec.requires), others))
    return rows


def _unmet_requirements(manager: GenesisPluginManager) -> list[str]:
    problems = []
    for spec_type in SPEC_TYPES.values():
        specs, _ = find_conflicts(manager.pm, spec_type)
        for spec in specs.values():
            for text in spec.requires:
                try:
                    requirement = Requirement(text)
                except InvalidRequirement as exc:
                    problems.append(f"{spec.kind} '{spec.name}' ({spec.plugin}): invalid requirement {text!r}: {exc}")
                    continue
                try:
                    installed = version(requirement.name)
                except PackageNotFoundError:
                    problems.append(f"{spec.kind} '{spec.name}' ({spec.plugin}) requires {text}: not installed")
                    continue
                if installed not in requirement.specifier:
                    problems.append(
                        f"{spec.kind} '{spec.name}' ({spec.plugin}) requires {text}: {installed} is installed"
                    )
    return problems


def _conflicts(manager: GenesisPluginManager) -> list[str]:
    problems = []
    for spec_type in SPEC_TYPES.values():
        _, clashes = find_conflicts(manager.pm, spec_type)
        problems += [f"{spec_type.kind} '{name}' is registered by: {', '.join(who)}" for name, who in clashes.items()]
    return problems


def diagnose(manager: GenesisPluginManager) -> dict[str, list[str]]:
    """Every problem found, by category: load errors, unmet requirements, name conflicts."""
    return {
        "load_errors": [str(outcome.error) for outcome in manager.outcomes if outcome.error],
        "unmet_requirements": _unmet_requirements(manager),
        "conflicts": _conflicts(manager),
    }

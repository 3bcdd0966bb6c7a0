"""Loading plugins from the ``genesis`` entry-point group, each in isolation.

A plugin that fails to import, register or validate is recorded and skipped, never fatal,
unless strict mode asks for the error to be raised (useful in a plugin's own CI).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points

import pluggy

from genesis.errors import PluginLoadError

__all__ = ["ENTRY_POINT_GROUP", "LoadOutcome", "load_entry_point_plugins"]

ENTRY_POINT_GROUP = "genesis"
logger = logging.getLogger("genesis.plugins")


@dataclass(frozen=True)
class LoadOutcome:
    """What happened to one entry point: active, disabled or broken (with its error)."""

    name: str
    dist: str | None
    version: str | None
    status: str
    error: PluginLoadError | None = None


def _distribution(ep: EntryPoint) -> tuple[str | None, str | None]:
    dist = ep.dist
    return (dist.name, dist.version) if dist is not None else (None, None)


def _unique_entry_points() -> list[EntryPoint]:
    seen: set[tuple[str, str]] = set()
    unique = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if (ep.name, ep.value) not in seen:
            seen.add((ep.name, ep.value))
            unique.append(ep)
    return unique


def _register_one(pm: pluggy.PluginManager, ep: EntryPoint) -> None:
    if pm.get_plugin(ep.name) is not None:
        raise ValueError(f"a plugin named '{ep.name}' is already registered")
    module = ep.load()
    pm.register(module, name=ep.name)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError:
        pm.unregister(name=ep.name)
        raise


def load_entry_point_plugins(pm: pluggy.PluginManager, *, blocked: frozenset[str], strict: bool) -> list[LoadOutcome]:
    """Register every ``genesis`` entry point not blocked; return one outcome per entry point."""
    outcomes = []
    for ep in _unique_entry_points():
        dist, version = _distribution(ep)
        if "*" in blocked or ep.name in blocked:
            pm.set_blocked(ep.name)
            outcomes.append(LoadOutcome(ep.name, dist, version, "disabled"))
            continue
        try:
            _register_one(pm, ep)
        except Exception as exc:
            error = PluginLoadError(ep.name, dist, version, exc)
            if strict:
                raise error from exc
            logger.warning("%s", error)
            outcomes.append(LoadOutcome(ep.name, dist, version, "broken", error))
            continue
        outcomes.append(LoadOutcome(ep.name, dist, version, "active"))
    return outcomes

"""The Genesis plugin manager: a typed facade over pluggy.

Order of registration: core's built-in modules, then the ``genesis`` entry points (each in
isolation, see :mod:`genesis.plugins.loading`). Switches, read from the environment when the
manager is built:

``GENESIS_DISABLE_PLUGIN_AUTOLOAD=1``  load built-ins only (``genesis --no-plugins`` sets it)
``GENESIS_DISABLE_PLUGINS=kafka,foo``  block these entry points (``*`` blocks them all)
``GENESIS_STRICT_PLUGINS=1``           raise on the first load error instead of listing it
``GENESIS_TRACE_HOOKS=1``              trace every hook call on stderr
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from typing import Any, TypeVar

import pluggy

from genesis.errors import PluginConflictError, UnknownComponentError
from genesis.plugins import hookspecs
from genesis.plugins.loading import LoadOutcome, load_entry_point_plugins
from genesis.plugins.registry import collect_specs, find_conflicts
from genesis.plugins.types import ComponentSpec, normalize_name

__all__ = [
    "BUILTIN_PLUGINS",
    "GenesisPluginManager",
    "get_plugin_manager",
    "reset_plugin_manager",
]

SpecT = TypeVar("SpecT", bound=ComponentSpec)

#: Core's own hookimpl modules, registered first under these names.
BUILTIN_PLUGINS: dict[str, str] = {"genesis": "genesis.plugins.builtin"}


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _blocked_names() -> frozenset[str]:
    raw = os.environ.get("GENESIS_DISABLE_PLUGINS", "")
    return frozenset(part.strip() for part in raw.split(",") if part.strip())


class GenesisPluginManager:
    """Owns the pluggy manager, what was loaded, and typed access to registered components."""

    def __init__(self, *, autoload: bool = True, blocked: frozenset[str] = frozenset(), strict: bool = False,
                 trace: bool = False) -> None:
        self.pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
        self.pm.add_hookspecs(hookspecs)
        if trace:
            self.pm.trace.root.setwriter(sys.stderr.write)
            self.pm.enable_tracing()
        for name, module_path in BUILTIN_PLUGINS.items():
            self.pm.register(__import__(module_path, fromlist=["_"]), name=name)
        self.pm.check_pending()
        self.outcomes: list[LoadOutcome] = []
        if autoload:
            self.outcomes = load_entry_point_plugins(self.pm, blocked=blocked, strict=strict)

    @property
    def hook(self) -> Any:
        """The pluggy hook relay, for lifecycle notifications (call with keyword arguments)."""
        return self.pm.hook

    def register(self, plugin: object, name: str | None = None) -> str | None:
        """Register an in-process plugin object or module (tests, notebooks, embedding apps)."""
        registered = self.pm.register(plugin, name=name)
        self.pm.check_pending()
        return registered

    def specs(self, spec_type: type[SpecT]) -> dict[str, SpecT]:
        """Every registered component of one kind, by canonical name."""
        return collect_specs(self.pm, spec_type)

    def get(self, spec_type: type[SpecT], name: str) -> SpecT:
        """The component of ``spec_type`` called ``name`` (any spelling that normalises to it).

        Only a clash on ``name`` itself raises :class:`PluginConflictError`: two plugins fighting over another
        name never block this lookup.
        """
        available, clashes = find_conflicts(self.pm, spec_type)
        canonical = normalize_name(name)
        if canonical in clashes:
            raise PluginConflictError(spec_type.kind, canonical, clashes[canonical])
        if canonical not in available:
            raise UnknownComponentError(spec_type.kind, name, sorted(available))
        return available[canonical]

    def hooks_of(self, plugin_name: str) -> list[str]:
        """Names of the hooks a registered plugin implements."""
        plugin = self.pm.get_plugin(plugin_name)
        if plugin is None:
            return []
        return sorted(caller.name for caller in self.pm.get_hookcallers(plugin) or [])


def _build() -> GenesisPluginManager:
    return GenesisPluginManager(
        autoload=not _flag("GENESIS_DISABLE_PLUGIN_AUTOLOAD"),
        blocked=_blocked_names(),
        strict=_flag("GENESIS_STRICT_PLUGINS"),
        trace=_flag("GENESIS_TRACE_HOOKS"),
    )


@lru_cache(maxsize=1)
def get_plugin_manager() -> GenesisPluginManager:
    """The process-wide plugin manager, built on first use with the environment's switches."""
    return _build()


def reset_plugin_manager() -> None:
    """Forget the cached manager so the next call rebuilds it (tests, ``--no-plugins``)."""
    get_plugin_manager.cache_clear()

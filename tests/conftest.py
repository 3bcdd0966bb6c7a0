"""Shared fixtures: every test gets a fresh plugin manager that does not autoload installed plugins."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from genesis.plugins.manager import GenesisPluginManager, get_plugin_manager, reset_plugin_manager


@pytest.fixture(autouse=True)
def _isolated_plugins(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Built-ins only unless the test is marked ``autoload``; the cached manager is rebuilt around each test."""
    for switch in ("GENESIS_DISABLE_PLUGINS", "GENESIS_STRICT_PLUGINS", "GENESIS_TRACE_HOOKS"):
        monkeypatch.delenv(switch, raising=False)
    if request.node.get_closest_marker("autoload") is None:
        monkeypatch.setenv("GENESIS_DISABLE_PLUGIN_AUTOLOAD", "1")
    else:
        monkeypatch.delenv("GENESIS_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    reset_plugin_manager()
    yield
    reset_plugin_manager()


@pytest.fixture
def plugin_manager() -> GenesisPluginManager:
    """The process manager as the test's switches built it."""
    return get_plugin_manager()

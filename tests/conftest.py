"""Shared fixtures: every test gets a fresh plugin manager that does not autoload installed plugins."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from genesis.plugins.manager import GenesisPluginManager, get_plugin_manager, reset_plugin_manager


def pytest_configure(config: pytest.Config) -> None:
    """Whatever plugins the environment has installed, tests (and their module fixtures) see built-ins only."""
    for switch in ("GENESIS_DISABLE_PLUGINS", "GENESIS_STRICT_PLUGINS", "GENESIS_TRACE_HOOKS"):
        os.environ.pop(switch, None)
    os.environ["GENESIS_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    reset_plugin_manager()


@pytest.fixture(autouse=True)
def _isolated_plugins(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests marked ``autoload`` load installed entry points; the cached manager is rebuilt around each test."""
    if request.node.get_closest_marker("autoload") is not None:
        monkeypatch.delenv("GENESIS_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    reset_plugin_manager()
    yield
    reset_plugin_manager()


@pytest.fixture(autouse=True)
def _lineage_state(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Checkpoints remembered by ``genesis lineage verify`` go to a fresh folder per test, never the home folder."""
    monkeypatch.setenv("GENESIS_LINEAGE_STATE", str(tmp_path_factory.mktemp("lineage-state")))


@pytest.fixture
def plugin_manager() -> GenesisPluginManager:
    """The process manager as the test's switches built it."""
    return get_plugin_manager()


def assert_sibling_contract(short_name: str) -> None:
    """A sibling distribution registers its plugin module under the ``genesis`` group and it loads cleanly."""
    import importlib
    from importlib.metadata import entry_points, version

    import genesis
    from genesis.plugins.loading import load_entry_point_plugins

    dist = f"genesis-{short_name}"
    assert version(dist) == genesis.__version__
    (ep,) = [ep for ep in entry_points(group="genesis") if ep.name == short_name]
    assert ep.dist is not None and ep.dist.name == dist
    assert ep.value == f"genesis_{short_name}.plugin"
    module = importlib.import_module(f"genesis_{short_name}")
    assert module.__version__ == genesis.__version__
    manager = GenesisPluginManager(autoload=False)
    outcomes = {o.name: o for o in load_entry_point_plugins(manager.pm, blocked=frozenset(), strict=False)}
    assert outcomes[short_name].status == "active", outcomes[short_name].error
    from genesis.plugins.listing import describe_components

    provided = [row for row in describe_components(GenesisPluginManager(autoload=True)) if row.plugin == short_name]
    assert provided and all(row.distribution == dist for row in provided)  # what `genesis plugins list` shows


@pytest.fixture
def sibling_contract() -> object:
    """The checker every sibling's test folder runs against its own distribution."""
    return assert_sibling_contract

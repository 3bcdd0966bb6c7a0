"""With every distribution installed together: all first-party plugins load side by side and the contract paths
reach the siblings (what no single distribution's session can check)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from genesis.plugins.manager import GenesisPluginManager
from genesis.plugins.types import AggregatorSpec, GeneratorSpec, ReporterSpec, SinkSpec

SIBLINGS = ["kafka", "websocket", "federated", "dashboard"]


@pytest.fixture
def everything() -> GenesisPluginManager:
    return GenesisPluginManager(autoload=True, blocked=frozenset({"broken", "conflict"}))


def test_every_first_party_plugin_is_active_together(everything: GenesisPluginManager) -> None:
    status = {outcome.name: outcome.status for outcome in everything.outcomes}
    assert {name: status.get(name) for name in SIBLINGS} == dict.fromkeys(SIBLINGS, "active")


def test_the_siblings_components_are_registered_beside_the_built_ins(everything: GenesisPluginManager) -> None:
    assert {"csv", "parquet", "kafka", "websocket"} <= set(everything.specs(SinkSpec))
    assert {"console", "json", "html", "pdf"} <= set(everything.specs(ReporterSpec))
    assert {"mean", "secure"} <= set(everything.specs(AggregatorSpec))
    assert "gaussian-copula" in everything.specs(GeneratorSpec)


def test_contract_paths_forward_to_the_installed_siblings() -> None:
    import genesis.dashboard
    import genesis.federated
    import genesis.streaming
    import genesis_dashboard
    import genesis_federated
    import genesis_kafka
    import genesis_websocket

    assert genesis.streaming.KafkaStreamingGenerator is genesis_kafka.KafkaStreamingGenerator
    assert genesis.streaming.WebSocketStreamingGenerator is genesis_websocket.WebSocketStreamingGenerator
    assert genesis.federated.FederatedGenerator is genesis_federated.FederatedGenerator
    assert genesis.dashboard.QualityDashboard is genesis_dashboard.QualityDashboard


def test_root_help_lists_every_first_party_plugin_command() -> None:
    environment = {key: value for key, value in os.environ.items() if key != "GENESIS_DISABLE_PLUGIN_AUTOLOAD"}
    environment["GENESIS_DISABLE_PLUGINS"] = "broken,conflict"
    result = subprocess.run([sys.executable, "-m", "genesis.cli.app", "--help"], capture_output=True, text=True,
                            timeout=120, env=environment, check=False)
    assert result.returncode == 0, result.stderr
    for command in ("dashboard", "stream"):
        assert command in result.stdout

"""The aggregators as users find them: through the plugin manager and through genesis.federated."""

from __future__ import annotations

import pytest

import genesis.federated
import genesis_federated
from genesis.plugins import AggregatorSpec, get_plugin_manager
from genesis.protocols import Aggregator


@pytest.mark.autoload
def test_mean_and_secure_are_registered_by_the_federated_plugin() -> None:
    manager = get_plugin_manager()
    mean = manager.get(AggregatorSpec, "mean")
    secure = manager.get(AggregatorSpec, "secure")
    assert mean.plugin == secure.plugin == "federated"
    assert isinstance(mean.create(), genesis_federated.ModelAggregator)
    built = secure.create(epsilon=1.0, min_sites=3)
    assert isinstance(built, genesis_federated.SecureAggregator) and isinstance(built, Aggregator)
    assert (built.epsilon, built.min_sites, built.delta) == (1.0, 3, 1e-5)


def test_core_forwarders_reach_this_distribution() -> None:
    for name in genesis.federated.__all__:
        assert getattr(genesis.federated, name) is getattr(genesis_federated, name)
    assert issubclass(genesis_federated.SecureAggregator, genesis_federated.ModelAggregator)

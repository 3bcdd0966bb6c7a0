"""Contract paths in core forward to siblings, or name the install command when a sibling is missing."""

from __future__ import annotations

import importlib
import sys

import pytest

from genesis.errors import GenesisError, MissingExtraError

FORWARDED = [
    ("genesis.streaming", "KafkaStreamingGenerator", "genesis_kafka", "kafka"),
    ("genesis.streaming", "WebSocketStreamingGenerator", "genesis_websocket", "websocket"),
    ("genesis.federated", "FederatedGenerator", "genesis_federated", "federated"),
    ("genesis.federated", "create_federated_generator", "genesis_federated", "federated"),
    ("genesis.dashboard", "QualityDashboard", "genesis_dashboard", "dashboard"),
]


@pytest.mark.parametrize(("module", "name", "sibling", "extra"), FORWARDED)
def test_missing_sibling_raises_missing_extra_with_install_command(
    monkeypatch: pytest.MonkeyPatch, module: str, name: str, sibling: str, extra: str
) -> None:
    monkeypatch.setitem(sys.modules, sibling, None)  # makes `import sibling` fail as if not installed
    forwarder = importlib.import_module(module)
    with pytest.raises(MissingExtraError) as caught:
        getattr(forwarder, name)
    assert f'pip install "genesis-core[{extra}]"' in str(caught.value)
    assert isinstance(caught.value, ImportError)
    assert isinstance(caught.value, GenesisError)


def test_from_import_of_a_missing_sibling_name_raises_import_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "genesis_kafka", None)
    with pytest.raises(ImportError, match="genesis-core\\[kafka\\]"):
        from genesis.streaming import KafkaStreamingGenerator  # noqa: F401


def test_unknown_names_are_plain_attribute_errors() -> None:
    import genesis.federated

    with pytest.raises(AttributeError, match="NoSuchThing"):
        genesis.federated.NoSuchThing  # noqa: B018

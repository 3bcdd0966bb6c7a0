"""Run only where genesis-core is installed alone (nox session core_isolation)."""

from __future__ import annotations

import importlib.util

import pytest

from genesis.errors import MissingExtraError

pytestmark = pytest.mark.isolation


@pytest.mark.parametrize("sibling", ["genesis_kafka", "genesis_websocket", "genesis_federated", "genesis_dashboard"])
def test_no_sibling_is_installed(sibling: str) -> None:
    assert importlib.util.find_spec(sibling) is None


def test_forwarders_name_the_install_command_for_real() -> None:
    import genesis.dashboard

    with pytest.raises(MissingExtraError, match='pip install "genesis-core\\[dashboard\\]"'):
        genesis.dashboard.create_dashboard  # noqa: B018

"""genesis-websocket is a real distribution whose plugin registers and loads."""

from collections.abc import Callable


def test_distribution_contract(sibling_contract: Callable[[str], None]) -> None:
    sibling_contract("websocket")

"""Errors of genesis-kafka, all :class:`genesis.errors.GenesisError` subclasses (one red line in the CLI)."""

from __future__ import annotations

from genesis.errors import GenesisError

__all__ = ["BrokerUnavailableError", "KafkaDeliveryError"]


class BrokerUnavailableError(GenesisError, ConnectionError):
    """No broker answered within the connection timeout, or the client entered a fatal state."""


class KafkaDeliveryError(GenesisError, RuntimeError):
    """Rows were not confirmed by the broker: they failed for good or were still unconfirmed at the flush deadline."""

    def __init__(self, message: str, *, failed: int = 0, unconfirmed: int = 0) -> None:
        self.failed = failed
        self.unconfirmed = unconfirmed
        super().__init__(message)

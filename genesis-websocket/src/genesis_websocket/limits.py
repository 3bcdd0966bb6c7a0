"""Bounds a server enforces: request sizes and rates, and what happens to clients that fall behind."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

from genesis.errors import ConfigError

__all__ = ["Limits", "RequestBudget", "SlowClientPolicy"]


def _positive(owner: str, **values: float | int | None) -> None:
    for name, value in values.items():
        if value is not None and (isinstance(value, bool) or not value > 0):
            raise ConfigError(f"{owner}.{name} must be positive, got {value!r}")


@dataclass(frozen=True)
class Limits:
    """What one client may ask for.

    ``max_message_bytes``: a larger request gets an ``error`` reply (``too_large``) and the connection stays open;
    a frame beyond ``hard_message_bytes`` is refused by the WebSocket layer itself (close code 1009).
    ``max_rows``: the largest ``n`` of a ``generate`` request. ``requests_per_second``: sustained request rate per
    client, with bursts of ``burst`` requests; requests beyond it get a ``rate_limited`` reply.
    ``auth_timeout``: seconds a client has to send its ``auth`` message when a token is required.
    """

    max_message_bytes: int = 64 * 1024
    hard_message_bytes: int = 1024 * 1024
    max_rows: int = 100_000
    requests_per_second: float = 20.0
    burst: int = 40
    auth_timeout: float = 5.0

    def __post_init__(self) -> None:
        _positive("Limits", max_message_bytes=self.max_message_bytes, hard_message_bytes=self.hard_message_bytes,
                  max_rows=self.max_rows, requests_per_second=self.requests_per_second, burst=self.burst,
                  auth_timeout=self.auth_timeout)
        if self.hard_message_bytes < self.max_message_bytes:
            raise ConfigError("Limits.hard_message_bytes must be at least max_message_bytes")


@dataclass(frozen=True)
class SlowClientPolicy:
    """When a subscribed client counts as too slow, and what then happens to it.

    A client is behind when more than ``max_pending`` batches wait in its queue, or when the oldest of them has
    waited more than ``max_lag`` seconds. ``action="disconnect"`` closes it (code 4001) and logs a warning;
    ``action="skip"`` keeps it connected but drops the new batches it cannot take (it sees gaps in ``seq``).
    ``socket_buffer`` caps the kernel send buffer of each connection (bytes; ``None`` leaves the system's
    autotuning, which can hide several megabytes of backlog and delay detection by tens of seconds).
    """

    max_pending: int = 32
    max_lag: float = 1.0
    action: Literal["disconnect", "skip"] = "disconnect"
    socket_buffer: int | None = 64 * 1024

    def __post_init__(self) -> None:
        _positive("SlowClientPolicy", max_pending=self.max_pending, max_lag=self.max_lag,
                  socket_buffer=self.socket_buffer)
        if self.action not in ("disconnect", "skip"):
            raise ConfigError(f"SlowClientPolicy.action must be 'disconnect' or 'skip', got {self.action!r}")


class RequestBudget:
    """A token bucket: ``rate`` requests per second on average, up to ``burst`` at once."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = burst
        self._tokens = float(burst)
        self._stamp = time.monotonic()

    def take(self) -> bool:
        """Spend one request; False when the budget is exhausted."""
        now = time.monotonic()
        self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now
        if self._tokens < 1.0:
            return False
        self._tokens -= 1.0
        return True

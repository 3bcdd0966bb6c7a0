"""Clarification sessions: pending interpretations by session id, bounded in number and in age."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from genesis.errors import ConfigError
from genesis.nl import Interpretation

__all__ = ["Session", "SessionStore"]


@dataclass(frozen=True)
class Session:
    """The dataset a conversation is about and what has been understood so far."""

    data_context: str
    interpretation: Interpretation


class SessionStore:
    """At most ``max_sessions`` sessions, each forgotten ``ttl`` seconds after its last use (oldest go first)."""

    def __init__(self, *, max_sessions: int = 1_000, ttl: float = 900.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if max_sessions < 1 or ttl <= 0:
            raise ConfigError(f"max_sessions must be >= 1 and ttl > 0, got {max_sessions} and {ttl}")
        self.max_sessions = max_sessions
        self.ttl = ttl
        self._clock = clock
        self._items: OrderedDict[str, tuple[float, Session]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, session_id: str) -> Session | None:
        """The live session ``session_id``, or None when unknown or expired."""
        with self._lock:
            self._expire()
            found = self._items.get(session_id)
            return None if found is None else found[1]

    def put(self, session_id: str, session: Session) -> None:
        """Store ``session`` (refreshing its age), evicting the least recently used beyond the bound."""
        with self._lock:
            self._expire()
            self._items[session_id] = (self._clock(), session)
            self._items.move_to_end(session_id)
            while len(self._items) > self.max_sessions:
                self._items.popitem(last=False)

    def discard(self, session_id: str) -> None:
        """Forget ``session_id`` (after its request was generated)."""
        with self._lock:
            self._items.pop(session_id, None)

    def __len__(self) -> int:
        with self._lock:
            self._expire()
            return len(self._items)

    def _expire(self) -> None:
        deadline = self._clock() - self.ttl
        while self._items:
            oldest_id, (stamp, _) = next(iter(self._items.items()))
            if stamp > deadline:
                break
            del self._items[oldest_id]

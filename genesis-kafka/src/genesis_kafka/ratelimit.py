"""A token bucket: the rate limit of ``start_streaming(samples_per_second)``."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from genesis.errors import ConfigError

__all__ = ["TokenBucket"]


class TokenBucket:
    """Hands out ``rate`` tokens per second, holding at most ``burst`` unused ones.

    :meth:`acquire` of ``n`` tokens takes them at once, going into debt when fewer are there, and sleeps until the
    debt is paid; so by time ``t`` after the start at most ``rate * t + burst`` tokens were handed out however large
    each request is, and a steady caller gets exactly ``rate`` per second. The bucket starts empty (no initial
    burst), which keeps short runs on rate too. ``clock`` and ``sleep`` are injectable for tests.
    """

    def __init__(self, rate: float, burst: float | None = None, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], object] | None = None) -> None:
        if not rate > 0 or rate == float("inf"):
            raise ConfigError(f"rate must be a positive, finite number of rows per second, got {rate!r}")
        self.rate = float(rate)
        self.burst = float(burst) if burst is not None else max(1.0, self.rate / 10)
        if self.burst < 0:
            raise ConfigError(f"burst must be >= 0, got {burst!r}")
        self._clock = clock
        self._sleep = sleep
        self._tokens = 0.0
        self._last = clock()
        self._lock = threading.Lock()

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
        self._last = now

    def acquire(self, n: float, stop: threading.Event | None = None) -> bool:
        """Take ``n`` tokens, waiting as long as needed; ``False`` when ``stop`` was set while waiting."""
        with self._lock:
            self._refill()
            self._tokens -= n
            wait = -self._tokens / self.rate if self._tokens < 0 else 0.0
        if wait <= 0:
            return True
        if self._sleep is not None:
            self._sleep(wait)
            return True
        if stop is None:
            time.sleep(wait)
            return True
        return not stop.wait(wait)

"""The ``websocket`` sink: every written batch is broadcast to the clients connected to a server it runs."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Coroutine
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import pandas as pd

from genesis.errors import ConfigError
from genesis_websocket.server import WebSocketStreamingGenerator

__all__ = ["WebSocketSink", "parse_address"]


def parse_address(address: str | Path) -> tuple[str, int]:
    """``"host:port"`` (or ``"ws://host:port"``) as a pair; how ``genesis generate -o`` names the endpoint."""
    text = str(address).removeprefix("ws://").removeprefix("ws:/").rstrip("/")
    host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise ConfigError(f"websocket sink address must look like host:port, got {str(address)!r}")
    return host.strip("[]"), int(port)


class WebSocketSink:
    """A synchronous sink that serves WebSocket clients from a background thread while a run writes batches.

    ``open`` starts the server and, with ``subscribers > 0``, waits up to ``wait`` seconds for that many clients
    to connect (connected clients receive broadcasts unless they unsubscribe). ``write`` broadcasts one batch,
    holding the run back while a subscriber's queue is more than
    half full (at most ``rate`` rows per second when given); ``close`` stops the server and frees the port.
    Other keywords (``batch_size``, ``max_connections``, ``token``, ``origins``, ``limits``, ``slow_clients``)
    configure the :class:`WebSocketStreamingGenerator`.
    """

    def __init__(self, host: str = "0.0.0.0", port: int = 8765, *, path: str | Path | None = None,
                 subscribers: int = 0, wait: float = 30.0, rate: float | None = None, **options: Any) -> None:
        if path is not None:
            host, port = parse_address(path)
        if rate is not None and not rate > 0:
            raise ConfigError(f"rate must be a positive number of rows per second, got {rate!r}")
        self.server = WebSocketStreamingGenerator(host, port, **options)
        self.subscribers = subscribers
        self.wait = wait
        self.rate = rate
        self.rows_written = 0
        self.batches_written = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._next_due = 0.0

    def _call(self, coroutine: Coroutine[Any, Any, Any], timeout: float | None = None) -> Any:
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def open(self, schema: Any = None) -> None:
        """Start the server (and wait for subscribers when asked); ``schema`` is not needed."""
        if self._loop is not None:
            return
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="genesis-websocket-sink", daemon=True)
        self._thread.start()
        try:
            self._call(self.server.start_server())
            if self.subscribers:
                self._call(self.server.wait_for_subscribers(self.subscribers, self.wait))
        except BaseException:
            self.close()
            raise
        self._next_due = time.monotonic()

    def write(self, batch: pd.DataFrame) -> None:
        """Broadcast one batch to the subscribers."""
        if self._loop is None:
            self.open()
        if self.rate is not None:
            time.sleep(max(0.0, self._next_due - time.monotonic()))
            self._next_due = max(self._next_due, time.monotonic()) + len(batch) / self.rate
        self._call(self.server.wait_for_room())
        self.server.broadcast(batch)
        self.rows_written += len(batch)
        self.batches_written += 1

    def close(self) -> None:
        """Let queued batches go out, close every connection and release the port; safe to call twice."""
        if self._loop is None:
            return
        try:
            self._call(self._drain_and_stop())
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            if self._thread is not None:
                self._thread.join()
            self._loop.close()
            self._loop = self._thread = None

    async def _drain_and_stop(self) -> None:
        await self.server.wait_for_room(at_most=0)
        await self.server.stop()

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

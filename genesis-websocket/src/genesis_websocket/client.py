"""One connected client: its bounded outbox of broadcast batches and the task that drains it."""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque

from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed

from genesis_websocket.limits import Limits, RequestBudget, SlowClientPolicy

__all__ = ["DIRECT_WRITE_LIMIT", "Client"]

#: Bytes a connection's transport may already hold for a broadcast to be written to it directly, without its queue.
DIRECT_WRITE_LIMIT = 64 * 1024


class Client:
    """Per-connection state. Broadcast batches wait in the client's own queue, so one slow reader only ever
    delays itself; :meth:`offer` tells the server when the client is too far behind for the policy."""

    def __init__(self, connection: ServerConnection, policy: SlowClientPolicy, limits: Limits) -> None:
        self.connection = connection
        self.policy = policy
        self.budget = RequestBudget(limits.requests_per_second, limits.burst)
        self.subscribed = False
        self.skipped = 0
        self._outbox: deque[tuple[float, bytes]] = deque()
        self._ready = asyncio.Event()
        self._in_flight_since: float | None = None
        self._sender: asyncio.Task[None] | None = None

    @property
    def name(self) -> str:
        """The peer address, for log lines."""
        address = self.connection.remote_address
        return f"{address[0]}:{address[1]}" if address else str(self.connection.id)

    @property
    def pending(self) -> int:
        """Batches queued and not yet written to the socket."""
        return len(self._outbox) + (self._in_flight_since is not None)

    def lag(self, now: float) -> float:
        """Seconds the oldest undelivered batch has been waiting."""
        oldest = self._in_flight_since if self._in_flight_since is not None else (
            self._outbox[0][0] if self._outbox else now)
        return now - oldest

    def behind(self, now: float) -> bool:
        """Whether the client has fallen further behind than the policy allows."""
        return self.pending >= self.policy.max_pending or self.lag(now) > self.policy.max_lag

    def subscribe(self) -> None:
        """Start receiving broadcast batches."""
        self.subscribed = True
        if self._sender is None:
            self._sender = asyncio.get_running_loop().create_task(self._drain(), name=f"ws-send-{self.name}")

    def unsubscribe(self) -> None:
        """Stop receiving broadcast batches; batches still queued are discarded."""
        self.subscribed = False
        self._outbox.clear()

    def caught_up(self) -> bool:
        """Nothing queued or in flight and little in the socket's buffer: a batch can be written directly."""
        return (not self._outbox and self._in_flight_since is None
                and self.connection.transport.get_write_buffer_size() <= DIRECT_WRITE_LIMIT)

    def offer(self, payload: bytes, now: float) -> bool:
        """Queue one encoded batch (``now`` from ``time.monotonic``); False when the client must be dropped."""
        if self.behind(now):
            if self.policy.action == "disconnect":
                return False
            self.skipped += 1
            return True
        self._outbox.append((now, payload))
        self._ready.set()
        return True

    async def _drain(self) -> None:
        with contextlib.suppress(ConnectionClosed):
            while True:
                await self._ready.wait()
                self._ready.clear()
                while self._outbox:
                    queued_at, payload = self._outbox.popleft()
                    self._in_flight_since = queued_at
                    await self.connection.send(payload, text=True)
                    self._in_flight_since = None

    async def close(self, code: int, reason: str, grace: float) -> None:
        """Close with ``code``; a client that does not complete the closing handshake within ``grace`` seconds
        (typically one that stopped reading) has its TCP connection aborted."""
        self.subscribed = False
        if self._sender is not None:
            self._sender.cancel()
        try:
            async with asyncio.timeout(grace):
                await self.connection.close(code, reason)
        except TimeoutError:
            self.connection.transport.abort()
            await self.connection.wait_closed()

    async def stop_sending(self) -> None:
        """Cancel the sender task (the connection is gone)."""
        if self._sender is not None:
            self._sender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sender

"""Running the app under uvicorn with the connection-level bounds uvicorn does not set by itself.

uvicorn times out idle keep-alive connections, but a client that connects and sends nothing, or half a request
line and headers, holds its socket for ever (500 such sockets stayed open after 30 s). :class:`TimedH11Protocol`
closes a connection whose request headers are not complete ``header_timeout`` seconds after it opened or after
its previous response; the request body has its own deadline in :class:`~genesis.api.guard.RequestGuard`.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["TimedH11Protocol", "run_server", "server_config"]


class TimedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for receiving each request's headers."""

    header_timeout: float = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._header_deadline: asyncio.TimerHandle | None = None
        self._arm_header_deadline()

    def _arm_header_deadline(self) -> None:
        if self._header_deadline is None:
            self._header_deadline = self.loop.call_later(self.header_timeout, self._headers_too_slow)

    def _disarm_header_deadline(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _waiting_for_headers(self) -> bool:
        return self.cycle is None or self.cycle.response_complete

    def data_received(self, data: bytes) -> None:
        if self._waiting_for_headers():
            self._arm_header_deadline()
        super().data_received(data)
        if not self._waiting_for_headers():
            self._disarm_header_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_deadline()
        super().connection_lost(exc)

    def _headers_too_slow(self) -> None:
        self._header_deadline = None
        if self._waiting_for_headers() and not self.transport.is_closing():
            self.transport.close()


def server_config(app: Any, *, host: str, port: int, header_timeout: float, keep_alive_timeout: int = 5,
                  log_level: str = "info") -> Any:
    """A ``uvicorn.Config`` for ``app`` with the header deadline and keep-alive timeout set."""
    import uvicorn

    protocol = type("TimedH11Protocol", (TimedH11Protocol,), {"header_timeout": header_timeout})
    return uvicorn.Config(app, host=host, port=port, http=protocol, timeout_keep_alive=keep_alive_timeout,
                          log_level=log_level, lifespan="off")


def run_server(app: Any, *, host: str, port: int, header_timeout: float, log_level: str = "info") -> None:
    """Serve ``app`` until interrupted."""
    import uvicorn

    uvicorn.Server(server_config(app, host=host, port=port, header_timeout=header_timeout,
                                 log_level=log_level)).run()

"""``InteractiveDashboard``: the quality report served live, with updates pushed over a WebSocket.

One ``websockets`` asyncio server on one port answers plain HTTP ``GET`` requests (``/`` the live page,
``/report.json`` the metrics, ``/healthz``) and WebSocket connections on ``/ws``. Each state of the report is
rendered once, when it is computed, and then only served, so a request never runs metrics or templates.
:meth:`InteractiveDashboard.update_synthetic` recomputes the report in the caller's thread and broadcasts the
new body and figures to every open page, which swaps them in without reloading.
"""

from __future__ import annotations

import asyncio
import http
import json
import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import pandas as pd

from genesis.errors import ConfigError, ExternalToolError
from genesis.jsonsafe import dumps
from genesis_dashboard.quality import QualityDashboard
from genesis_dashboard.render import render_body, render_page

if TYPE_CHECKING:
    from websockets.asyncio.server import Server, ServerConnection
    from websockets.http11 import Request, Response

__all__ = ["MAX_CLIENTS", "InteractiveDashboard"]

logger = logging.getLogger("genesis_dashboard.server")

#: Open WebSocket connections allowed at once; more are refused with close code 1013 (try again later).
MAX_CLIENTS = 64
_START_TIMEOUT = 30.0
_SEND_TIMEOUT = 30.0


@dataclass(frozen=True)
class _State:
    """One rendered state of the report."""

    version: int
    page: bytes
    metrics: bytes
    update: str  # the WebSocket message that brings an open page to this state


class InteractiveDashboard:
    """Live dashboard server.

    ``run()`` serves until :meth:`stop` is called (or Ctrl-C); ``start()`` does the same on a background
    thread and returns the page URL. ``port=0`` picks a free port (see :attr:`url`). Keyword-only ``name``,
    ``include_privacy``, ``include_ml_utility``, ``holdout`` and ``seed`` are passed to :class:`QualityDashboard`.

    >>> with InteractiveDashboard(real, synthetic, host="127.0.0.1", port=0) as live:  # doctest: +SKIP
    ...     print(live.url)
    ...     live.update_synthetic(better_synthetic)  # every open page redraws
    """

    def __init__(
        self,
        real_data: pd.DataFrame,
        synthetic_data: pd.DataFrame,
        host: str = "0.0.0.0",
        port: int = 8050,
        debug: bool = False,
        *,
        name: str = "Quality Report",
        include_privacy: bool = True,
        include_ml_utility: bool = True,
        holdout: pd.DataFrame | None = None,
        seed: int | None = 0,
    ) -> None:
        if not isinstance(host, str) or not host:
            raise ConfigError(f"host must be a non-empty string, got {host!r}")
        if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
            raise ConfigError(f"port must be an integer from 0 to 65535, got {port!r}")
        self.real_data = real_data
        self.host = host
        self.port = port
        self.debug = debug
        self._options = {
            "name": name, "include_privacy": include_privacy, "include_ml_utility": include_ml_utility,
            "holdout": holdout, "seed": seed,
        }  # fmt: skip
        self._lock = threading.Lock()
        self._state = self._render(synthetic_data, version=1)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._server: Server | None = None
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self._bound_port: int | None = None
        self._error: BaseException | None = None

    @property
    def url(self) -> str:
        """The page's address once the server listens (the bound port, even when ``port=0``)."""
        if self._bound_port is None:
            raise ConfigError("the dashboard is not running: call run() or start() first")
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        return f"http://{'[' + host + ']' if ':' in host else host}:{self._bound_port}/"

    @property
    def running(self) -> bool:
        """Whether the server started by :meth:`start` is serving."""
        return self._thread is not None and self._thread.is_alive()

    @property
    def version(self) -> int:
        """Number of the report state being served (1, then one more per update)."""
        return self._state.version

    def run(self) -> None:
        """Serve the dashboard until :meth:`stop` is called; blocks the calling thread."""
        if self.debug:
            logging.getLogger("websockets").setLevel(logging.DEBUG)
            logger.setLevel(logging.DEBUG)
        try:
            asyncio.run(self._serve())
        except BaseException as error:
            self._error = error
            raise
        finally:
            self._ready.set()

    def start(self, timeout: float = _START_TIMEOUT) -> str:
        """Serve on a background thread; return the page URL once the port is bound."""
        if self.running:
            return self.url
        self._ready.clear()
        self._error = None
        self._thread = threading.Thread(target=self._run_quietly, name="genesis-dashboard", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise ExternalToolError(f"the dashboard server did not start within {timeout} s")
        if self._error is not None:
            raise ConfigError(f"the dashboard could not listen on {self.host}:{self.port}: {self._error}")
        return self.url

    def stop(self, timeout: float = 10.0) -> None:
        """Close every connection and stop serving."""
        loop, stopping = self._loop, self._stopping
        if loop is not None and stopping is not None and not loop.is_closed():
            loop.call_soon_threadsafe(stopping.set)
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def __enter__(self) -> InteractiveDashboard:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def update_synthetic(self, data: pd.DataFrame) -> None:
        """Recompute the report for new synthetic ``data`` and push it to every open page.

        Invalid data raises a :class:`~genesis.errors.GenesisError` and leaves the served report unchanged.
        """
        with self._lock:
            self._state = self._render(data, version=self._state.version + 1)
            state = self._state
        loop = self._loop
        if loop is not None and not loop.is_closed() and self._server is not None:
            future = asyncio.run_coroutine_threadsafe(self._broadcast(state), loop)
            future.result(_SEND_TIMEOUT)

    def _render(self, synthetic: pd.DataFrame, *, version: int) -> _State:
        dashboard = QualityDashboard(self.real_data, synthetic, **self._options)  # type: ignore[arg-type]
        metrics = dashboard.compute_metrics()
        view = dashboard.view()
        head = dumps({"type": "update", "version": version, "metrics": metrics, "body": render_body(view)})
        message = f'{head[:-1]},"figures":{view.figures_json}}}'
        return _State(
            version=version,
            page=render_page(view, live=True, version=version).encode("utf-8"),
            metrics=dumps(metrics, indent=2).encode("utf-8"),
            update=message,
        )

    def _run_quietly(self) -> None:
        try:
            self.run()
        except BaseException:  # recorded in self._error and reported by start()
            logger.debug("dashboard server stopped with an error", exc_info=True)

    async def _serve(self) -> None:
        from websockets.asyncio.server import serve

        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        async with serve(
            self._connection, self.host, self.port, process_request=self._http, max_size=4096, ping_interval=20
        ) as server:
            self._server = server
            self._bound_port = next(iter(server.sockets)).getsockname()[1]
            logger.info("dashboard at %s", self.url)
            self._ready.set()
            try:
                await self._stopping.wait()
            finally:
                self._server = None
        self._bound_port = None

    def _http(self, connection: ServerConnection, request: Request) -> Response | None:
        """Answer plain HTTP requests; let WebSocket handshakes on ``/ws`` through."""
        path = urlsplit(request.path).path
        logger.debug("GET %s", request.path)
        if path == "/ws":
            return None
        state = self._state
        routes = {
            "/": (state.page, "text/html; charset=utf-8"),
            "/report.json": (state.metrics, "application/json"),
            "/healthz": (json.dumps({"status": "ok", "version": state.version}).encode(), "application/json"),
        }
        if path not in routes:
            return _response(http.HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")
        body, content_type = routes[path]
        return _response(http.HTTPStatus.OK, body, content_type)

    async def _connection(self, connection: ServerConnection) -> None:
        """Bring a new page up to date if it is behind, then keep it open for broadcasts."""
        if self._server is not None and len(self._server.connections) > MAX_CLIENTS:
            await connection.close(1013, "too many dashboard clients")
            return
        query = parse_qs(urlsplit(connection.request.path if connection.request else "").query)
        state = self._state
        if query.get("version", [""])[0] != str(state.version):
            await connection.send(state.update)
        async for _ in connection:  # pages send nothing we act on; this waits for the close
            pass

    async def _broadcast(self, state: _State) -> None:
        from websockets.asyncio.server import broadcast

        if self._server is not None:
            broadcast(self._server.connections, state.update)


def _response(status: http.HTTPStatus, body: bytes, content_type: str) -> Response:
    from websockets.datastructures import Headers
    from websockets.http11 import Response

    headers = Headers(
        [
            ("Content-Type", content_type),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
        ]
    )
    return Response(status.value, status.phrase, headers, body)

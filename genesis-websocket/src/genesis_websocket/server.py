"""WebSocketStreamingGenerator: serve synthetic rows to WebSocket clients, on request and as a live stream."""

from __future__ import annotations

import asyncio
import hmac
import logging
import socket
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus
from itertools import count
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import pandas as pd
from websockets.asyncio.server import Server, ServerConnection, broadcast, serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request as HTTPRequest
from websockets.http11 import Response
from websockets.protocol import State
from websockets.typing import Origin

from genesis.errors import ConfigError, GenesisError, InfeasibleConditionError, NotFittedError
from genesis.pipeline import DEFAULT_METHOD, GenerationRequest, Pipeline, fit
from genesis.streaming import StreamingConfig, StreamingGenerator, StreamingStats
from genesis_websocket import protocol
from genesis_websocket.client import Client
from genesis_websocket.limits import Limits, SlowClientPolicy

__all__ = ["WebSocketStreamingGenerator"]

logger = logging.getLogger("genesis_websocket")


def _bearer(headers: Headers) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, if any."""
    value = headers.get("Authorization")
    if value is None:
        return None
    scheme, _, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _columns(frame: pd.DataFrame) -> list[dict[str, str]]:
    """Column names and dtypes for the ``hello`` message (no values or ranges of the real data)."""
    return [{"name": str(name), "dtype": str(dtype)} for name, dtype in frame.dtypes.items()]


class WebSocketStreamingGenerator:
    """Stream synthetic rows to WebSocket clients.

    Clients speak the JSON protocol of ``docs/websocket.md``: a ``hello`` on connect, then ``generate`` (rows on
    request, conditions allowed), ``unsubscribe``/``subscribe`` (leave or rejoin the live stream fed by
    :meth:`broadcast` or :meth:`stream`, which every connected client receives by default) and ``stats``.
    Generation runs in worker threads, each client has its own bounded queue, and clients that fall behind are
    handled by ``slow_clients`` (a :class:`SlowClientPolicy`).

    ``token`` requires authentication (``Authorization: Bearer`` header or a first ``auth`` message);
    ``origins`` lists the allowed ``Origin`` headers (include ``None`` to also admit clients that send none).
    Every ``generate`` request and :meth:`stream` is a run of the pipeline (:mod:`genesis.pipeline`): the same
    ``(n, seed, conditions)`` gives the rows ``genesis generate`` gives, and with ``lineage`` (a chain file) each
    run is appended to it.
    """

    def __init__(self, host: str = "0.0.0.0", port: int = 8765, batch_size: int = 100, max_connections: int = 100,
                 *, token: str | None = None, origins: Sequence[str | None] | None = None,
                 limits: Limits | None = None, slow_clients: SlowClientPolicy | None = None,
                 generator: Any = None, close_timeout: float = 2.0, workers: int = 2,
                 lineage: str | Path | None = None) -> None:
        for name, value in (("batch_size", batch_size), ("max_connections", max_connections), ("workers", workers)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(f"{name} must be a positive integer, got {value!r}")
        if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
            raise ConfigError(f"port must be an integer from 0 to 65535, got {port!r}")
        if token is not None and not token:
            raise ConfigError("token must be a non-empty string or None")
        if close_timeout <= 0:
            raise ConfigError(f"close_timeout must be positive, got {close_timeout!r}")
        self.host = host
        self.batch_size = batch_size
        self.max_connections = max_connections
        self.token = token
        self.origins = None if origins is None else list(origins)
        self.limits = limits or Limits()
        self.slow_clients = slow_clients or SlowClientPolicy()
        self.close_timeout = close_timeout
        self.workers = workers
        self.stats = StreamingStats()
        self.dropped_clients = 0
        self.refused_connections = 0
        self._port = port
        self._lineage = lineage
        self._pipeline = Pipeline(generator, lineage=lineage) if generator is not None else None
        self._columns: list[dict[str, str]] = []
        self._server: Server | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._clients: set[Client] = set()
        self._subscribers: set[Client] = set()
        self._admitted: set[ServerConnection] = set()
        self._closers: set[asyncio.Task[None]] = set()
        self._has_subscribers = asyncio.Event()
        self._closing = False
        self._seq = count()
        self._started = 0.0

    # --- model -------------------------------------------------------------------------------------------------

    def fit(self, data: pd.DataFrame, method: str = DEFAULT_METHOD, **kwargs: Any) -> Self:
        """Fit the registered generator ``method`` on ``data`` (``kwargs`` go to its factory); returns ``self``."""
        if self._pipeline is not None:
            self._pipeline.close()
        self._pipeline = Pipeline(fit(data, method, **kwargs), method=method, lineage=self._lineage)
        self._columns = _columns(data)
        return self

    @property
    def pipeline(self) -> Pipeline:
        """The run pipeline every ``generate`` request and stream goes through."""
        if self._pipeline is None:
            raise NotFittedError("WebSocketStreamingGenerator is not fitted: call fit(data) first")
        return self._pipeline

    @property
    def model(self) -> Any:
        """The fitted generator."""
        return self.pipeline.model

    # --- server lifecycle --------------------------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The listening port (the one the system chose when constructed with ``port=0``)."""
        if self._server is not None and self._server.sockets:
            return int(self._server.sockets[0].getsockname()[1])
        return self._port

    @property
    def is_serving(self) -> bool:
        """Whether the server accepts connections."""
        return self._server is not None and not self._closing

    async def start_server(self) -> None:
        """Bind ``host:port`` and start accepting connections; returns once listening (see :meth:`stop`)."""
        if self._server is not None:
            raise ConfigError(f"server already running on port {self.port}")
        self._loop = asyncio.get_running_loop()
        self._closing = False
        self._has_subscribers = asyncio.Event()
        self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="genesis-websocket")
        origins = None if self.origins is None else [None if o is None else Origin(o) for o in self.origins]
        try:
            if self._pipeline is not None and not self._columns:
                self._columns = _columns(await self._run(self._pipeline.model.generate, 1, seed=0))
            self._server = await serve(
                self._handle, self.host, self._port, process_request=self._admit, origins=origins,
                max_size=self.limits.hard_message_bytes, compression=None, close_timeout=self.close_timeout)
        except BaseException as exc:
            self._executor.shutdown(wait=False)
            self._executor = None
            if isinstance(exc, OSError):
                raise ConfigError(f"cannot listen on {self.host}:{self._port}: {exc.strerror or exc}") from exc
            raise
        if self.slow_clients.socket_buffer is not None:
            for sock in self._server.sockets:  # accepted connections inherit the listening socket's buffer size
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, self.slow_clients.socket_buffer)
        self._started = time.monotonic()
        logger.info("serving WebSocket on %s:%d", self.host, self.port)

    async def stop(self) -> None:
        """Close every connection (code 1001, aborted after ``close_timeout`` if the client does not answer),
        stop the live stream and release the port. Safe to call twice."""
        if self._server is None:
            return
        self._closing = True
        self._has_subscribers.set()  # wake a waiting stream() so it sees the server closing
        self._server.close(close_connections=False)
        await asyncio.gather(*(client.close(1001, "server stopping", self.close_timeout)
                               for client in list(self._clients)), *self._closers)
        await self._server.wait_closed()
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
        self._server = self._executor = None
        logger.info("WebSocket server stopped")

    async def wait_closed(self) -> None:
        """Wait until the server has been stopped."""
        if self._server is not None:
            await self._server.wait_closed()

    async def __aenter__(self) -> Self:
        await self.start_server()
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.stop()

    def _admit(self, connection: ServerConnection, request: HTTPRequest) -> Response | None:
        """Refuse at the handshake: over ``max_connections`` (HTTP 503) or a wrong bearer token (HTTP 401)."""
        self._admitted = {c for c in self._admitted if c.state is not State.CLOSED}
        if len(self._admitted) >= self.max_connections:
            self.refused_connections += 1
            logger.warning("refused a connection: %d connections is the maximum", self.max_connections)
            return connection.respond(HTTPStatus.SERVICE_UNAVAILABLE,
                                      f"server full: at most {self.max_connections} connections\n")
        token = _bearer(request.headers)
        if token is not None and not self._token_ok(token):
            return connection.respond(HTTPStatus.UNAUTHORIZED, "invalid token\n")
        self._admitted.add(connection)
        return None

    def _token_ok(self, token: str | None) -> bool:
        return self.token is None or (token is not None and hmac.compare_digest(token.encode(), self.token.encode()))

    # --- connections -------------------------------------------------------------------------------------------

    async def _handle(self, connection: ServerConnection) -> None:
        client = Client(connection, self.slow_clients, self.limits)
        self._clients.add(client)
        try:
            if await self._authenticate(client):
                # Subscribed before the first await: a broadcast made once the handshake is done reaches this
                # client, and the hello (written to the transport before send() can yield) still comes first.
                self._subscribe(client)
                await connection.send(self._hello())
                async for raw in connection:
                    await self._serve(client, raw)
        except ConnectionClosed:
            pass
        finally:
            self._forget(client)
            await client.stop_sending()

    async def _authenticate(self, client: Client) -> bool:
        """True when no token is required or the client presented it (header, or an ``auth`` first message)."""
        request = client.connection.request
        if self._token_ok(_bearer(request.headers) if request is not None else None):
            return True
        await client.connection.send(protocol.message("auth_required", protocol=protocol.PROTOCOL_VERSION))
        try:
            async with asyncio.timeout(self.limits.auth_timeout):
                raw = await client.connection.recv()
            auth = protocol.parse_request(raw, self.limits)
        except (TimeoutError, protocol.RequestError):
            auth = None
        if auth is not None and auth.action == "auth" and self._token_ok(auth.token):
            return True
        logger.warning("authentication failed for %s", client.name)
        await client.close(protocol.CLOSE_AUTH_FAILED, "authentication failed", self.close_timeout)
        return False

    def _hello(self) -> str:
        return protocol.message(
            "hello", protocol=protocol.PROTOCOL_VERSION, batch_size=self.batch_size, columns=self._columns,
            limits={"max_rows": self.limits.max_rows, "max_message_bytes": self.limits.max_message_bytes,
                    "requests_per_second": self.limits.requests_per_second})

    def _forget(self, client: Client) -> None:
        self._clients.discard(client)
        self._admitted.discard(client.connection)
        self._forget_subscription(client)

    async def _serve(self, client: Client, raw: str | bytes) -> None:
        """Answer one request; every problem becomes an ``error`` reply and the connection stays open."""
        request_id = None
        try:
            if not client.budget.take():
                raise protocol.RequestError(
                    "rate_limited", f"more than {self.limits.requests_per_second:g} requests per second")
            request = protocol.parse_request(raw, self.limits)
            request_id = request.id
            if request.action == "generate":
                await self._generate(client, request)
            else:
                await client.connection.send(self._control(client, request))
        except protocol.RequestError as exc:
            await client.connection.send(protocol.error_message(exc.code, str(exc), exc.request_id))
        except ConnectionClosed:
            raise
        except GenesisError as exc:
            await client.connection.send(protocol.error_message("generation_failed", str(exc), request_id))
        except Exception as exc:  # a bug in a generator plugin must not take the connection down
            logger.exception("request from %s failed", client.name)
            await client.connection.send(protocol.error_message("internal_error", type(exc).__name__, request_id))

    def _control(self, client: Client, request: protocol.Request) -> str:
        """The reply to ``subscribe``, ``unsubscribe``, ``stats`` and a repeated ``auth``."""
        if request.action == "subscribe":
            self._subscribe(client)
            return protocol.message("subscribed", id=request.id, batch_size=self.batch_size)
        if request.action == "unsubscribe":
            client.unsubscribe()
            self._forget_subscription(client)
            return protocol.message("unsubscribed", id=request.id)
        if request.action == "stats":
            return protocol.message("stats", id=request.id, **self.snapshot())
        return protocol.message("authenticated", id=request.id)

    def _subscribe(self, client: Client) -> None:
        client.subscribe()
        self._subscribers.add(client)
        self._has_subscribers.set()

    def _forget_subscription(self, client: Client) -> None:
        self._subscribers.discard(client)
        if not self._subscribers and not self._closing:
            self._has_subscribers.clear()

    async def _generate(self, client: Client, request: protocol.Request) -> None:
        """Reply to ``generate`` with ``rows`` messages of at most ``batch_size`` rows, generated off the loop."""
        if self._pipeline is None:
            raise protocol.RequestError("not_fitted", "the server has no fitted model", request.id)
        wanted = GenerationRequest(request.n, request.seed, request.conditions, self.batch_size)
        try:
            run = await self._run(self._pipeline.run, wanted, surface="websocket")
        except InfeasibleConditionError as exc:
            raise protocol.RequestError("infeasible", str(exc), request.id) from None
        except GenesisError as exc:
            raise protocol.RequestError("invalid_conditions", str(exc), request.id) from None
        seed = run.seed
        batches = iter(run)
        parts = -(-request.n // self.batch_size)
        for part in range(parts):
            try:
                payload = await self._run(self._encode_next, batches, id=request.id, part=part, parts=parts,
                                          seed=seed)
            except InfeasibleConditionError as exc:
                raise protocol.RequestError("infeasible", str(exc), request.id) from None
            await client.connection.send(payload, text=True)
        await self._run(next, batches, None)  # past the last batch: the run ends and its hooks (lineage) fire

    @staticmethod
    def _encode_next(batches: Iterator[pd.DataFrame], **fields: Any) -> bytes:
        return protocol.rows_message("rows", protocol.records(next(batches)), **fields)

    async def _run(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Run ``fn`` in the worker threads, so the event loop keeps serving."""
        if self._executor is None or self._loop is None:
            raise ConfigError("the server is not running")
        return await self._loop.run_in_executor(self._executor, lambda: fn(*args, **kwargs))

    # --- broadcasting ------------------------------------------------------------------------------------------

    def broadcast(self, data: pd.DataFrame | Iterable[Mapping[str, Any]] | Mapping[str, Any]) -> None:
        """Send ``data`` to every connected client (those that sent ``unsubscribe`` excepted).

        A DataFrame or an iterable of row mappings goes out as one ``batch`` message (``seq``, ``ts``, ``rows``);
        a mapping is an application message and goes out as one message of exactly its JSON (see
        :func:`protocol.event_message`). Safe to call from the event loop or from any other thread. Returns at
        once: each client's queue is drained by its own task, and clients too far behind are handled by the
        slow-client policy.
        """
        if self._loop is None or self._server is None:
            raise ConfigError("the server is not running: await start_server() first")
        if isinstance(data, Mapping):
            payload, rows = protocol.event_message(data), 0
        else:
            records = protocol.records(data)
            payload, rows = protocol.rows_message("batch", records, seq=next(self._seq), ts=time.time()), len(records)
        try:
            on_loop = asyncio.get_running_loop() is self._loop
        except RuntimeError:
            on_loop = False
        if on_loop:
            self._publish(payload, rows)
        else:
            self._loop.call_soon_threadsafe(self._publish, payload, rows)

    def _publish(self, payload: bytes, rows: int) -> None:
        """Write ``payload`` at once to caught-up subscribers (the library's ``broadcast``, no task switch per
        client); queue it for the others, applying the slow-client policy."""
        now = time.monotonic()
        direct = []
        for client in list(self._subscribers):
            if client.caught_up():
                direct.append(client.connection)
            elif not client.offer(payload, now):
                self._drop(client, now)
        broadcast(direct, payload, text=True)
        self.stats.start()
        self.stats.record(rows)

    def _drop(self, client: Client, now: float) -> None:
        """Disconnect a subscriber the slow-client policy gave up on."""
        self.dropped_clients += 1
        self._forget_subscription(client)
        logger.warning("dropping slow client %s: %d batches pending, oldest %.2f s old", client.name,
                       client.pending, client.lag(now))
        reason = f"too slow: {client.pending} batches behind"
        closer = asyncio.get_running_loop().create_task(
            client.close(protocol.CLOSE_SLOW_CLIENT, reason, self.close_timeout))
        self._closers.add(closer)  # the loop keeps only a weak reference to tasks
        closer.add_done_callback(self._closers.discard)

    async def wait_for_room(self, at_most: int | None = None) -> None:
        """Wait until no subscriber has more than ``at_most`` (default: half of ``max_pending``) batches queued:
        flow control for producers faster than the network. Subscribers behind the policy do not count; they are
        dropped under ``action="disconnect"``, so a stalled client holds a producer back by at most ``max_lag``."""
        policy = self.slow_clients
        limit = policy.max_pending // 2 if at_most is None else at_most
        while True:
            now = time.monotonic()
            waiting = False
            for client in list(self._subscribers):
                if client.behind(now):
                    if policy.action == "disconnect":
                        self._drop(client, now)
                elif client.pending > limit:
                    waiting = True
            if not waiting:
                return
            await asyncio.sleep(0.005)

    async def wait_for_subscribers(self, count: int = 1, timeout: float | None = None) -> None:
        """Wait until at least ``count`` clients receive broadcasts (every connected client that did not
        unsubscribe); TimeoutError after ``timeout`` seconds."""
        async with asyncio.timeout(timeout):
            while len(self._subscribers) < count:
                await asyncio.sleep(0.01)

    async def stream(self, rate: float | None = None, *, max_batches: int | None = None, seed: int | None = None,
                     conditions: Any = None) -> int:
        """Generate batches of ``batch_size`` rows and broadcast them at ``rate`` rows per second (``None``: as
        fast as clients are served), until ``max_batches`` or :meth:`stop`. Generation pauses while no client
        is connected (or every one unsubscribed). Returns the number of batches broadcast."""
        if rate is not None and not rate > 0:
            raise ConfigError(f"rate must be a positive number of rows per second, got {rate!r}")
        config = StreamingConfig(batch_size=self.batch_size, max_batches=max_batches, include_metadata=False,
                                 seed=seed)
        batches = StreamingGenerator(config, generator=self.model).generate_stream(conditions)
        interval = self.batch_size / rate if rate else 0.0
        sent = 0
        due = time.monotonic()
        while self.is_serving:
            if not self._has_subscribers.is_set():
                await self._has_subscribers.wait()
                due = time.monotonic()
                continue
            batch = await self._run(next, batches, None)
            if batch is None or not self.is_serving:
                break
            if rate is None:
                await self.wait_for_room()
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            rows = await self._run(protocol.records, batch)
            self._publish(protocol.rows_message("batch", rows, seq=next(self._seq), ts=time.time()), len(rows))
            sent += 1
            due = max(due + interval, time.monotonic() - interval)
        return sent

    # --- statistics --------------------------------------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """Server counters, as the ``stats`` reply sends them."""
        return {
            "clients": len(self._clients), "subscribers": len(self._subscribers),
            "batches_broadcast": self.stats.total_batches, "rows_broadcast": self.stats.total_samples,
            "dropped_clients": self.dropped_clients, "refused_connections": self.refused_connections,
            "skipped_batches": sum(client.skipped for client in self._clients),
            "uptime_seconds": round(time.monotonic() - self._started, 3) if self._server is not None else 0.0,
        }

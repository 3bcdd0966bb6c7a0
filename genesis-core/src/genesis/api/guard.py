"""ASGI middleware bounding what one request may cost before the application sees it.

:class:`RequestGuard` reads the body (at most ``max_body_bytes``, within ``body_timeout`` seconds) and checks that
a JSON body is JSON Genesis accepts (:func:`genesis.jsonparse.parse_json`: UTF-8, nesting, number range), so the
endpoints never see such input and every refusal is the documented error body. :class:`ConcurrencyLimit` admits
at most ``limit`` generation requests at a time, for the whole life of their (streamed) responses, and answers
the rest 503 with ``Retry-After`` at once instead of queueing them.
"""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from genesis.api.errors import error_response
from genesis.jsonparse import JSONInputError, parse_json

__all__ = ["ConcurrencyLimit", "RequestGuard"]


class RequestGuard:
    """413 for a body beyond ``max_body_bytes`` (declared or streamed), 408 for one slower than ``body_timeout``
    seconds, 400 for a JSON body that :func:`~genesis.jsonparse.parse_json` refuses; otherwise the body is replayed
    to the application."""

    def __init__(self, app: ASGIApp, max_body_bytes: int, body_timeout: float) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.body_timeout = body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in {"GET", "HEAD", "OPTIONS"}:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        declared = headers.get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > self.max_body_bytes:
            await self._too_large(scope, receive, send)
            return
        try:
            messages, body = await asyncio.wait_for(self._read(receive), self.body_timeout)
        except TimeoutError:
            await error_response(408, "request_timeout", f"the request body did not arrive within "
                                 f"{self.body_timeout:g} seconds")(scope, receive, send)
            return
        if body is None:
            await self._too_large(scope, receive, send)
            return
        if body and b"json" in headers.get(b"content-type", b"application/json"):
            try:
                parse_json(body)
            except JSONInputError as error:
                await error_response(400, "invalid_json", str(error))(scope, receive, send)
                return

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    async def _read(self, receive: Receive) -> tuple[list[Message], bytes | None]:
        """Every body message and the joined body, or None for the body when it exceeds the limit."""
        messages: list[Message] = []
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            messages.append(message)
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                return messages, None
            chunks.append(chunk)
            more = message["type"] == "http.request" and message.get("more_body", False)
        return messages, b"".join(chunks)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        await error_response(413, "body_too_large", f"request bodies are limited to {self.max_body_bytes:,} bytes")(
            scope, receive, send)


class ConcurrencyLimit:
    """At most ``limit`` requests to paths under ``prefix`` at once; the next gets 503 and ``Retry-After``."""

    def __init__(self, app: ASGIApp, limit: int, prefix: str = "/v1/generate", retry_after: int = 1) -> None:
        self.app = app
        self.limit = limit
        self.prefix = prefix
        self.retry_after = retry_after
        self.active = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix) or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        if self.active >= self.limit:
            response = error_response(503, "overloaded", f"the server is generating for {self.active} requests, "
                                      f"its limit; retry in {self.retry_after} s",
                                      headers={"Retry-After": str(self.retry_after)})
            await response(scope, receive, send)
            return
        self.active += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.active -= 1

"""The FastAPI application: natural-language and structured generation over registered datasets.

Every error is a JSON body ``{"error": ..., "detail": ...}`` with a 4xx status: bad input never yields a
500. Parsing and generation run in worker threads, off the event loop; request bodies are size-limited.
"""

from __future__ import annotations

import json
from typing import Any

from genesis.errors import GenesisError, InfeasibleConditionError, MissingExtraError, UnknownComponentError

try:
    from fastapi import FastAPI, Request
    from fastapi.exceptions import RequestValidationError
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import Response
    from starlette.types import ASGIApp, Message, Receive, Scope, Send
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise MissingExtraError("the REST API (genesis serve)", "api") from exc

from genesis import __version__
from genesis.api.datasets import DatasetRegistry
from genesis.api.models import ClarifyRequest, GenerateRequest, NaturalLanguageRequest
from genesis.api.service import ApiSettings, ClarificationNeeded, GenerationService
from genesis.jsonsafe import dumps
from genesis.protocols import NLParser

__all__ = ["create_app"]


def _json(payload: Any, status: int = 200) -> Response:
    return Response(dumps(payload), status_code=status, media_type="application/json")


def _error(status: int, error: str, detail: str, **extra: Any) -> Response:
    return _json({"error": error, "detail": detail, **extra}, status)


class BodyLimit:
    """ASGI middleware answering 413 when a request body exceeds ``limit`` bytes, declared or streamed.

    The body is read (at most ``limit`` bytes of it) before the app sees the request, then replayed.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        messages: list[Message] = []
        size, more = 0, True
        while more:
            message = await receive()
            messages.append(message)
            size += len(message.get("body", b""))
            more = message["type"] == "http.request" and message.get("more_body", False)
            if size > self.limit:
                await self._refuse(scope, receive, send)
                return

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = _error(413, "body_too_large", f"request bodies are limited to {self.limit:,} bytes")
        await response(scope, receive, send)


def _status(error: GenesisError) -> int:
    if isinstance(error, UnknownComponentError):
        return 404
    if isinstance(error, MissingExtraError):
        return 501
    return 422 if isinstance(error, (ValueError, InfeasibleConditionError)) else 400


def _validation_detail(error: RequestValidationError) -> tuple[int, str]:
    """400 for a body that is not JSON at all, 422 for JSON of the wrong shape; the message names the field."""
    problems = error.errors()
    if any(p.get("type") == "json_invalid" for p in problems):
        return 400, "the request body is not valid JSON"
    parts = []
    for problem in problems:
        where = ".".join(str(part) for part in problem.get("loc", ()) if part != "body") or "body"
        parts.append(f"{where}: {problem.get('msg', 'invalid')}")
    return 422, "; ".join(parts) or "invalid request"


def create_app(
    registry: DatasetRegistry, settings: ApiSettings | None = None, parser: NLParser | None = None
) -> FastAPI:
    """An app serving ``registry``; ``parser`` defaults to the registered ``settings.parser`` (``rule-based``)."""
    settings = settings or ApiSettings()
    if parser is None:
        from genesis.plugins import NLParserSpec, get_plugin_manager

        parser = get_plugin_manager().get(NLParserSpec, settings.parser).create()
    service = GenerationService(registry, settings, parser)
    app = FastAPI(title="Genesis", version=__version__,
                  description="Synthetic tabular data from prompts or conditions.")
    app.state.service = service
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)

    @app.exception_handler(ClarificationNeeded)
    async def _clarify(_: Request, error: ClarificationNeeded) -> Response:
        return _error(422, "needs_clarification", str(error), needs_clarification=True,
                      session_id=error.session_id, questions=[q.to_dict() for q in error.interpretation.questions],
                      ignored=list(error.interpretation.ignored))

    @app.exception_handler(GenesisError)
    async def _genesis(_: Request, error: GenesisError) -> Response:
        return _error(_status(error), type(error).__name__, str(error))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, error: RequestValidationError) -> Response:
        status, detail = _validation_detail(error)
        return _error(status, "invalid_request", detail)

    @app.exception_handler(json.JSONDecodeError)
    async def _not_json(_: Request, error: json.JSONDecodeError) -> Response:
        return _error(400, "invalid_request", f"the request body is not valid JSON: {error}")

    @app.get("/healthz")
    async def healthz() -> Response:
        """Liveness: the server answers and how many datasets it holds."""
        return _json({"status": "ok", "datasets": len(registry)})

    @app.get("/v1/datasets")
    async def datasets() -> Response:
        """The registered datasets: name, training rows, source and column kinds."""
        return _json({"datasets": [d.describe() for d in registry]})

    @app.post("/v1/generate/natural-language")
    async def natural_language(body: NaturalLanguageRequest) -> Response:
        """Generate rows from a prompt; 422 with questions (and a session_id) when the prompt is ambiguous."""
        return _json(await run_in_threadpool(service.natural_language, body))

    @app.post("/v1/generate/natural-language/clarify")
    async def clarify(body: ClarifyRequest) -> Response:
        """Ask what is unclear about a prompt, or fold an answer into the session's pending request."""
        return _json(await run_in_threadpool(service.clarify, body))

    @app.post("/v1/generate")
    async def generate(body: GenerateRequest) -> Response:
        """Structured generation: ``n_samples`` rows satisfying ``conditions``."""
        return _json(await run_in_threadpool(service.generate, body))

    return app

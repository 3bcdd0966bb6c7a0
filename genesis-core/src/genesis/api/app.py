"""The FastAPI application: natural-language and structured generation over registered datasets.

Every error is a JSON body ``{"error": ..., "detail": ...}`` with a 4xx status (or 503 when busy), declared in the
OpenAPI document for every operation: bad input never yields a 500. Work per request is bounded: the body by
size, time and JSON shape (:mod:`genesis.api.guard`), the rows by ``max_rows``, concurrent generation requests by
``max_concurrent``; rows are streamed batch by batch (:mod:`genesis.api.streaming`), generated and encoded in
worker threads, off the event loop.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from genesis.errors import GenesisError, InfeasibleConditionError, MissingExtraError, UnknownComponentError

try:
    from fastapi import FastAPI, Request
    from fastapi.exceptions import RequestValidationError
    from starlette.concurrency import run_in_threadpool
    from starlette.exceptions import HTTPException
    from starlette.responses import Response
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise MissingExtraError("the REST API (genesis serve)", "api") from exc

from genesis import __version__
from genesis.api.datasets import DatasetRegistry
from genesis.api.errors import ERROR_RESPONSES, error_response, json_response
from genesis.api.guard import ConcurrencyLimit, RequestGuard
from genesis.api.models import ClarifyRequest, GenerateRequest, NaturalLanguageRequest
from genesis.api.responses import (
    ClarifyResponse,
    DatasetsResponse,
    GenerateResponse,
    HealthResponse,
    NaturalLanguageResponse,
)
from genesis.api.service import ApiSettings, ClarificationNeeded, GenerationService
from genesis.api.streaming import stream_document
from genesis.protocols import NLParser

__all__ = ["create_app"]

_ERROR_NAMES = {400: "invalid_request", 404: "not_found", 405: "method_not_allowed"}


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


async def _respond(result: dict[str, Any]) -> Response:
    """A result whose ``data`` is a batch iterator is streamed (fields known only at the end, given as callables,
    follow the rows); anything else is sent in one piece."""
    data = result.get("data")
    if not isinstance(data, Iterator):
        return json_response(result)
    head = {k: v for k, v in result.items() if k != "data" and not callable(v)}
    later = {k: v for k, v in result.items() if callable(v)}
    return await stream_document(head, data, lambda: {k: v() for k, v in later.items()})


def _responses(model: type) -> dict[int | str, dict[str, Any]]:
    return {200: {"model": model}, **ERROR_RESPONSES}


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
    app.add_middleware(RequestGuard, max_body_bytes=settings.max_body_bytes, body_timeout=settings.body_timeout)
    app.add_middleware(ConcurrencyLimit, limit=settings.max_concurrent)

    @app.exception_handler(ClarificationNeeded)
    async def _clarify(_: Request, error: ClarificationNeeded) -> Response:
        return error_response(422, "needs_clarification", str(error), needs_clarification=True,
                              session_id=error.session_id,
                              questions=[q.to_dict() for q in error.interpretation.questions],
                              ignored=list(error.interpretation.ignored))

    @app.exception_handler(GenesisError)
    async def _genesis(_: Request, error: GenesisError) -> Response:
        return error_response(_status(error), type(error).__name__, str(error))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, error: RequestValidationError) -> Response:
        status, detail = _validation_detail(error)
        return error_response(status, "invalid_request", detail)

    @app.exception_handler(json.JSONDecodeError)
    async def _not_json(_: Request, error: json.JSONDecodeError) -> Response:
        return error_response(400, "invalid_request", f"the request body is not valid JSON: {error}")

    @app.exception_handler(HTTPException)
    async def _http(_: Request, error: HTTPException) -> Response:
        name = _ERROR_NAMES.get(error.status_code, "http_error")
        return error_response(error.status_code, name, str(error.detail), headers=error.headers)

    @app.get("/healthz", responses=_responses(HealthResponse))
    async def healthz() -> Response:
        """Liveness: the server answers and how many datasets it holds (answered on the event loop at once)."""
        return json_response({"status": "ok", "datasets": len(registry)})

    @app.get("/v1/datasets", responses=_responses(DatasetsResponse))
    async def datasets() -> Response:
        """The registered datasets: name, training rows, source file name and column kinds."""
        return json_response({"datasets": [d.describe() for d in registry]})

    @app.post("/v1/generate/natural-language", responses=_responses(NaturalLanguageResponse))
    async def natural_language(body: NaturalLanguageRequest) -> Response:
        """Generate rows from a prompt; 422 with questions (and a session_id) when the prompt is ambiguous."""
        return await _respond(await run_in_threadpool(service.natural_language, body))

    @app.post("/v1/generate/natural-language/clarify", responses=_responses(ClarifyResponse))
    async def clarify(body: ClarifyRequest) -> Response:
        """Ask what is unclear about a prompt, or fold an answer into the session's pending request."""
        return json_response(await run_in_threadpool(service.clarify, body))

    @app.post("/v1/generate", responses=_responses(GenerateResponse))
    async def generate(body: GenerateRequest) -> Response:
        """Structured generation: ``n_samples`` rows satisfying ``conditions``, streamed."""
        return await _respond(await run_in_threadpool(service.generate, body))

    return app

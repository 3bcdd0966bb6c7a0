"""The one error body of the REST API, ``{"error": ..., "detail": ...}``, and its OpenAPI declarations.

Every status the server can send is declared on every operation with this body, so the OpenAPI document is what
the server does (checked by schemathesis in CI); FastAPI's default 422 array is never used.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from genesis.jsonsafe import dumps

__all__ = ["ERROR_RESPONSES", "ErrorBody", "error_response", "json_response"]


class ErrorBody(BaseModel):
    """A machine-readable ``error`` code and a human-readable ``detail``; some errors add fields (a clarification
    carries ``questions`` and ``session_id``)."""

    model_config = ConfigDict(extra="allow")

    error: str = Field(examples=["invalid_request"])
    detail: str = Field(examples=["n_samples: Input should be a valid integer"])


_WHEN = {
    400: "The body is not JSON Genesis accepts: malformed, not UTF-8, nested too deep, a number out of range.",
    404: "Unknown data_context or path.",
    405: "The path does not take this method (see the Allow header).",
    408: "The request body did not arrive in time.",
    413: "The body is larger than the server's limit.",
    422: "The JSON is valid but the request is not: wrong types, unknown fields, conditions that cannot be met, "
         "more rows than allowed, or an ambiguous prompt (then with questions and a session_id).",
    503: "Too many generation requests at once; retry after the Retry-After seconds.",
}


def _declared(status: int) -> dict[str, Any]:
    entry: dict[str, Any] = {"model": ErrorBody, "description": _WHEN[status]}
    if status == 503:
        entry["headers"] = {"Retry-After": {"description": "Seconds to wait before retrying.",
                                            "schema": {"type": "integer"}}}
    if status == 405:
        entry["headers"] = {"Allow": {"description": "The methods the path takes.", "schema": {"type": "string"}}}
    return entry


#: Statuses every operation may answer with an error body.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {status: _declared(status) for status in _WHEN}


def json_response(payload: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    """``payload`` in Genesis's JSON encoding."""
    return Response(dumps(payload), status_code=status, media_type="application/json", headers=headers)


def error_response(status: int, error: str, detail: str, headers: Mapping[str, str] | None = None,
                   **extra: Any) -> Response:
    """The error body with ``status``."""
    return json_response({"error": error, "detail": detail, **extra}, status, headers)

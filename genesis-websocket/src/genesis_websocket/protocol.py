"""The JSON protocol spoken over each connection: parsing client requests and building server messages.

Pure functions, no I/O. Every message is a JSON object with ``"type"`` (server to client) or ``"action"``
(client to server); ``docs/websocket.md`` documents each one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeGuard

import pandas as pd

from genesis.conditions import ConditionSet
from genesis.errors import ValidationError
from genesis.jsonparse import JSONInputError, parse_json
from genesis.jsonsafe import dumps, frame_records, to_jsonable
from genesis_websocket.limits import Limits

__all__ = [
    "ACTIONS",
    "CLOSE_AUTH_FAILED",
    "CLOSE_SLOW_CLIENT",
    "PROTOCOL_VERSION",
    "SERVER_TYPES",
    "Request",
    "RequestError",
    "error_message",
    "event_message",
    "message",
    "parse_request",
    "records",
    "rows_message",
]

PROTOCOL_VERSION = 1
#: Close code of a subscriber dropped by the slow-client policy (application range 4000-4999).
CLOSE_SLOW_CLIENT = 4001
#: Close code when authentication fails or times out (RFC 6455 "policy violation").
CLOSE_AUTH_FAILED = 1008
ACTIONS = ("auth", "generate", "subscribe", "unsubscribe", "stats")
#: The ``type`` values of the server's own messages; an application message broadcast as a mapping may not use them.
SERVER_TYPES = ("hello", "auth_required", "authenticated", "rows", "subscribed", "unsubscribed", "batch", "stats",
                "error")


class RequestError(ValidationError):
    """A client request that cannot be served; answered with an ``error`` message carrying ``code``."""

    def __init__(self, code: str, text: str, request_id: Any = None) -> None:
        super().__init__(text)
        self.code = code
        self.request_id = request_id


@dataclass(frozen=True)
class Request:
    """One parsed client request; ``id`` is echoed in every reply to it."""

    action: str
    id: str | int | None = None
    n: int = 0
    conditions: ConditionSet | None = None
    seed: int | None = None
    token: str | None = None


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _decode(raw: str | bytes, limits: Limits) -> dict[str, Any]:
    size = len(raw) if isinstance(raw, bytes) else len(raw.encode())
    if size > limits.max_message_bytes:
        raise RequestError("too_large", f"message of {size} bytes exceeds the limit of {limits.max_message_bytes}")
    try:
        body = parse_json(raw)
    except JSONInputError as exc:
        raise RequestError("bad_json", str(exc)) from None
    if not isinstance(body, dict):
        raise RequestError("invalid_request", f"a request must be a JSON object, got {type(body).__name__}")
    return body


def parse_request(raw: str | bytes, limits: Limits) -> Request:
    """Read and validate one client message; raise :class:`RequestError` saying what is wrong."""
    body = _decode(raw, limits)
    request_id = body.get("id")
    if request_id is not None and not (_is_int(request_id) or isinstance(request_id, str)):
        raise RequestError("invalid_request", "'id' must be a string or an integer")
    action = body.get("action")
    if action not in ACTIONS:
        raise RequestError("unknown_action", f"unknown action {action!r}; expected one of {', '.join(ACTIONS)}",
                           request_id)
    if action == "auth":
        token = body.get("token")
        if not isinstance(token, str):
            raise RequestError("invalid_request", "'auth' needs a string 'token'", request_id)
        return Request(action, request_id, token=token)
    if action != "generate":
        return Request(action, request_id)
    n, seed, conditions = body.get("n"), body.get("seed"), body.get("conditions")
    if not _is_int(n) or not 1 <= n <= limits.max_rows:
        raise RequestError("invalid_request", f"'n' must be an integer from 1 to {limits.max_rows}, got {n!r}",
                           request_id)
    if seed is not None and (not _is_int(seed) or seed < 0):
        raise RequestError("invalid_request", f"'seed' must be a non-negative integer, got {seed!r}", request_id)
    if conditions is None:
        return Request(action, request_id, n=n, seed=seed)
    try:
        parsed = ConditionSet.from_dict(conditions)
    except ValidationError as exc:
        raise RequestError("invalid_conditions", str(exc), request_id) from None
    return Request(action, request_id, n=n, seed=seed, conditions=parsed)


def message(kind: str, **fields: Any) -> str:
    """A server message of type ``kind`` as JSON text."""
    return dumps({"type": kind, **fields})


def error_message(code: str, text: str, request_id: Any = None) -> str:
    """The ``error`` reply: a machine-readable ``code`` and a human-readable ``message``."""
    return message("error", code=code, message=text, id=request_id)


def event_message(event: Mapping[str, Any]) -> bytes:
    """An application message broadcast as a mapping: exactly its JSON (made JSON-safe by
    :func:`genesis.jsonsafe.to_jsonable`), UTF-8 encoded once for every recipient.

    A ``"type"`` naming one of the server's own messages is refused, so a client can always tell protocol
    messages from application ones.
    """
    if event.get("type") in SERVER_TYPES:
        raise ValidationError(f"a broadcast mapping cannot have type {event['type']!r}, which is a protocol message "
                              "type; give application messages another type or key")
    return json.dumps(to_jsonable(event), allow_nan=False, separators=(",", ":")).encode()


def records(data: pd.DataFrame | Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows as JSON-safe dicts, from a DataFrame or any iterable of mappings."""
    if isinstance(data, pd.DataFrame):
        return frame_records(data)
    if isinstance(data, str | bytes | Mapping):
        raise ValidationError(f"rows must be a DataFrame or an iterable of mappings, got {type(data).__name__}")
    rows = list(data)
    bad = next((row for row in rows if not isinstance(row, Mapping)), None)
    if bad is not None:
        raise ValidationError(f"every row must be a mapping of column to value, got {type(bad).__name__}")
    return [to_jsonable(dict(row)) for row in rows]


def rows_message(kind: str, rows: list[dict[str, Any]], **fields: Any) -> bytes:
    """A message carrying JSON-safe ``rows`` (from :func:`records`), UTF-8 encoded once for every recipient."""
    body = {"type": kind, **to_jsonable(fields), "rows": rows}
    return json.dumps(body, allow_nan=False, separators=(",", ":")).encode()

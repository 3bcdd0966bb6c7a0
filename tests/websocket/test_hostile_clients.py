"""Abusive clients (#21): over-deep JSON, huge numbers and fuzzed protocol messages get error replies, never a
traceback, and the connection keeps serving."""

from __future__ import annotations

import asyncio
import json
import logging
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from genesis_websocket import Limits, WebSocketStreamingGenerator
from genesis_websocket.protocol import ACTIONS, RequestError, parse_request

LIMITS = Limits(max_message_bytes=64 * 1024, max_rows=50)
#: Every code the protocol documents for a refused request (docs/websocket.md).
REQUEST_ERRORS = {"too_large", "bad_json", "invalid_request", "unknown_action", "invalid_conditions", "infeasible",
                  "not_fitted", "rate_limited", "generation_failed"}
REPLY_TYPES = {"rows", "error", "stats", "subscribed", "unsubscribed", "authenticated", "batch"}

HOSTILE = [
    "[" * 20_000 + "]" * 20_000,                              # 40 kB, under the size limit
    '{"a":' * 10_000 + "1" + "}" * 10_000,
    '{"action": "generate", "n": 5, "conditions": ' + "[" * 5_000 + "]" * 5_000 + "}",
    '{"action": "stats", "x": ' + "[" * 33 + "]" * 33 + "}",  # just beyond the nesting limit
    '{"action": "generate", "n": ' + "9" * 5_000 + "}",        # beyond Python's digit limit
    '{"action": "generate", "n": NaN}',
    b'{"action": "stats", "id": "\xc3\x28"}',                  # invalid UTF-8
]


@pytest.mark.parametrize("raw", HOSTILE, ids=lambda raw: f"{len(raw)}-bytes")
def test_hostile_json_is_bad_json(raw: str | bytes) -> None:
    with pytest.raises(RequestError) as info:
        parse_request(raw, LIMITS)
    assert info.value.code == "bad_json"


def test_nesting_within_the_limit_still_parses() -> None:
    raw = '{"action": "stats", "x": ' + "[" * 30 + "]" * 30 + "}"
    assert parse_request(raw, LIMITS).action == "stats"


def _server(model: Any) -> WebSocketStreamingGenerator:
    limits = Limits(max_message_bytes=64 * 1024, hard_message_bytes=128 * 1024, max_rows=50,
                    requests_per_second=10_000, burst=10_000)
    return WebSocketStreamingGenerator("127.0.0.1", 0, batch_size=20, generator=model, close_timeout=0.5,
                                       limits=limits)


def test_a_live_server_answers_hostile_json_with_bad_json_and_logs_no_traceback(
        kit: SimpleNamespace, model: Any, caplog: pytest.LogCaptureFixture) -> None:
    async def main() -> list[dict[str, Any]]:
        async with _server(model) as server, await kit.open_client(server.port) as ws:
            await kit.receive(ws)
            replies = []
            for raw in HOSTILE:
                await ws.send(raw)
                replies.append(await kit.receive(ws))
            replies.append(await kit.request(ws, action="stats", id="after"))
            return replies

    with caplog.at_level(logging.WARNING):
        replies = kit.run(main())
    assert [reply.get("code") for reply in replies[:-1]] == ["bad_json"] * len(HOSTILE)
    assert replies[-1]["type"] == "stats" and replies[-1]["id"] == "after"
    assert not [record for record in caplog.records if record.exc_info]


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
_conditions = st.dictionaries(
    st.sampled_from(["age", "income", "city", "joined", "nope"]),
    st.one_of(_json, st.tuples(st.sampled_from(["gte", "lt", "between", "in", "eq", "like", "zz"]), _json)
              .map(list)),
    max_size=3,
)
_request = st.fixed_dictionaries(
    {"action": st.sampled_from([*ACTIONS, "fly"]) | _json},
    optional={"id": st.integers() | st.text(max_size=8) | _json, "n": st.integers(-5, 60) | _json,
              "seed": st.integers(-5, 2**70) | _json, "conditions": _conditions | _json, "token": _json},
)
_message = st.one_of(
    _request.map(json.dumps),
    _json.map(json.dumps),
    st.text(max_size=200),
    st.binary(max_size=200),
)


@settings(max_examples=300, deadline=None)
@given(_message)
def test_fuzzed_messages_are_a_request_or_a_named_request_error(raw: str | bytes) -> None:
    try:
        parse_request(raw, LIMITS)
    except RequestError as exc:
        assert exc.code in REQUEST_ERRORS and str(exc)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_message, min_size=1, max_size=25))
def test_a_live_server_survives_fuzzed_conversations(kit: SimpleNamespace, model: Any,
                                                      messages: list[str | bytes]) -> None:
    """Every fuzzed message gets replies of documented types, none an internal error, and a stats request sent
    after it is still answered (the connection survives)."""
    async def main() -> list[dict[str, Any]]:
        seen: list[dict[str, Any]] = []
        async with _server(model) as server, await kit.open_client(server.port) as ws:
            await kit.receive(ws)
            for index, raw in enumerate(messages):
                await ws.send(raw)
                await ws.send(json.dumps({"action": "stats", "id": f"probe-{index}"}))
                while True:
                    reply = await kit.receive(ws)
                    seen.append(reply)
                    if reply.get("type") == "stats" and reply.get("id") == f"probe-{index}":
                        break
        return seen

    replies = kit.run(asyncio.wait_for(main(), 30))
    assert {reply.get("type") for reply in replies} <= REPLY_TYPES
    errors = [reply for reply in replies if reply.get("type") == "error"]
    assert all(reply["code"] in REQUEST_ERRORS for reply in errors), errors

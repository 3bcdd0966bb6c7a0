"""The JSON protocol: request validation and server messages, without a network."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genesis.conditions import ConditionSet
from genesis.errors import ValidationError
from genesis_websocket.limits import Limits
from genesis_websocket.protocol import RequestError, parse_request, records, rows_message

LIMITS = Limits(max_message_bytes=1000, max_rows=500)


def error_code(raw: str | bytes) -> str:
    with pytest.raises(RequestError) as info:
        parse_request(raw, LIMITS)
    return info.value.code


def test_generate_request_with_conditions_in_the_json_dialect() -> None:
    raw = json.dumps({"action": "generate", "n": 20, "seed": 4, "id": "q1",
                      "conditions": {"age": ["between", [30, 40]], "city": ["in", ["Lyon", "Nice"]]}})
    request = parse_request(raw, LIMITS)
    assert (request.action, request.n, request.seed, request.id) == ("generate", 20, 4, "q1")
    assert request.conditions == ConditionSet.from_dict({"age": ("between", (30, 40)),
                                                         "city": ("in", ["Lyon", "Nice"])})


@pytest.mark.parametrize(("raw", "code"), [
    ("x" * 1001, "too_large"),
    ("{not json", "bad_json"),
    (b"\xff\xfe", "bad_json"),
    ("[1, 2]", "invalid_request"),
    ('{"action": "dance"}', "unknown_action"),
    ('{"action": "generate"}', "invalid_request"),
    ('{"action": "generate", "n": 0}', "invalid_request"),
    ('{"action": "generate", "n": 501}', "invalid_request"),
    ('{"action": "generate", "n": true}', "invalid_request"),
    ('{"action": "generate", "n": 5, "seed": -1}', "invalid_request"),
    ('{"action": "generate", "n": 5, "conditions": {"age": {"gte": 3}}}', "invalid_conditions"),
    ('{"action": "generate", "n": 5, "conditions": [1]}', "invalid_conditions"),
    ('{"action": "auth"}', "invalid_request"),
    ('{"action": "stats", "id": [1]}', "invalid_request"),
])
def test_bad_requests_are_named(raw: str | bytes, code: str) -> None:
    assert error_code(raw) == code


def test_the_request_id_survives_into_the_error() -> None:
    with pytest.raises(RequestError) as info:
        parse_request('{"action": "generate", "n": 0, "id": 7}', LIMITS)
    assert info.value.request_id == 7


@settings(max_examples=50, deadline=None)
@given(st.one_of(st.text(max_size=200), st.binary(max_size=200)))
def test_arbitrary_input_is_a_request_or_a_request_error(raw: str | bytes) -> None:
    try:
        parse_request(raw, LIMITS)
    except RequestError as exc:
        assert exc.code in {"too_large", "bad_json", "invalid_request", "unknown_action", "invalid_conditions"}


def test_rows_are_json_safe_from_frames_and_mappings() -> None:
    frame = pd.DataFrame({"x": [1.5, np.nan, np.inf], "t": pd.to_datetime(["2024-01-02", None, "2024-03-04"]),
                          "s": ["a", None, "c"]})
    from_frame = records(frame)
    assert from_frame[1] == {"x": None, "t": None, "s": None}
    assert from_frame[2]["x"] is None and from_frame[0]["t"] == "2024-01-02T00:00:00"
    from_rows = records([{"x": np.float64("nan"), "t": pd.Timestamp("2024-01-02", tz="UTC")}])
    assert from_rows == [{"x": None, "t": "2024-01-02T00:00:00+00:00"}]
    body = json.loads(rows_message("batch", from_frame, seq=3))
    assert body["type"] == "batch" and body["seq"] == 3 and body["rows"] == from_frame


@pytest.mark.parametrize("bad", [{"x": 1}, "rows", [1, 2]])
def test_rows_must_be_a_frame_or_mappings(bad: object) -> None:
    with pytest.raises(ValidationError):
        records(bad)  # type: ignore[arg-type]

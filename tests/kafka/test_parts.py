"""The broker-free parts of genesis-kafka: token bucket, producer settings, Avro schemas, serializers and keys."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genesis.errors import ConfigError, ValidationError
from genesis.schema import infer_schema
from genesis_kafka.avro import avro_field_name, avro_schema
from genesis_kafka.config import DEFAULT_PRODUCER_CONFIG, build_producer_config
from genesis_kafka.ratelimit import TokenBucket
from genesis_kafka.serializers import AvroSerializer, JsonSerializer, make_serializer, message_keys


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


@settings(max_examples=60, deadline=None)
@given(rate=st.floats(1, 1e6), burst=st.floats(0, 1000),
       requests=st.lists(st.tuples(st.integers(1, 5000), st.floats(0, 2)), min_size=1, max_size=40))
def test_a_token_bucket_never_hands_out_more_than_rate_times_time_plus_burst(
        rate: float, burst: float, requests: list[tuple[int, float]]) -> None:
    clock = FakeClock()
    bucket = TokenBucket(rate, burst, clock=clock, sleep=clock.sleep)
    taken = 0
    for size, pause in requests:
        clock.now += pause
        bucket.acquire(size)
        taken += size
        assert taken <= rate * clock.now + burst + 1e-6 * max(taken, 1)


def test_a_steady_caller_gets_exactly_the_rate() -> None:
    clock = FakeClock()
    bucket = TokenBucket(500, 100, clock=clock, sleep=clock.sleep)
    for _ in range(50):
        bucket.acquire(100)
    assert 5000 / clock.now == pytest.approx(500)


@pytest.mark.parametrize("rate", [0, -1, math.inf, math.nan])
def test_a_token_bucket_needs_a_positive_finite_rate(rate: float) -> None:
    with pytest.raises(ConfigError, match="rate"):
        TokenBucket(rate)


def test_producer_defaults_are_safe_and_overridable() -> None:
    config = build_producer_config("127.0.0.1:9092", {"linger_ms": 5, "acks": "1"}, print)
    assert config["enable.idempotence"] is True
    assert (config["linger.ms"], config["acks"]) == (5, "1")
    assert config["error_cb"] is print and config["bootstrap.servers"] == "127.0.0.1:9092"
    assert DEFAULT_PRODUCER_CONFIG["acks"] == "all"


def test_a_transactional_producer_keeps_librdkafkas_message_timeout() -> None:
    assert "message.timeout.ms" not in build_producer_config("h:1", {"transactional.id": "x"}, print)


@pytest.mark.parametrize(("servers", "overrides", "message"), [
    ("", None, "bootstrap_servers"),
    ("h:1", {"bootstrap.servers": "x"}, "may not set"),
    ("h:1", ["acks"], "must be a mapping"),
])
def test_bad_producer_settings_are_named(servers: str, overrides: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        build_producer_config(servers, overrides, print)  # type: ignore[arg-type]


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame({
        "capital-gain": [1.5, np.nan, 3.0],
        "age": np.array([30, 40, 50], dtype=np.int64),
        "count": pd.array([1, None, 3], dtype="Int64"),
        "member": [True, False, True],
        "city": ["Oslo", None, "Rome"],
        "2nd": ["a", "b", "c"],
        "seen": pd.to_datetime(["2024-01-01 10:00", None, "2024-03-01 00:00"]).tz_localize("Europe/Oslo"),
        "day": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03"]),
    })


def test_the_avro_schema_follows_the_genesis_schema(frame: pd.DataFrame) -> None:
    schema = avro_schema(infer_schema(frame))
    types = {field["genesis.column"]: field["type"] for field in schema["fields"]}
    assert types == {
        "capital-gain": ["null", "double"], "age": ["null", "long"], "count": ["null", "long"],
        "member": ["null", "boolean"], "city": ["null", "string"], "2nd": ["null", "string"],
        "seen": ["null", {"type": "long", "logicalType": "timestamp-micros"}],
        "day": ["null", {"type": "long", "logicalType": "local-timestamp-micros"}],
    }
    assert (schema["fields"][0]["name"], avro_field_name("2nd")) == ("capital_gain", "_2nd")
    assert all(field["default"] is None for field in schema["fields"])


def test_columns_that_collide_as_avro_names_are_refused() -> None:
    with pytest.raises(ConfigError, match="rename one"):
        avro_schema(infer_schema(pd.DataFrame({"a-b": [1, 2], "a_b": [3, 4]})))


def test_avro_round_trips_every_kind_of_value(frame: pd.DataFrame) -> None:
    serializer = AvroSerializer().bind(infer_schema(frame))
    rows = [serializer.deserialize(value) for value in serializer.serialize(frame)]
    assert [row["capital-gain"] for row in rows] == [1.5, None, 3.0]
    assert [row["count"] for row in rows] == [1, None, 3]
    assert [row["city"] for row in rows] == ["Oslo", None, "Rome"]
    assert rows[0]["seen"] == frame["seen"][0].to_pydatetime()
    assert rows[1]["seen"] is None and rows[2]["day"] == frame["day"][2].to_pydatetime()


def test_an_avro_value_of_another_schema_is_refused(frame: pd.DataFrame) -> None:
    value = AvroSerializer().bind(infer_schema(frame)).serialize(frame)[0]
    other = AvroSerializer().bind(infer_schema(frame[["age"]]))
    with pytest.raises(ValidationError, match="fingerprint"):
        other.deserialize(value)


def test_an_integer_column_with_fractions_cannot_be_written_as_avro_long() -> None:
    serializer = AvroSerializer().bind(infer_schema(pd.DataFrame({"n": [1, 2]})))
    with pytest.raises(ValidationError, match="not whole"):
        serializer.serialize(pd.DataFrame({"n": [1.5, 2.0]}))


def test_json_values_are_null_safe_text(frame: pd.DataFrame) -> None:
    rows = [json.loads(value) for value in JsonSerializer().serialize(frame)]
    assert rows[1]["capital-gain"] is None and rows[1]["seen"] is None and rows[1]["count"] is None
    assert rows[0]["seen"] == "2024-01-01T10:00:00+01:00"


def test_a_callable_must_return_bytes_or_text(frame: pd.DataFrame) -> None:
    assert make_serializer(lambda row: str(row["age"])).serialize(frame) == [b"30", b"40", b"50"]
    with pytest.raises(ValidationError, match="expected bytes or str"):
        make_serializer(lambda row: 1).serialize(frame)  # type: ignore[arg-type, return-value]


@pytest.mark.parametrize("spec", ["xml", 3])
def test_unknown_serializers_are_named(spec: object) -> None:
    with pytest.raises(ConfigError, match="value_serializer"):
        make_serializer(spec)  # type: ignore[arg-type]


def test_keys_are_text_or_json_text_and_missing_means_no_key(frame: pd.DataFrame) -> None:
    assert message_keys(frame, "city") == [b"Oslo", None, b"Rome"]
    assert message_keys(frame, "age") == [b"30", b"40", b"50"]
    assert message_keys(frame, "member") == [b"true", b"false", b"true"]

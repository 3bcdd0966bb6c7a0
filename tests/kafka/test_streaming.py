"""KafkaStreamingGenerator against a real broker: exact counts, keys, formats, headers, rate, stop, transactions."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

from genesis.errors import ConfigError
from genesis.jsonsafe import frame_records
from genesis.streaming import KafkaStreamingGenerator as Forwarded
from genesis_kafka import BrokerUnavailableError, KafkaStreamingGenerator

Consume = Callable[..., list[Any]]


def test_the_core_forwarder_is_this_class() -> None:
    assert Forwarded is KafkaStreamingGenerator


def test_max_samples_delivers_exactly_that_many_rows_keyed_by_the_key_column(
        bootstrap: str, new_topic: Callable[..., str], consume: Consume, training_data: pd.DataFrame) -> None:
    topic = new_topic(partitions=3)
    generator = KafkaStreamingGenerator(bootstrap, topic, batch_size=64, key_column="city", seed=11)
    generator.fit(training_data).start_streaming(None, max_samples=1000)
    stats = generator.stats
    assert (stats.produced, stats.delivered, stats.failed, stats.in_flight) == (1000, 1000, 0, 0)
    messages = consume(topic, 1000)
    assert len(messages) == 1000
    expected = generator.generate(1000)
    assert sorted(m.key().decode() for m in messages) == sorted(expected["city"])
    by_partition: dict[str, set[int]] = {}
    for message in messages:  # per-key ordering needs every key on one partition
        by_partition.setdefault(message.key().decode(), set()).add(message.partition())
    assert all(len(partitions) == 1 for partitions in by_partition.values())


def test_json_values_are_the_generated_rows_in_genesis_json(
        bootstrap: str, new_topic: Callable[..., str], consume: Consume, training_data: pd.DataFrame) -> None:
    topic = new_topic()
    generator = KafkaStreamingGenerator(bootstrap, topic, batch_size=50, seed=3).fit(training_data)
    generator.start_streaming(None, max_samples=300)
    values = [json.loads(m.value()) for m in consume(topic, 300)]
    expected = frame_records(generator.generate(300))
    assert values == expected
    assert any(row["income"] is None for row in values)  # NaN became null
    assert isinstance(values[0]["joined"], str) and values[0]["joined"].startswith("20")


def test_avro_values_decode_to_the_generated_rows(
        bootstrap: str, new_topic: Callable[..., str], consume: Consume, training_data: pd.DataFrame) -> None:
    topic = new_topic()
    generator = KafkaStreamingGenerator(bootstrap, topic, batch_size=50, seed=4, value_serializer="avro")
    generator.fit(training_data).start_streaming(None, max_samples=200)
    decoded = pd.DataFrame([generator.serializer.deserialize(m.value()) for m in consume(topic, 200)])
    expected = generator.generate(200)
    assert decoded["age"].tolist() == expected["age"].tolist()
    assert decoded["city"].tolist() == expected["city"].tolist()
    assert decoded["member"].tolist() == expected["member"].tolist()
    pd.testing.assert_series_equal(decoded["income"].astype(float), expected["income"], check_names=False)
    assert pd.to_datetime(decoded["joined"]).dt.as_unit("us").tolist() == \
        expected["joined"].dt.as_unit("us").tolist()


def test_a_callable_serializer_writes_what_it_returns(
        bootstrap: str, new_topic: Callable[..., str], consume: Consume, training_data: pd.DataFrame) -> None:
    topic = new_topic()
    generator = KafkaStreamingGenerator(bootstrap, topic, seed=5,
                                        value_serializer=lambda row: f"{row['city']}|{row['age']}")
    generator.fit(training_data).start_streaming(None, max_samples=120)
    expected = generator.generate(120)
    wanted = [f"{city}|{age}" for city, age in zip(expected["city"], expected["age"], strict=True)]
    assert [m.value().decode() for m in consume(topic, 120)] == wanted


def test_headers_carry_the_run_id_schema_version_and_content_type(
        bootstrap: str, new_topic: Callable[..., str], consume: Consume, training_data: pd.DataFrame) -> None:
    topic = new_topic()
    generator = KafkaStreamingGenerator(bootstrap, topic, value_serializer="avro").fit(training_data)
    generator.start_streaming(None, max_samples=10)
    headers = dict(consume(topic, 10)[0].headers())
    assert headers["genesis-run-id"].decode() == generator.run_id
    assert headers["genesis-schema-version"] == generator.serializer.fingerprint.hex().encode()
    assert headers["content-type"] == b"application/vnd.apache.avro"


def test_samples_per_second_is_a_real_rate_limit(
        bootstrap: str, new_topic: Callable[..., str], training_data: pd.DataFrame) -> None:
    generator = KafkaStreamingGenerator(bootstrap, new_topic(), batch_size=100).fit(training_data)
    start = time.monotonic()
    generator.start_streaming(2000, max_samples=6000)
    elapsed = time.monotonic() - start
    assert generator.stats.delivered == 6000
    assert 6000 / elapsed == pytest.approx(2000, rel=0.05)


def test_stop_from_another_thread_returns_after_everything_sent_is_confirmed(
        bootstrap: str, new_topic: Callable[..., str], consume: Consume, training_data: pd.DataFrame) -> None:
    topic = new_topic()
    generator = KafkaStreamingGenerator(bootstrap, topic, batch_size=200).fit(training_data)
    generator.start_streaming(5000, background=True)
    time.sleep(1.0)
    stoppers = [threading.Thread(target=generator.stop) for _ in range(3)]
    for stopper in stoppers:
        stopper.start()
    for stopper in stoppers:
        stopper.join(30)
    assert not generator.is_streaming
    generator.wait()
    stats = generator.stats
    assert stats.in_flight == 0 and stats.failed == 0 and stats.delivered == stats.produced > 0
    assert len(consume(topic, stats.delivered)) == stats.delivered


def test_as_a_context_manager_the_stream_ends_and_flushes_on_exit(
        bootstrap: str, new_topic: Callable[..., str], consume: Consume, training_data: pd.DataFrame) -> None:
    topic = new_topic()
    with KafkaStreamingGenerator(bootstrap, topic).fit(training_data) as generator:
        generator.start_streaming(3000, background=True)
        time.sleep(0.5)
        assert generator.is_streaming
    assert not generator.is_streaming
    assert generator.stats.delivered > 0
    assert len(consume(topic, generator.stats.delivered)) == generator.stats.delivered


def test_a_full_client_queue_is_waited_out_not_dropped(
        bootstrap: str, new_topic: Callable[..., str], consume: Consume, training_data: pd.DataFrame) -> None:
    topic = new_topic()
    generator = KafkaStreamingGenerator(bootstrap, topic, batch_size=500,
                                        producer_config={"queue.buffering.max.messages": 50, "linger.ms": 5})
    generator.fit(training_data).start_streaming(None, max_samples=3000)
    assert generator.stats.buffer_full > 0
    assert generator.stats.delivered == 3000
    assert len(consume(topic, 3000)) == 3000


def test_a_transactional_id_makes_each_batch_a_committed_transaction(
        bootstrap: str, new_topic: Callable[..., str], consume: Consume, training_data: pd.DataFrame) -> None:
    topic = new_topic()
    generator = KafkaStreamingGenerator(bootstrap, topic, batch_size=100, seed=9,
                                        producer_config={"transactional_id": f"genesis-{topic}"})
    generator.fit(training_data).start_streaming(None, max_samples=450)
    assert generator.stats.delivered == 450
    values = [json.loads(m.value()) for m in consume(topic, 450, isolation="read_committed")]
    assert values == frame_records(generator.generate(450))


def test_an_unreachable_broker_fails_within_the_connect_timeout(unused_port: int, training_data: pd.DataFrame) -> None:
    generator = KafkaStreamingGenerator(f"127.0.0.1:{unused_port}", "t", connect_timeout=2).fit(training_data)
    start = time.monotonic()
    with pytest.raises(BrokerUnavailableError, match=f"127.0.0.1:{unused_port} within 2 s"):
        generator.start_streaming(None, max_samples=10)
    assert time.monotonic() - start < 5
    assert not generator.is_streaming


def test_bad_settings_fail_before_anything_is_sent(bootstrap: str, training_data: pd.DataFrame) -> None:
    with pytest.raises(ConfigError, match="value_serializer"):
        KafkaStreamingGenerator(bootstrap, "t", value_serializer="xml")
    with pytest.raises(ConfigError, match="key_column 'nope'"):
        KafkaStreamingGenerator(bootstrap, "t", key_column="nope").fit(training_data)
    with pytest.raises(ConfigError, match="producer_config may not set"):
        KafkaStreamingGenerator(bootstrap, "t", producer_config={"bootstrap.servers": "x"}).fit(
            training_data).start_streaming(None, max_samples=1)
    generator = KafkaStreamingGenerator(bootstrap, "t").fit(training_data)
    with pytest.raises(ConfigError, match="samples_per_second"):
        generator.start_streaming(0)
    with pytest.raises(ConfigError, match="max_samples"):
        generator.start_streaming(None, max_samples=-1)

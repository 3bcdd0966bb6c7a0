"""A real Kafka-protocol broker for the genesis-kafka tests, and helpers to read a topic back.

The session starts one broker on 127.0.0.1 with ``scripts/kafka_broker.py`` (installed on demand by
``scripts/ensure-kafka.sh``): noida-db by default, Tansu with ``GENESIS_KAFKA_BROKER=tansu``. With
``GENESIS_KAFKA_BOOTSTRAP=host:port`` the tests use that broker instead and start nothing (the restart tests, which
need to stop the broker, are skipped then).
"""

from __future__ import annotations

import importlib.util
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("kafka_broker", ROOT / "scripts" / "kafka_broker.py")
assert _spec is not None and _spec.loader is not None
kafka_broker_script = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(kafka_broker_script)
LocalBroker = kafka_broker_script.LocalBroker


@dataclass
class ExternalBroker:
    """A broker the suite did not start: it can be used but not stopped."""

    bootstrap: str
    kind: str = "external"
    persistent: bool = False

    def restart(self, down_for: float = 0.0, timeout: float = 30.0, *, graceful: bool = True) -> None:
        raise RuntimeError("cannot restart an external broker")


@pytest.fixture(scope="session")
def kafka_broker() -> Iterator[Any]:
    """One broker for the whole session, stopped (by PID) at the end."""
    external = os.environ.get("GENESIS_KAFKA_BOOTSTRAP")
    if external:
        yield ExternalBroker(external)
        return
    broker = LocalBroker(os.environ.get("GENESIS_KAFKA_BROKER", "noida"))
    broker.start(timeout=60)
    try:
        yield broker
    finally:
        broker.cleanup()


@pytest.fixture
def unused_port() -> int:
    """A port on 127.0.0.1 where nothing listens."""
    return int(kafka_broker_script.free_port())


@pytest.fixture
def bootstrap(kafka_broker: Any) -> str:
    return str(kafka_broker.bootstrap)


@pytest.fixture
def new_topic(bootstrap: str) -> Callable[..., str]:
    """Create a fresh topic (``partitions``, default 1) and return its name."""
    from confluent_kafka.admin import AdminClient, NewTopic

    def create(partitions: int = 1) -> str:
        name = f"genesis-test-{uuid.uuid4().hex[:12]}"
        admin = AdminClient({"bootstrap.servers": bootstrap})
        (future,) = admin.create_topics([NewTopic(name, num_partitions=partitions, replication_factor=1)]).values()
        future.result(15)
        return name

    return create


@pytest.fixture
def consume(bootstrap: str) -> Callable[..., list[Any]]:
    """``consume(topic, expected)``: every message of ``topic`` from the start, all partitions assigned directly.

    Reads until ``expected`` messages arrived and then ``settle`` more seconds (so extra messages would show), or
    until ``timeout``.
    """
    import time

    from confluent_kafka import OFFSET_BEGINNING, Consumer, TopicPartition

    def read(topic: str, expected: int, *, timeout: float = 30.0, settle: float = 0.3,
             isolation: str = "read_uncommitted") -> list[Any]:
        consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"genesis-test-{uuid.uuid4().hex}",
                             "enable.auto.commit": False, "session.timeout.ms": 6000, "isolation.level": isolation})
        partitions = consumer.list_topics(topic, timeout=10).topics[topic].partitions
        consumer.assign([TopicPartition(topic, partition, OFFSET_BEGINNING) for partition in partitions])
        messages: list[Any] = []
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                batch = consumer.consume(10_000, 0.1)
                messages.extend(message for message in batch if message.error() is None)
                if len(messages) >= expected:
                    deadline = min(deadline, time.monotonic() + settle)
        finally:
            consumer.close()
        return messages

    return read


@pytest.fixture(scope="session")
def training_data() -> pd.DataFrame:
    """A small mixed table: numbers with gaps, categories, booleans, timestamps."""
    rng = np.random.default_rng(7)
    n = 300
    income = rng.lognormal(10, 0.5, n)
    income[rng.random(n) < 0.1] = np.nan
    return pd.DataFrame({
        "age": rng.integers(18, 90, n),
        "income": income,
        "city": rng.choice(["Oslo", "Rome", "New York"], n),
        "member": rng.random(n) < 0.4,
        "joined": pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 3 * 365 * 86_400, n), unit="s"),
    })

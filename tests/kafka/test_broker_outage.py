"""A broker that goes away mid-stream: nothing is lost across a restart, and what cannot be confirmed is reported."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
from genesis_kafka import KafkaDeliveryError, KafkaStreamingGenerator


@pytest.fixture
def stoppable_broker(kafka_broker: Any) -> Any:
    if kafka_broker.kind == "external":
        pytest.skip("needs a broker this suite starts (GENESIS_KAFKA_BOOTSTRAP names one it cannot stop)")
    return kafka_broker


@pytest.fixture
def persistent_broker(stoppable_broker: Any) -> Any:
    if not stoppable_broker.persistent:
        pytest.skip(f"needs a broker that keeps its data across a restart (noida), not {stoppable_broker.kind}")
    return stoppable_broker


def test_no_row_is_lost_across_a_broker_restart(persistent_broker: Any, new_topic: Callable[..., str],
                                                consume: Callable[..., list[Any]],
                                                training_data: pd.DataFrame) -> None:
    topic = new_topic()
    generator = KafkaStreamingGenerator(persistent_broker.bootstrap, topic, batch_size=100, include_metadata=True,
                                        key_column="_row_index").fit(training_data)
    generator.start_streaming(4000, background=True)
    time.sleep(1.0)
    persistent_broker.restart(down_for=2.0)
    time.sleep(1.0)
    generator.stop()
    generator.wait()
    stats = generator.stats
    assert stats.failed == 0 and stats.in_flight == 0 and stats.delivered == stats.produced > 4000 * 3
    keys = Counter(int(message.key()) for message in consume(topic, stats.delivered, timeout=60))
    assert set(keys) == set(range(stats.produced)), "rows were lost"
    assert sum(keys.values()) - len(keys) == 0, "idempotence should leave no duplicates"


def test_rows_still_unconfirmed_at_the_flush_deadline_are_reported(
        stoppable_broker: Any, new_topic: Callable[..., str], training_data: pd.DataFrame) -> None:
    generator = KafkaStreamingGenerator(stoppable_broker.bootstrap, new_topic(), batch_size=100,
                                        flush_timeout=1.0).fit(training_data)
    generator.start_streaming(2000, background=True)
    time.sleep(0.5)
    stoppable_broker.stop()
    try:
        time.sleep(0.5)
        generator.stop()
        with pytest.raises(KafkaDeliveryError, match="still unconfirmed") as raised:
            generator.wait()
    finally:
        stoppable_broker.start()
    assert raised.value.unconfirmed > 0
    assert generator.stats.delivered < generator.stats.produced

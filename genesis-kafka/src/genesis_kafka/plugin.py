"""Hook implementations of genesis-kafka, registered under the ``genesis`` entry-point group."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from genesis import hookimpl
from genesis.plugins import SinkSpec

__all__ = ["genesis_sinks"]


def _kafka_sink(**kwargs: Any) -> Any:
    """Build a :class:`genesis_kafka.sink.KafkaSink` (imported on first use, so listing plugins stays cheap)."""
    from genesis_kafka.sink import KafkaSink

    return KafkaSink(**kwargs)


@hookimpl
def genesis_sinks() -> Iterable[SinkSpec]:
    """The ``kafka`` sink: ``path='kafka://host:port/topic'`` or ``bootstrap_servers`` and ``topic``."""
    yield SinkSpec(name="kafka", summary="Apache Kafka topic, one message per row, confirmed delivery",
                   factory=_kafka_sink, requires=("confluent-kafka>=2.5", "fastavro>=1.9"))

"""Apache Kafka sink and streaming generator for Genesis.

``KafkaStreamingGenerator`` (also ``genesis.streaming.KafkaStreamingGenerator``) streams synthetic rows into a
topic; the ``kafka`` sink serves ``genesis generate --sink kafka``; ``genesis stream kafka`` is the command.
Heavy parts (confluent-kafka, fastavro, the generator) load on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "1.3.0"

__all__ = [
    "BrokerUnavailableError",
    "DeliveryStats",
    "KafkaDeliveryError",
    "KafkaSink",
    "KafkaStreamingGenerator",
    "__version__",
]

_HOME = {
    "BrokerUnavailableError": "genesis_kafka.errors",
    "DeliveryStats": "genesis_kafka.producer",
    "KafkaDeliveryError": "genesis_kafka.errors",
    "KafkaSink": "genesis_kafka.sink",
    "KafkaStreamingGenerator": "genesis_kafka.generator",
}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(importlib.import_module(_HOME[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

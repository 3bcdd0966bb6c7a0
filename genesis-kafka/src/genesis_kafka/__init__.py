"""Apache Kafka sink and streaming generator for Genesis.

``KafkaStreamingGenerator`` (also ``genesis.streaming.KafkaStreamingGenerator``) streams synthetic rows into a
topic; the ``kafka`` sink serves ``genesis generate --sink kafka``; ``genesis stream kafka`` is the command.
Heavy parts (confluent-kafka, fastavro, the generator) load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from genesis.lazy import lazy_exports

if TYPE_CHECKING:
    from genesis_kafka.errors import BrokerUnavailableError, KafkaDeliveryError
    from genesis_kafka.generator import KafkaStreamingGenerator
    from genesis_kafka.producer import DeliveryStats
    from genesis_kafka.sink import KafkaSink

__version__ = "1.3.0"

__all__ = [
    "BrokerUnavailableError",
    "DeliveryStats",
    "KafkaDeliveryError",
    "KafkaSink",
    "KafkaStreamingGenerator",
    "__version__",
]

__getattr__, __dir__ = lazy_exports(__name__, {
    "BrokerUnavailableError": "genesis_kafka.errors",
    "DeliveryStats": "genesis_kafka.producer",
    "KafkaDeliveryError": "genesis_kafka.errors",
    "KafkaSink": "genesis_kafka.sink",
    "KafkaStreamingGenerator": "genesis_kafka.generator",
})

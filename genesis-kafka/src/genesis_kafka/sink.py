"""The ``kafka`` sink: every row becomes one message, confirmed by the broker before ``close`` returns."""

from __future__ import annotations

from typing import Any

import pandas as pd

from genesis.errors import ConfigError
from genesis.schema import Schema, infer_schema
from genesis.sinks import BaseSink
from genesis_kafka.producer import DeliveringProducer, DeliveryStats, Headers, possible_duplicates_line
from genesis_kafka.serializers import make_serializer, message_keys

__all__ = ["KafkaSink", "parse_kafka_url"]


def parse_kafka_url(url: str) -> tuple[str, str]:
    """``kafka://host:port[,host:port]/topic`` (or ``host:port/topic``) -> ``(bootstrap_servers, topic)``.

    Also accepts the form a file path turns the URL into (``kafka:/host:port/topic``), so the sink works as
    ``genesis generate DATA -o kafka://127.0.0.1:9092/events --sink kafka``.
    """
    text = str(url).strip()
    if text.lower().startswith("kafka:"):
        text = text[len("kafka:"):]
    servers, _, topic = text.lstrip("/").partition("/")
    if not servers or not topic or "/" in topic:
        raise ConfigError(f"cannot read a Kafka destination from {url!r}: use kafka://host:port/topic")
    return servers, topic


class KafkaSink(BaseSink):
    """Writes rows to a Kafka topic as JSON, Avro or a callable's bytes; ``close`` flushes and checks delivery.

    Give ``bootstrap_servers`` and ``topic``, or ``path`` as ``kafka://host:port/topic``. The value schema comes
    from :meth:`open`'s ``schema`` when given, else from the first batch.
    """

    def __init__(self, bootstrap_servers: str | None = None, topic: str | None = None, *, path: Any = None,
                 key_column: str | None = None, producer_config: dict[str, Any] | None = None,
                 value_serializer: Any = "json", flush_timeout: float = 30.0, connect_timeout: float = 10.0) -> None:
        super().__init__()
        if path is not None:
            if bootstrap_servers or topic:
                raise ConfigError("give the Kafka destination either as path or as bootstrap_servers and topic")
            bootstrap_servers, topic = parse_kafka_url(path)
        if not bootstrap_servers or not topic:
            raise ConfigError("the kafka sink needs bootstrap_servers and topic (or path='kafka://host:port/topic')")
        self.bootstrap_servers = bootstrap_servers
        self.topic = topic
        self.key_column = key_column
        self.producer_config = dict(producer_config or {})
        self.serializer = make_serializer(value_serializer)
        self.flush_timeout = flush_timeout
        self.connect_timeout = connect_timeout
        self._producer: DeliveringProducer | None = None
        self._schema: Schema | None = None

    @property
    def stats(self) -> DeliveryStats:
        """Delivery counters of the rows written so far."""
        return self._producer.stats if self._producer is not None else DeliveryStats()

    def caveats(self) -> list[str]:
        """Rows produced again after a delivery timeout, which the topic may hold twice (``genesis generate``
        prints this and exits 3)."""
        stats = self.stats
        if not stats.possibly_duplicated:
            return []
        return [possible_duplicates_line(stats, self.topic)]

    def open(self, schema: Any = None) -> None:
        """Connect (bounded by ``connect_timeout``); ``schema`` is a Genesis :class:`Schema` of the rows, if known."""
        if isinstance(schema, Schema):
            self._schema = schema
        if self._producer is None:
            producer = DeliveringProducer(self.bootstrap_servers, self.producer_config)
            producer.connect(self.topic, self.connect_timeout)
            self._producer = producer
        super().open(schema)

    def _write(self, batch: pd.DataFrame) -> None:
        assert self._producer is not None
        if self.serializer.schema is None:
            self.serializer.bind(self._schema or infer_schema(batch))
        if self.key_column is not None and self.key_column not in batch.columns:
            raise ConfigError(f"key_column {self.key_column!r} is not a column of the batch")
        keys = message_keys(batch, self.key_column) if self.key_column else None
        headers: Headers = [("genesis-schema-version", self.serializer.schema_version.encode()),
                   ("content-type", self.serializer.content_type.encode())]
        self._producer.send(self.topic, self.serializer.serialize(batch), keys, headers)

    def close(self) -> None:
        """Flush; raise :class:`~genesis_kafka.errors.KafkaDeliveryError` if any row is not confirmed."""
        try:
            if self._open and self._producer is not None:
                self._producer.close(self.flush_timeout)
        finally:
            super().close()

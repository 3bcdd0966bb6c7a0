"""KafkaStreamingGenerator: fit once, then stream synthetic rows into a Kafka topic at a given rate."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import pandas as pd

from genesis.errors import ConfigError, NotFittedError
from genesis.pipeline import DEFAULT_METHOD
from genesis.schema import infer_schema
from genesis.streaming import METADATA_COLUMNS, StreamingConfig, StreamingGenerator
from genesis_kafka.producer import DeliveringProducer, DeliveryStats, Headers
from genesis_kafka.ratelimit import TokenBucket
from genesis_kafka.serializers import ValueSerializer, make_serializer, message_keys

__all__ = ["KafkaStreamingGenerator"]

#: Rows of a sample generated at ``fit`` time to check that the serializer can write the model's output.
_CHECK_ROWS = 20


class KafkaStreamingGenerator:
    """Stream rows from any registered generator to ``topic``, one message per row.

    ``fit(data, method="gaussian_copula", **kwargs)`` fits the model; ``start_streaming(samples_per_second,
    max_samples)`` sends batches of ``batch_size`` rows at that rate (a token bucket) until ``max_samples`` rows are
    *delivered* (confirmed by the broker) or :meth:`stop` is called, then flushes. It blocks by default;
    ``background=True`` runs it in a thread (:meth:`wait` joins it, :meth:`stop` ends it). Used as a context
    manager, leaving the block stops the stream, flushes, and raises any delivery error.

    Beyond the reference's parameters: ``seed`` (the same rows on every run), ``include_metadata`` (add
    ``_batch_id``, ``_row_index``, ``_generated_at`` to each row), ``headers`` (send ``genesis-run-id``,
    ``genesis-schema-version`` and ``content-type`` headers), ``flush_timeout`` and ``connect_timeout`` (seconds),
    ``lineage`` (a chain file every stream is appended to).
    """

    def __init__(self, bootstrap_servers: str, topic: str, batch_size: int = 100, key_column: str | None = None,
                 producer_config: dict[str, Any] | None = None,
                 value_serializer: str | Callable[[dict[str, Any]], bytes | str] | ValueSerializer = "json", *,
                 seed: int | None = None, include_metadata: bool = False, headers: bool = True,
                 flush_timeout: float = 30.0, connect_timeout: float = 10.0,
                 lineage: str | Path | None = None) -> None:
        if not isinstance(topic, str) or not topic.strip():
            raise ConfigError(f"topic must be a non-empty string, got {topic!r}")
        if flush_timeout <= 0 or connect_timeout <= 0:
            raise ConfigError("flush_timeout and connect_timeout must be positive numbers of seconds")
        self.bootstrap_servers = bootstrap_servers
        self.topic = topic.strip()
        self.config = StreamingConfig(batch_size=batch_size, include_metadata=include_metadata, seed=seed)
        self.key_column = key_column
        self.producer_config = dict(producer_config or {})
        self.serializer = make_serializer(value_serializer)
        self.headers = headers
        self.flush_timeout = float(flush_timeout)
        self.connect_timeout = float(connect_timeout)
        self.run_id: str | None = None
        self.lineage = lineage
        self._streaming: StreamingGenerator | None = None
        self._producer: DeliveringProducer | None = None
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._worker: threading.Thread | None = None
        self._error: BaseException | None = None

    # -- fitting --------------------------------------------------------------------------------------------------
    def fit(self, data: pd.DataFrame, **kwargs: Any) -> Self:
        """Fit ``method`` (default ``"gaussian-copula"``; other kwargs go to its factory) and bind the serializer."""
        columns = [str(name) for name in data.columns] + (list(METADATA_COLUMNS) if self.config.include_metadata
                                                          else [])
        if self.key_column is not None and self.key_column not in columns:
            raise ConfigError(f"key_column {self.key_column!r} is not a column of the data (columns: {columns})")
        method = kwargs.pop("method", DEFAULT_METHOD)
        self._streaming = StreamingGenerator(self.config, lineage=self.lineage).fit(data, method=method, **kwargs)
        sample = self._streaming.generate(_CHECK_ROWS)
        schema = infer_schema(data)
        if self.config.include_metadata:
            schema.columns.update(infer_schema(sample[list(METADATA_COLUMNS)]).columns)
        self.serializer.bind(schema)
        self.serializer.serialize(sample)  # a serializer that cannot write this model's rows fails here, not later
        return self

    @property
    def streaming(self) -> StreamingGenerator:
        """The fitted core streaming generator underneath."""
        if self._streaming is None:
            raise NotFittedError("KafkaStreamingGenerator is not fitted: call fit(data) first")
        return self._streaming

    def generate(self, n_samples: int) -> pd.DataFrame:
        """The first ``n_samples`` rows a stream sends (the same rows when ``seed`` is set)."""
        return self.streaming.generate(n_samples)

    # -- streaming ------------------------------------------------------------------------------------------------
    @property
    def is_streaming(self) -> bool:
        """Whether a stream is running now."""
        return not self._idle.is_set()

    @property
    def stats(self) -> DeliveryStats:
        """Produced, delivered, failed, retried and in-flight rows of the current (or last) stream, and rows/s."""
        producer = self._producer
        return producer.stats if producer is not None else DeliveryStats()

    def start_streaming(self, samples_per_second: float | None, max_samples: int | None = None, *,
                        background: bool = False) -> None:
        """Stream rows at ``samples_per_second`` (``None``: as fast as possible) until ``max_samples`` are delivered.

        Blocks until the stream ends, unless ``background`` is true. Raises :class:`BrokerUnavailableError` when no
        broker answers within ``connect_timeout`` and :class:`KafkaDeliveryError` when rows failed or were still
        unconfirmed ``flush_timeout`` seconds after the end (in the background: from :meth:`wait` or on leaving the
        ``with`` block).
        """
        if samples_per_second is not None and not samples_per_second > 0:
            raise ConfigError(f"samples_per_second must be a positive number or None, got {samples_per_second!r}")
        if max_samples is not None and (isinstance(max_samples, bool) or not isinstance(max_samples, int)
                                        or max_samples < 0):
            raise ConfigError(f"max_samples must be None or a non-negative integer, got {max_samples!r}")
        streaming = self.streaming
        if not self._idle.is_set():
            raise ConfigError("this generator is already streaming; stop() it first")
        self._idle.clear()
        self._stop.clear()
        self._error = None
        self.run_id = uuid.uuid4().hex
        try:
            self._producer = DeliveringProducer(self.bootstrap_servers, self.producer_config)
            self._producer.connect(self.topic, self.connect_timeout)
        except BaseException:
            self._idle.set()
            raise
        if not background:
            self._run(streaming, self._producer, samples_per_second, max_samples)
            return
        self._worker = threading.Thread(target=self._run_captured, name=f"genesis-kafka-{self.topic}", daemon=True,
                                        args=(streaming, self._producer, samples_per_second, max_samples))
        self._worker.start()

    def _run_captured(self, *args: Any) -> None:
        try:
            self._run(*args)
        except BaseException as error:  # handed to wait() / __exit__
            self._error = error

    def _run(self, streaming: StreamingGenerator, producer: DeliveringProducer, samples_per_second: float | None,
             max_samples: int | None) -> None:
        """Generate, rate-limit and produce batches; always flush at the end, even when interrupted."""
        try:
            bucket = TokenBucket(samples_per_second, burst=self.config.batch_size) if samples_per_second else None
            headers = self._headers()
            remaining = max_samples
            stopping = self._stop.is_set
            batches = streaming.generate_stream()
            while (remaining is None or remaining > 0) and not stopping():
                batch = next(batches)
                if remaining is not None:
                    batch = batch.iloc[:remaining]
                values = self.serializer.serialize(batch)
                keys = message_keys(batch, self.key_column) if self.key_column else None
                if bucket is not None and not bucket.acquire(len(values), self._stop):
                    break
                sent = producer.send(self.topic, values, keys, headers, stopping)
                if remaining is not None:
                    remaining -= sent
                if sent < len(values):
                    break
        finally:
            try:
                producer.close(self.flush_timeout)
            finally:
                self._idle.set()

    def _headers(self) -> Headers:
        if not self.headers:
            return None
        return [("genesis-run-id", (self.run_id or "").encode()),
                ("genesis-schema-version", self.serializer.schema_version.encode()),
                ("content-type", self.serializer.content_type.encode())]

    def stop(self) -> None:
        """Ask the stream to end and return once it has flushed; safe from any thread, and to call repeatedly."""
        self._stop.set()
        if threading.current_thread() is self._worker:
            return
        self._idle.wait()

    def wait(self, timeout: float | None = None) -> None:
        """Wait for a background stream to end; raise its error, if it had one."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)
            if worker.is_alive():
                raise TimeoutError(f"the stream to {self.topic!r} is still running after {timeout} s")
        error, self._error = self._error, None
        if error is not None:
            raise error

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
        if exc_type is None:
            self.wait()

    def __repr__(self) -> str:
        state = "streaming" if self.is_streaming else ("fitted" if self._streaming is not None else "not fitted")
        return f"KafkaStreamingGenerator(topic={self.topic!r}, bootstrap_servers={self.bootstrap_servers!r}, {state})"

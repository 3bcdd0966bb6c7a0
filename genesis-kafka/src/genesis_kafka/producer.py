"""A confluent-kafka producer that counts a row as sent only when the broker confirms it.

* The delivery report is the success signal: ``poll()`` runs after every batch (and while waiting) so reports are
  served continuously, and only a successful report counts a row as delivered.
* A full local queue (``BufferError``) is answered by polling and producing the same message again, never by
  dropping it.
* A delivery that fails with a retriable error (a message timeout while the broker is down, a leader change...) is
  produced again; one that fails for good is counted as failed and reported.
* ``flush`` is repeated until every message is confirmed or the deadline passes; what is still unconfirmed then is
  reported, never ignored.
* With ``transactional.id`` in the configuration every batch is one transaction: rows count as delivered when the
  commit succeeds, and an aborted batch is produced again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from genesis.errors import ConfigError

from genesis_kafka.config import build_producer_config
from genesis_kafka.errors import BrokerUnavailableError, KafkaDeliveryError

__all__ = ["DeliveringProducer", "DeliveryStats", "Headers"]

logger = logging.getLogger("genesis_kafka")

#: Message headers as confluent-kafka takes them.
Headers = list[tuple[str, str | bytes | None]] | None
#: Seconds a transaction operation may take before it counts as failed.
TRANSACTION_TIMEOUT = 30.0
#: How often a batch whose transaction had to be aborted is produced again before giving up.
TRANSACTION_ATTEMPTS = 5


@dataclass(frozen=True)
class DeliveryStats:
    """A consistent snapshot of a producer's counters.

    ``produced`` counts rows handed to the client (each once), ``delivered`` rows the broker confirmed, ``failed``
    rows that failed for good, ``retried`` re-productions after retriable failures, ``buffer_full`` waits for room
    in the client's queue, ``in_flight`` messages sent and not yet answered; ``rows_per_second`` is delivered rows
    over ``elapsed`` seconds since the first row was produced.
    """

    produced: int = 0
    delivered: int = 0
    failed: int = 0
    retried: int = 0
    buffer_full: int = 0
    in_flight: int = 0
    elapsed: float = 0.0
    last_error: str | None = None

    @property
    def rows_per_second(self) -> float:
        return self.delivered / self.elapsed if self.elapsed > 0 else 0.0


def _is_retriable(error: Any) -> bool:
    """Whether a failed delivery should be produced again (a later attempt may succeed)."""
    from confluent_kafka import KafkaError

    return bool(error.retriable()) or error.code() in {
        KafkaError._MSG_TIMED_OUT, KafkaError._TIMED_OUT, KafkaError._TRANSPORT, KafkaError._ALL_BROKERS_DOWN,
        KafkaError.REQUEST_TIMED_OUT, KafkaError.NOT_ENOUGH_REPLICAS, KafkaError.NOT_LEADER_FOR_PARTITION,
    }


class DeliveringProducer:
    """Produce rows to Kafka and account for every one of them; use from one thread, read :attr:`stats` from any."""

    def __init__(self, bootstrap_servers: str, producer_config: Mapping[str, Any] | None = None) -> None:
        from confluent_kafka import KafkaException, Producer

        self.config = build_producer_config(bootstrap_servers, producer_config, self._on_error)
        self.transactional = bool(self.config.get("transactional.id"))
        try:
            self._producer = Producer(self.config)
        except KafkaException as error:
            raise ConfigError(f"invalid producer configuration: {error.args[0].str()}") from None
        self._lock = threading.Lock()
        self._retry: deque[tuple[str, bytes, bytes | None, Headers]] = deque()
        self._sent = self._delivered = self._failed = self._retried = self._buffer_full = self._answered = 0
        self._started: float | None = None
        self._last_delivery = 0.0
        self._last_error: str | None = None
        self._fatal: str | None = None

    # -- callbacks (served inside poll/flush, in the producing thread) --------------------------------------------
    def _on_error(self, error: Any) -> None:
        with self._lock:
            repeated, self._last_error = self._last_error == error.str(), error.str()
        if error.fatal():
            self._fatal = error.str()
        if not repeated:
            logger.warning("kafka: %s", error.str())

    def _on_delivery(self, error: Any, message: Any) -> None:
        with self._lock:
            self._answered += 1
            if error is None:
                if not self.transactional:
                    self._delivered += 1
                self._last_delivery = time.monotonic()
            elif self.transactional:
                self._last_error = error.str()  # the commit fails and the batch is produced again
            elif _is_retriable(error) and self._fatal is None:
                self._retry.append((message.topic(), message.value(), message.key(), message.headers()))
                self._last_error = error.str()
            else:
                self._failed += 1
                self._last_error = error.str()

    # -- stats ----------------------------------------------------------------------------------------------------
    @property
    def stats(self) -> DeliveryStats:
        """The counters now (safe from any thread)."""
        with self._lock:
            end = self._last_delivery if self._in_flight() == 0 and not self._retry else time.monotonic()
            return DeliveryStats(
                produced=self._sent - self._retried, delivered=self._delivered, failed=self._failed,
                retried=self._retried, buffer_full=self._buffer_full, in_flight=self._in_flight(),
                elapsed=max(end - self._started, 0.0) if self._started is not None else 0.0,
                last_error=self._last_error)

    def _in_flight(self) -> int:
        return self._sent - self._answered

    def _check_fatal(self) -> None:
        if self._fatal is not None:
            raise KafkaDeliveryError(f"the Kafka producer hit a fatal error: {self._fatal}",
                                     failed=self._failed, unconfirmed=len(self._producer) + len(self._retry))

    # -- connecting -----------------------------------------------------------------------------------------------
    def connect(self, topic: str, timeout: float) -> None:
        """Check within ``timeout`` s that a broker answers and ``topic`` exists (or is created on first use)."""
        from confluent_kafka import KafkaError, KafkaException

        try:
            metadata = self._producer.list_topics(topic, timeout=timeout)
        except KafkaException as error:
            raise BrokerUnavailableError(f"no Kafka broker answered at {self.config['bootstrap.servers']} within "
                                         f"{timeout:g} s ({error.args[0].str()})") from None
        found = metadata.topics.get(topic)
        if found is None or found.error is not None:
            code = found.error.code() if found is not None and found.error is not None else None
            if code == KafkaError.LEADER_NOT_AVAILABLE:  # being auto-created right now
                return
            reason = found.error.str() if found is not None and found.error is not None else "not in metadata"
            raise ConfigError(f"Kafka topic {topic!r} is not available ({reason}); create it first or enable "
                              f"automatic topic creation on the broker")
        if self.transactional:
            try:
                self._producer.init_transactions(timeout)
            except KafkaException as error:
                raise BrokerUnavailableError(f"could not initialise transactions: {error.args[0].str()}") from None

    # -- producing ------------------------------------------------------------------------------------------------
    def _produce(self, topic: str, value: bytes, key: bytes | None, headers: Headers,
                 should_stop: Callable[[], bool]) -> bool:
        """Hand one message to the client, waiting for room in its queue; ``False`` if asked to stop first."""
        while True:
            try:
                self._producer.produce(topic, value, key, headers=headers, on_delivery=self._on_delivery)
            except BufferError:
                with self._lock:
                    self._buffer_full += 1
                self._check_fatal()
                if should_stop():
                    return False
                self._producer.poll(0.05)
                continue
            with self._lock:
                self._sent += 1
            return True

    def _resend_failed(self, should_stop: Callable[[], bool]) -> None:
        while self._retry:
            topic, value, key, headers = self._retry.popleft()
            if not self._produce(topic, value, key, headers, should_stop):
                self._retry.appendleft((topic, value, key, headers))
                return
            with self._lock:
                self._retried += 1

    def send(self, topic: str, values: Sequence[bytes], keys: Sequence[bytes | None] | None, headers: Headers,
             should_stop: Callable[[], bool] = lambda: False) -> int:
        """Produce one batch (as one transaction when transactional); returns how many rows were handed over."""
        if self._started is None:
            self._started = time.monotonic()
        self._check_fatal()
        if self.transactional:
            return self._send_transaction(topic, values, keys, headers, should_stop)
        self._resend_failed(should_stop)
        sent = self._send_rows(topic, values, keys, headers, should_stop)
        self._producer.poll(0)
        return sent

    def _send_rows(self, topic: str, values: Sequence[bytes], keys: Sequence[bytes | None] | None, headers: Headers,
                   should_stop: Callable[[], bool]) -> int:
        for index, value in enumerate(values):
            if not self._produce(topic, value, None if keys is None else keys[index], headers, should_stop):
                return index
            if index % 1000 == 999:
                self._producer.poll(0)
        return len(values)

    def _send_transaction(self, topic: str, values: Sequence[bytes], keys: Sequence[bytes | None] | None,
                          headers: Headers, should_stop: Callable[[], bool]) -> int:
        from confluent_kafka import KafkaException

        for attempt in range(1, TRANSACTION_ATTEMPTS + 1):
            self._producer.begin_transaction()
            sent = self._send_rows(topic, values, keys, headers, lambda: False)
            try:
                self._producer.commit_transaction(TRANSACTION_TIMEOUT)
            except KafkaException as exc:
                error = exc.args[0]
                if error.fatal() or not (error.txn_requires_abort() or error.retriable()):
                    self._fatal = error.str()
                    self._check_fatal()
                self._producer.abort_transaction(TRANSACTION_TIMEOUT)
                logger.warning("kafka: transaction aborted (attempt %d): %s", attempt, error.str())
                with self._lock:
                    self._retried += sent
                    self._last_error = error.str()
                continue
            with self._lock:
                self._delivered += sent
            return sent
        raise KafkaDeliveryError(f"a batch of {len(values)} rows could not be committed in {TRANSACTION_ATTEMPTS} "
                                 f"transactions: {self._last_error}", unconfirmed=len(values))

    def flush(self, timeout: float) -> int:
        """Wait up to ``timeout`` s for every message to be confirmed (producing retriable failures again).

        Returns how many messages are still unconfirmed at the deadline (0 when all were answered).
        """
        deadline = time.monotonic() + timeout
        while True:
            self._resend_failed(lambda: time.monotonic() >= deadline)
            left = deadline - time.monotonic()
            remaining = self._producer.flush(max(min(left, 1.0), 0.0))
            if (remaining == 0 and not self._retry) or time.monotonic() >= deadline or self._fatal is not None:
                return remaining + len(self._retry)

    def close(self, timeout: float) -> None:
        """Flush, then release the client; raise :class:`KafkaDeliveryError` if any row failed or is unconfirmed.

        Messages still unconfirmed at the deadline are purged from the client (they are reported, not waited for).
        """
        unconfirmed = self.flush(timeout)
        stats = self.stats
        if unconfirmed:
            self._producer.purge()
            self._producer.poll(0)
        closer = getattr(self._producer, "close", None)  # confluent-kafka >= 2.13 releases the client on demand
        if closer is not None:
            closer()
        self._check_fatal()
        if unconfirmed or stats.failed:
            raise KafkaDeliveryError(
                f"{stats.failed} row(s) failed and {unconfirmed} were still unconfirmed after {timeout:g} s "
                f"({stats.delivered} of {stats.produced} delivered; last error: {stats.last_error})",
                failed=stats.failed, unconfirmed=unconfirmed)

"""A confluent-kafka producer that counts a row as sent only when the broker confirms it.

* The delivery report is the success signal: ``poll()`` runs after every batch (and while waiting) so reports are
  served continuously, and only a successful report counts a row as delivered.
* A full local queue (``BufferError``) is answered by polling and producing the same message again, never by
  dropping it.
* A delivery that fails with a retriable error (a message timeout while the broker is down, a leader change...) is
  produced again; one that fails for good is counted as failed and reported.
* A message produced again after it may already have reached the broker (it timed out, or was purged while in
  flight, or a failed client never answered for it) can appear twice: idempotence deduplicates only the client's
  own retries, not a new production. Such messages are counted in ``DeliveryStats.possibly_duplicated``, never
  hidden (the CLI exits with code 3 when it is not zero).
* ``flush`` is repeated until every message is confirmed or the deadline passes; what is still unconfirmed then is
  reported, never ignored.
* A fatal client error outside a transaction (for example an idempotence sequence the broker lost in a restart)
  replaces the client with a new one and produces its unconfirmed messages again (at most ``MAX_RECOVERIES``
  times); rows the old client may have written just before failing can then appear twice, never zero times.
  Which messages are unconfirmed is known from our own :class:`~genesis_kafka.ledger.Ledger`, not only from the
  failed client's reports (it can drop some while its fatal error is pending).
* Messages the client purges itself (librdkafka empties its queue on a fatal error) are produced again; only the
  purge in :meth:`DeliveringProducer.close`, after the flush deadline, counts them as unconfirmed.
* With ``transactional.id`` in the configuration every batch is one transaction: rows count as delivered when the
  commit succeeds, and an aborted batch is produced again.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from genesis.errors import ConfigError
from genesis_kafka.config import build_producer_config
from genesis_kafka.errors import BrokerUnavailableError, KafkaDeliveryError
from genesis_kafka.ledger import Ledger, SentBatch

__all__ = ["DeliveringProducer", "DeliveryStats", "Headers", "possible_duplicates_line"]

logger = logging.getLogger("genesis_kafka")


def possible_duplicates_line(stats: DeliveryStats, topic: str) -> str:
    """The one line that tells a user every row arrived but some may be in ``topic`` twice, and what to do."""
    return (f"kafka: all {stats.delivered:,} rows were delivered, but {stats.possibly_duplicated:,} were produced "
            f"again after a delivery timeout and may appear twice in {topic!r} (deduplicate on the message key, or "
            "raise message.timeout.ms above the longest broker outage)")

#: Message headers as confluent-kafka takes them.
Headers = list[tuple[str, str | bytes | None]] | None
#: Seconds a transaction operation may take before it counts as failed.
TRANSACTION_TIMEOUT = 30.0
#: How often a batch whose transaction had to be aborted is produced again before giving up.
TRANSACTION_ATTEMPTS = 5
#: How often a producer replaces its client after a fatal error before giving up.
MAX_RECOVERIES = 3
#: How many client errors in a row serving callbacks may raise before the producer gives up.
MAX_SERVE_ERRORS = 100
#: Seconds to wait for a failed client to hand back its purged messages.
RECOVERY_TIMEOUT = 10.0


@dataclass(frozen=True)
class DeliveryStats:
    """A snapshot of a producer's counters.

    ``produced`` counts rows handed to the client (each once), ``delivered`` rows the broker confirmed, ``failed``
    rows that failed for good, ``retried`` re-productions after retriable failures, ``buffer_full`` waits for room
    in the client's queue, ``in_flight`` messages sent and not yet answered; ``possibly_duplicated`` counts the
    re-productions of messages the broker may already have stored (an upper bound of the duplicates in the topic);
    ``rows_per_second`` is delivered rows over ``elapsed`` seconds since the first row was produced.
    """

    produced: int = 0
    delivered: int = 0
    failed: int = 0
    retried: int = 0
    buffer_full: int = 0
    in_flight: int = 0
    elapsed: float = 0.0
    last_error: str | None = None
    possibly_duplicated: int = 0

    @property
    def rows_per_second(self) -> float:
        return self.delivered / self.elapsed if self.elapsed > 0 else 0.0


def _is_fatal(error: Any) -> bool:
    """Whether ``error`` leaves the client unusable: librdkafka's fatal flag, or a lost idempotence sequence."""
    from confluent_kafka import KafkaError

    return bool(error.fatal()) or error.code() in {
        KafkaError._FATAL, KafkaError.OUT_OF_ORDER_SEQUENCE_NUMBER, KafkaError.UNKNOWN_PRODUCER_ID,
        KafkaError.INVALID_PRODUCER_EPOCH,
    }


def _is_retriable(error: Any) -> bool:
    """Whether a failed delivery should be produced again (a later attempt may succeed)."""
    from confluent_kafka import KafkaError

    return bool(error.retriable()) or error.code() in {
        KafkaError._MSG_TIMED_OUT, KafkaError._TIMED_OUT, KafkaError._TRANSPORT, KafkaError._ALL_BROKERS_DOWN,
        KafkaError.REQUEST_TIMED_OUT, KafkaError.NOT_ENOUGH_REPLICAS, KafkaError.NOT_LEADER_FOR_PARTITION,
    }


def _may_be_stored(error: Any) -> bool:
    """Whether a failed delivery may still have been written by the broker (sent, then no answer in time)."""
    from confluent_kafka import KafkaError

    return error.code() in {KafkaError._MSG_TIMED_OUT, KafkaError._TIMED_OUT, KafkaError.REQUEST_TIMED_OUT,
                            KafkaError._PURGE_INFLIGHT, KafkaError._TRANSPORT} or _is_fatal(error)


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
        self._retry: deque[tuple[str, bytes, bytes | None, Headers]] = deque()
        self._sent = self._delivered = self._failed = self._retried = self._buffer_full = self._answered = 0
        self._possibly_duplicated = 0
        self._started: float | None = None
        self._last_delivery = 0.0
        self._last_error: str | None = None
        self._fatal: str | None = None
        self._recoveries = 0
        self._closing = False
        self._serve_errors = 0
        self._ledger = Ledger()  # unused in transactions: an aborted batch is produced again whole

    # -- callbacks (served inside poll/flush, in the producing thread) --------------------------------------------
    # They take no lock: only the producing thread writes the counters, and readers take a snapshot. confluent-kafka
    # may call them while its own fatal KafkaException is still pending, which makes the first call into C raise
    # SystemError; each callback therefore makes such a call before changing anything, records the fatal error
    # from the SystemError's cause, and runs again with the error state cleared.
    def _on_error(self, error: Any) -> None:
        text = error.str()
        if _is_fatal(error):
            self._fatal = text
        repeated, self._last_error = self._last_error == text, text
        if not repeated:
            logger.warning("kafka: %s", text)

    def _on_delivery(self, batch: SentBatch | None, error: Any, message: Any) -> None:
        try:
            self._account(batch, error, message)
        except SystemError as broken:
            self._note_pending(broken)
            self._account(batch, error, message)

    def _note_pending(self, broken: BaseException) -> None:
        """Record the client error that was pending when a callback ran (the SystemError's cause)."""
        from confluent_kafka import KafkaException

        pending = broken.__cause__ or broken.__context__
        if isinstance(pending, KafkaException):
            self._note_exception(pending)

    def _note_exception(self, exception: Any) -> None:
        from confluent_kafka import KafkaError

        error = exception.args[0] if exception.args else None
        if isinstance(error, KafkaError):
            self._last_error = error.str()
            if _is_fatal(error):
                self._fatal = error.str()
        else:
            self._last_error = str(exception)

    def _account(self, batch: SentBatch | None, error: Any, message: Any) -> None:
        """Count one delivery report; ``batch`` is ``None`` in a transaction, whose commit is the success signal."""
        if error is None:
            now = time.monotonic()  # the first call into C: raises here when an error is pending
            if batch is not None:
                self._ledger.answer(batch, message.value(), message.key())
                self._delivered += 1
            self._answered += 1
            self._last_delivery = now
            return
        text = error.str()
        if batch is not None:  # in a transaction the commit fails and the batch is produced again
            value, key = message.value(), message.key()
            self._ledger.answer(batch, value, key)
            if self._can_produce_again(error):
                self._retry.append((message.topic(), value, key, message.headers()))
                if _may_be_stored(error):
                    self._possibly_duplicated += 1
            else:
                self._failed += 1
        self._answered += 1
        self._last_error = text

    def _can_produce_again(self, error: Any) -> bool:
        from confluent_kafka import KafkaError

        code = error.code()
        if code in (KafkaError._PURGE_QUEUE, KafkaError._PURGE_INFLIGHT):
            return not self._closing  # purged by _recover or by the client's fatal error, not by close
        if _is_fatal(error):
            return self._recoveries < MAX_RECOVERIES
        return _is_retriable(error)

    # -- stats ----------------------------------------------------------------------------------------------------
    @property
    def stats(self) -> DeliveryStats:
        """The counters now (readable from any thread; each counter is exact, the set is a near-instant snapshot)."""
        end = self._last_delivery if self._in_flight() == 0 and not self._retry else time.monotonic()
        return DeliveryStats(
            produced=self._sent - self._retried, delivered=self._delivered, failed=self._failed,
            retried=self._retried, buffer_full=self._buffer_full, in_flight=self._in_flight(),
            elapsed=max(end - self._started, 0.0) if self._started is not None else 0.0,
            last_error=self._last_error, possibly_duplicated=self._possibly_duplicated)

    def _serve(self, timeout: float, *, flush: bool = False) -> int:
        """``poll`` (or ``flush``) the client; a fatal error it raises is recorded for :meth:`_check_fatal`."""
        from confluent_kafka import KafkaException

        try:
            served = int(self._producer.flush(timeout) if flush else self._producer.poll(timeout))
        except KafkaException as exception:
            self._note_exception(exception)
        except SystemError as broken:  # a callback ran with the client's error pending (see _on_delivery)
            self._note_pending(broken)
        else:
            self._serve_errors = 0
            return served
        if self._fatal is None:  # a passing client error (a purge report around a recovery...): serve again
            self._serve_errors += 1
            if self._serve_errors > MAX_SERVE_ERRORS:
                raise KafkaDeliveryError(f"the Kafka client failed {self._serve_errors} times in a row: "
                                         f"{self._last_error}", unconfirmed=len(self._producer) + len(self._retry))
        return len(self._producer)

    def _in_flight(self) -> int:
        return self._sent - self._answered

    def _check_fatal(self) -> None:
        """Recover from a fatal client error (a new client), or raise when that is not possible."""
        if self._fatal is None:
            return
        if self.transactional or self._recoveries >= MAX_RECOVERIES:
            raise KafkaDeliveryError(f"the Kafka producer hit a fatal error: {self._fatal}",
                                     failed=self._failed, unconfirmed=len(self._producer) + len(self._retry))
        self._recover()

    def _recover(self) -> None:
        """Purge the failed client (its messages come back to the retry queue) and continue with a new one."""
        from confluent_kafka import KafkaException, Producer

        old, reason = self._producer, self._fatal
        with contextlib.suppress(KafkaException, SystemError):  # the old client's own fatal error again
            old.purge(in_queue=True, in_flight=True, blocking=True)
        deadline = time.monotonic() + RECOVERY_TIMEOUT
        while len(old) and time.monotonic() < deadline:
            with contextlib.suppress(KafkaException, SystemError):  # the old client's own fatal error again
                old.poll(0.1)  # hands the purged messages to _on_delivery, which queues them again
        self._reclaim_unreported("the failed client")
        self._producer = Producer(self.config)
        self._recoveries += 1
        self._fatal = None
        logger.warning("kafka: replaced the producer after a fatal error (%s); %d unconfirmed message(s) will be "
                       "produced again and may appear twice", reason, len(self._retry))

    def _reclaim_unreported(self, holder: str) -> int:
        """Queue again every message handed over whose delivery report never came (the client holds none now);
        returns how many."""
        vanished = self._ledger.take_unanswered()
        if vanished:
            self._retry.extend(vanished)
            self._answered += len(vanished)
            self._possibly_duplicated += len(vanished)
            logger.warning("kafka: %d message(s) got no delivery report from %s; producing them again",
                           len(vanished), holder)
        return len(vanished)

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
    def _track(self, topic: str, values: Sequence[bytes], keys: Sequence[bytes | None] | None,
               headers: Headers) -> tuple[SentBatch | None, Callable[[Any, Any], None]]:
        """The ledger entry for messages about to be handed over, and the delivery callback that reports to it."""
        batch = None if self.transactional else self._ledger.open(topic, values, keys, headers)
        return batch, partial(self._on_delivery, batch)

    def _produce(self, topic: str, value: bytes, key: bytes | None, headers: Headers,
                 should_stop: Callable[[], bool], batch: SentBatch | None,
                 on_delivery: Callable[[Any, Any], None]) -> bool:
        """Hand one message (the next of ``batch``) to the client, waiting for room in its queue; ``False`` if asked
        to stop first."""
        from confluent_kafka import KafkaException

        while True:
            try:
                self._producer.produce(topic, value, key, headers=headers, on_delivery=on_delivery)
            except BufferError:
                self._buffer_full += 1
                self._check_fatal()
                if should_stop():
                    return False
                self._serve(0.05)
                continue
            except KafkaException as exception:
                self._note_exception(exception)
                if self._fatal is None:
                    raise
                self._check_fatal()
                continue
            self._sent += 1
            if batch is not None:
                batch.sent += 1
            return True

    def _resend_failed(self, should_stop: Callable[[], bool]) -> None:
        while self._retry:
            topic, value, key, headers = self._retry.popleft()
            batch, on_delivery = self._track(topic, [value], [key], headers)
            produced = self._produce(topic, value, key, headers, should_stop, batch, on_delivery)
            if batch is not None:
                self._ledger.seal(batch)
            if not produced:
                self._retry.appendleft((topic, value, key, headers))
                return
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
        self._serve(0)
        return sent

    def _send_rows(self, topic: str, values: Sequence[bytes], keys: Sequence[bytes | None] | None, headers: Headers,
                   should_stop: Callable[[], bool]) -> int:
        """Produce ``values`` in order, polling between chunks; a full queue is waited out by :meth:`_produce`."""
        batch, on_delivery = self._track(topic, values, keys, headers)
        try:
            return self._send_tracked(topic, values, keys, headers, should_stop, batch, on_delivery)
        finally:
            if batch is not None:
                self._ledger.seal(batch)

    def _send_tracked(self, topic: str, values: Sequence[bytes], keys: Sequence[bytes | None] | None,
                      headers: Headers, should_stop: Callable[[], bool], batch: SentBatch | None,
                      on_delivery: Callable[[Any, Any], None]) -> int:
        from confluent_kafka import KafkaException

        done = 0
        while done < len(values):
            produce = self._producer.produce  # a new client after a recovery
            chunk_end = min(done + 1000, len(values))
            index = done
            try:
                while index < chunk_end:
                    produce(topic, values[index], None if keys is None else keys[index], headers=headers,
                            on_delivery=on_delivery)
                    index += 1
            except (BufferError, KafkaException):
                pass  # values[index] was not taken: _produce waits for room (or a new client) and sends it
            self._sent += index - done
            if batch is not None:
                batch.sent += index - done
            done = index
            if done < chunk_end:
                if not self._produce(topic, values[done], None if keys is None else keys[done], headers,
                                     should_stop, batch, on_delivery):
                    return done
                done += 1
            self._serve(0)
        return done

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
                self._retried += sent
                self._last_error = error.str()
                continue
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
            self._check_fatal()
            self._resend_failed(lambda: time.monotonic() >= deadline)
            left = deadline - time.monotonic()
            remaining = self._serve(max(min(left, 1.0), 0.0), flush=True)
            if remaining == 0 and self._in_flight() and not self.transactional and self._reclaim_unreported(
                    "the client"):  # it holds nothing more, so those reports were dropped
                continue
            if (remaining == 0 and not self._retry and self._fatal is None) or time.monotonic() >= deadline:
                return remaining + len(self._retry)

    def close(self, timeout: float) -> None:
        """Flush, then release the client; raise :class:`KafkaDeliveryError` if any row failed or is unconfirmed.

        Messages still unconfirmed at the deadline are purged from the client (they are reported, not waited for).
        """
        unconfirmed = self.flush(timeout)
        stats = self.stats
        if unconfirmed:
            self._closing = True
            self._producer.purge()
            self._serve(0)
        if self._fatal is not None:
            raise KafkaDeliveryError(f"the Kafka producer hit a fatal error: {self._fatal}", failed=stats.failed,
                                     unconfirmed=unconfirmed)
        if stats.possibly_duplicated:
            logger.warning("kafka: %d message(s) were produced again after the broker may have stored them and may "
                           "appear twice", stats.possibly_duplicated)
        closer = getattr(self._producer, "close", None)  # recent confluent-kafka releases the client on demand
        if closer is not None:
            closer()
        if unconfirmed or stats.failed:
            raise KafkaDeliveryError(
                f"{stats.failed} row(s) failed and {unconfirmed} were still unconfirmed after {timeout:g} s "
                f"({stats.delivered} of {stats.produced} delivered; last error: {stats.last_error})",
                failed=stats.failed, unconfirmed=unconfirmed)

"""The messages a client holds and has not answered yet, kept on our side so that none can vanish with the client.

confluent-kafka hands every message back once in a delivery report, except around a fatal client error: reports
served while its own fatal exception is pending can be dropped before they reach Python. The producer therefore
tracks each batch it hands over (a reference to its values, nothing copied) together with the ``(value, key)`` of
every report that came back for it; a batch is forgotten once it is whole and fully answered. When a failed client
has been drained, whatever it was given and never answered is produced again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

__all__ = ["Ledger", "Message", "SentBatch"]

#: ``(topic, value, key, headers)`` as confluent-kafka's ``produce`` takes it.
Message = tuple[str, bytes, bytes | None, Any]


class SentBatch:
    """Messages ``values[start:sent]`` handed to the current client, and the reports that came back for them."""

    __slots__ = ("answered", "headers", "keys", "sealed", "sent", "start", "topic", "values")

    def __init__(self, topic: str, values: Sequence[bytes], keys: Sequence[bytes | None] | None,
                 headers: Any) -> None:
        self.topic, self.values, self.keys, self.headers = topic, values, keys, headers
        self.start = self.sent = 0
        self.sealed = False
        self.answered: list[tuple[bytes | None, bytes | None]] = []

    def unanswered(self) -> list[Message]:
        """The handed-over messages no report came back for (equal messages are interchangeable)."""
        if len(self.answered) >= self.sent - self.start:
            return []
        reported = Counter(self.answered)
        left: list[Message] = []
        for index in range(self.start, self.sent):
            pair = (self.values[index], None if self.keys is None else self.keys[index])
            if reported[pair]:
                reported[pair] -= 1
            else:
                left.append((self.topic, pair[0], pair[1], self.headers))
        return left


class Ledger:
    """The batches with messages still unanswered by the current client."""

    def __init__(self) -> None:
        self._open: dict[int, SentBatch] = {}

    def open(self, topic: str, values: Sequence[bytes], keys: Sequence[bytes | None] | None,
             headers: Any) -> SentBatch:
        """Start tracking a batch about to be handed over."""
        batch = SentBatch(topic, values, keys, headers)
        self._open[id(batch)] = batch
        return batch

    def answer(self, batch: SentBatch, value: bytes | None, key: bytes | None) -> None:
        """Note a report for one of ``batch``'s messages."""
        batch.answered.append((value, key))
        if batch.sealed and len(batch.answered) >= batch.sent - batch.start:
            self._open.pop(id(batch), None)

    def seal(self, batch: SentBatch) -> None:
        """No more messages of ``batch`` will be handed over; forget it once all are answered."""
        batch.sealed = True
        if len(batch.answered) >= batch.sent - batch.start:
            self._open.pop(id(batch), None)

    def take_unanswered(self) -> list[Message]:
        """Every handed-over message without a report, in order; the open batches then track only what follows."""
        left: list[Message] = []
        for batch in list(self._open.values()):
            left.extend(batch.unanswered())
            batch.start, batch.answered = batch.sent, []
            if batch.sealed:
                self._open.pop(id(batch), None)
        return left

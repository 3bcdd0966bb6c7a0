"""The producer's own record of unanswered messages: what a failed client never reported is found again."""

from __future__ import annotations

from genesis_kafka.ledger import Ledger


def test_messages_without_a_report_are_the_ones_produced_again() -> None:
    ledger = Ledger()
    values = [b"a", b"b", b"a", b"c"]
    keys = [b"1", b"2", b"1", None]
    batch = ledger.open("t", values, keys, [("run", "x")])
    batch.sent = 4
    ledger.seal(batch)
    ledger.answer(batch, b"a", b"1")
    ledger.answer(batch, b"c", None)
    assert sorted(ledger.take_unanswered()) == [("t", b"a", b"1", [("run", "x")]), ("t", b"b", b"2", [("run", "x")])]
    assert ledger.take_unanswered() == []


def test_a_fully_answered_batch_is_forgotten() -> None:
    ledger = Ledger()
    batch = ledger.open("t", [b"x", b"y"], None, None)
    batch.sent = 2
    ledger.answer(batch, b"x", None)
    ledger.answer(batch, b"y", None)  # answered before it was sealed: kept until sealed
    assert len(ledger._open) == 1
    ledger.seal(batch)
    assert not ledger._open


def test_a_batch_still_being_sent_tracks_only_what_follows_a_recovery() -> None:
    ledger = Ledger()
    values = [b"0", b"1", b"2", b"3"]
    batch = ledger.open("t", values, None, None)
    batch.sent = 2  # two handed to the failed client, neither answered
    assert [message[1] for message in ledger.take_unanswered()] == [b"0", b"1"]
    batch.sent = 4  # the rest go to the new client
    ledger.answer(batch, b"2", None)
    assert [message[1] for message in ledger.take_unanswered()] == [b"3"]

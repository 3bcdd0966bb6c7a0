"""A broker that goes away mid-stream: nothing is lost across a restart, and what cannot be confirmed is reported."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
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


def _stream_through(broker_action: Callable[[], None], bootstrap: str, topic: str,
                    training_data: pd.DataFrame) -> tuple[Any, int]:
    """Stream keyed by row index, run ``broker_action`` mid-stream; returns the final stats and the rows sent
    before the action ended."""
    generator = KafkaStreamingGenerator(bootstrap, topic, batch_size=100, include_metadata=True,
                                        key_column="_row_index").fit(training_data)
    generator.start_streaming(4000, background=True)
    time.sleep(1.0)
    broker_action()
    produced_before_end = generator.stats.produced
    time.sleep(1.0)
    generator.stop()
    generator.wait()
    stats = generator.stats
    assert stats.failed == 0 and stats.in_flight == 0 and stats.delivered == stats.produced > produced_before_end
    return stats, produced_before_end


def test_no_row_is_lost_or_doubled_while_the_broker_hangs(
        stoppable_broker: Any, new_topic: Callable[..., str], consume: Callable[..., list[Any]],
        training_data: pd.DataFrame) -> None:
    topic = new_topic()
    stats, _ = _stream_through(lambda: stoppable_broker.freeze(2.0), stoppable_broker.bootstrap, topic,
                               training_data)
    keys = Counter(int(message.key()) for message in consume(topic, stats.delivered, timeout=30))
    assert set(keys) == set(range(stats.produced)), "rows were lost"
    assert sum(keys.values()) == len(keys), "idempotence should leave no duplicates"


def test_no_row_is_lost_or_doubled_across_a_graceful_broker_restart(
        persistent_broker: Any, new_topic: Callable[..., str], consume: Callable[..., list[Any]],
        training_data: pd.DataFrame) -> None:
    """The broker's own stop (it closes its listener, then saves) and start: every produced row is there once."""
    topic = new_topic()
    stats, _ = _stream_through(lambda: persistent_broker.restart(down_for=2.0), persistent_broker.bootstrap, topic,
                               training_data)
    keys = Counter(int(message.key()) for message in consume(topic, stats.delivered, timeout=30))
    assert set(keys) == set(range(stats.produced)), "rows were lost"
    assert sum(keys.values()) == len(keys), "idempotence should leave no duplicates"


@pytest.mark.broker_restart
def test_the_stream_goes_on_when_the_broker_process_is_killed_and_restarted(
        persistent_broker: Any, new_topic: Callable[..., str], consume: Callable[..., list[Any]],
        training_data: pd.DataFrame) -> None:
    """SIGTERM to the broker's process: the client confirms every row and every row sent once it is back is stored.

    Rows sent around the SIGTERM itself can be missing: noida-db acknowledges (acks=all) some writes it receives
    while shutting down and does not persist them (the benchmark counts them). It also forgets its idempotent
    producers, so the client may hit a fatal sequence error and continue on a new client.
    """
    topic = new_topic()
    stats, back = _stream_through(lambda: persistent_broker.restart(down_for=2.0, graceful=False),
                                  persistent_broker.bootstrap, topic, training_data)
    keys = Counter(int(message.key()) for message in consume(topic, stats.delivered, timeout=5, settle=1.0))
    assert set(range(back, stats.produced)) <= set(keys)
    assert sum(keys.values()) == len(keys)


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


def _freeze_mid_stream(broker: Any, run: Callable[[], Any], *, after: float = 1.0, seconds: float = 4.0) -> Any:
    """``run()`` in a thread while the broker is suspended for ``seconds`` (``after`` s in); returns its result."""
    import threading

    result: list[Any] = []
    worker = threading.Thread(target=lambda: result.append(run()))
    worker.start()
    time.sleep(after)
    broker.freeze(seconds)
    worker.join(120)
    assert not worker.is_alive(), "the stream did not end after the broker came back"
    return result[0]


#: Shorter than the freeze: messages time out while the broker is suspended and are produced again.
SHORT_TIMEOUT = {"message.timeout.ms": "1500"}


def test_rows_produced_again_after_a_timeout_are_counted_as_possible_duplicates(
        stoppable_broker: Any, new_topic: Callable[..., str], consume: Callable[..., list[Any]],
        training_data: pd.DataFrame) -> None:
    """A broker paused longer than message.timeout.ms: messages it received before the pause and stores after it
    are also produced again; nothing is lost, and every duplicate in the topic is within the reported count."""
    topic = new_topic()
    generator = KafkaStreamingGenerator(stoppable_broker.bootstrap, topic, batch_size=100, include_metadata=True,
                                        key_column="_row_index", producer_config=SHORT_TIMEOUT).fit(training_data)
    _freeze_mid_stream(stoppable_broker, lambda: generator.start_streaming(2000, 6000))
    stats = generator.stats
    assert stats.delivered == stats.produced == 6000 and stats.failed == 0
    assert stats.possibly_duplicated > 0, "messages timed out during the pause and were produced again"
    keys = Counter(int(message.key()) for message in consume(topic, 6000, timeout=30, settle=1.0))
    assert set(keys) == set(range(6000)), "rows were lost"
    assert sum(keys.values()) - len(keys) <= stats.possibly_duplicated


def _command_through_a_freeze(broker: Any, training_data: pd.DataFrame, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str], command: list[str], after: float) -> None:
    """Run the CLI (``DATA`` in ``command`` is the training data's CSV) while the broker is suspended; it must say
    so in one line and exit 3."""
    from genesis.cli.app import main

    data = tmp_path / "train.csv"
    training_data.drop(columns="joined").to_csv(data, index=False)
    command = [str(data) if word == "DATA" else word for word in command]
    code = _freeze_mid_stream(broker, lambda: main(command), after=after)
    err = capsys.readouterr().err
    assert code == 3, err
    assert "rows were delivered, but" in err and "may appear twice" in err
    assert "Traceback" not in err


@pytest.mark.autoload
def test_genesis_stream_kafka_exits_3_and_says_so_when_rows_may_be_duplicated(
        stoppable_broker: Any, new_topic: Callable[..., str], training_data: pd.DataFrame, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    _command_through_a_freeze(stoppable_broker, training_data, tmp_path, capsys, [
        "stream", "kafka", "DATA", "--bootstrap-servers", stoppable_broker.bootstrap, "--topic", new_topic(),
        "--max-samples", "6000", "--rate", "2000", "--producer-config", "message.timeout.ms=1500"], after=2.0)


@pytest.mark.autoload
def test_genesis_generate_into_the_kafka_sink_exits_3_when_rows_may_be_duplicated(
        stoppable_broker: Any, new_topic: Callable[..., str], training_data: pd.DataFrame, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The same risk through `genesis generate -o kafka://... --sink kafka`: the sink's caveat, one red line, 3."""
    url = f"kafka://{stoppable_broker.bootstrap}/{new_topic()}"
    _command_through_a_freeze(stoppable_broker, training_data, tmp_path, capsys, [
        "generate", "DATA", "-n", "1000000", "-o", url, "--sink", "kafka", "--batch-size", "500",
        "-O", 'producer_config={"message.timeout.ms": "1500", "linger.ms": 50}'], after=1.5)  # runs ~5 s

"""The ``kafka`` sink through the plugin registry and ``genesis generate``, and ``genesis stream kafka``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from genesis.cli.app import main
from genesis.errors import ConfigError
from genesis.pipeline import GenerationRequest, Pipeline
from genesis.plugins import GenesisPluginManager, SinkSpec
from genesis_kafka import KafkaSink, plugin
from genesis_kafka.sink import parse_kafka_url

Consume = Callable[..., list[Any]]


@pytest.fixture
def data_file(tmp_path: Path, training_data: pd.DataFrame) -> Path:
    path = tmp_path / "train.csv"
    training_data.drop(columns="joined").to_csv(path, index=False)  # text dates make the fit slow
    return path


@pytest.mark.parametrize(("url", "expected"), [
    ("kafka://127.0.0.1:9092/events", ("127.0.0.1:9092", "events")),
    ("kafka:/h1:1,h2:2/t", ("h1:1,h2:2", "t")),  # what Path() makes of a kafka:// URL
    ("127.0.0.1:9092/events", ("127.0.0.1:9092", "events")),
])
def test_destination_urls(url: str, expected: tuple[str, str]) -> None:
    assert parse_kafka_url(url) == expected
    assert parse_kafka_url(str(Path(url))) == expected


@pytest.mark.parametrize("url", ["kafka://host:1", "kafka:///t", "kafka://h:1/a/b"])
def test_bad_destination_urls_name_the_form(url: str) -> None:
    with pytest.raises(ConfigError, match="kafka://host:port/topic"):
        parse_kafka_url(url)


def test_the_plugin_registers_a_kafka_sink_that_confirms_every_row(
        bootstrap: str, new_topic: Callable[..., str], consume: Consume, training_data: pd.DataFrame) -> None:
    manager = GenesisPluginManager(autoload=False)
    manager.register(plugin, "kafka")
    topic = new_topic()
    sink = manager.get(SinkSpec, "kafka").create(path=f"kafka://{bootstrap}/{topic}", key_column="city")
    assert isinstance(sink, KafkaSink)
    report = Pipeline(_FrameGenerator(training_data)).into_sink(GenerationRequest(700, 1, batch_size=250), sink,
                                                                surface="test")
    assert report.rows == 700
    assert (sink.stats.delivered, sink.stats.failed) == (700, 0)
    messages = consume(topic, 700)
    assert len(messages) == 700
    assert {json.loads(m.value())["city"] for m in messages} == {m.key().decode() for m in messages}


class _FrameGenerator:
    """Rows drawn (with replacement) from a frame: a generator with no model, to test sinks alone."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame

    def generate(self, n: int, *, conditions: Any = None, seed: int | None = None) -> pd.DataFrame:
        return self.frame.sample(n, replace=True, random_state=seed % 2**32 if seed else 0).reset_index(drop=True)


@pytest.mark.autoload
def test_genesis_generate_writes_to_kafka(bootstrap: str, new_topic: Callable[..., str], consume: Consume,
                                          data_file: Path) -> None:
    topic = new_topic()
    assert main(["-q", "generate", str(data_file), "-n", "500", "-o", f"kafka://{bootstrap}/{topic}",
                 "--sink", "kafka", "--seed", "2"]) == 0
    assert len(consume(topic, 500)) == 500


@pytest.mark.autoload
def test_genesis_generate_passes_sink_options_to_kafka(bootstrap: str, new_topic: Callable[..., str],
                                                      consume: Consume, data_file: Path) -> None:
    topic = new_topic()
    assert main(["-q", "generate", str(data_file), "-n", "300", "-o", f"kafka://{bootstrap}/{topic}",
                 "--sink", "kafka", "--seed", "2", "-O", "key_column=city", "-O", "value_serializer=avro",
                 "-O", 'producer_config={"linger.ms": 2}']) == 0
    messages = consume(topic, 300)
    assert len(messages) == 300
    assert {message.key() for message in messages} == {b"Oslo", b"Rome", b"New York"}
    assert all(message.value()[:2] == b"\xc3\x01" for message in messages)  # Avro single-object encoding


@pytest.mark.autoload
def test_genesis_stream_kafka_sends_max_samples_rows_with_progress(
        bootstrap: str, new_topic: Callable[..., str], consume: Consume, data_file: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    topic = new_topic()
    assert main(["stream", "kafka", str(data_file), "--bootstrap-servers", bootstrap, "--topic", topic,
                 "--max-samples", "750", "--rate", "5000", "--serializer", "avro", "--key-column", "city",
                 "--producer-config", "linger.ms=5"]) == 0
    assert "delivered 750  failed 0" in capsys.readouterr().err
    messages = consume(topic, 750)
    assert len(messages) == 750
    assert all(m.value()[:2] == b"\xc3\x01" for m in messages)


@pytest.mark.autoload
def test_genesis_stream_kafka_reports_an_unreachable_broker_in_one_line(
        unused_port: int, data_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stream", "kafka", str(data_file), "--bootstrap-servers", f"127.0.0.1:{unused_port}",
                 "--topic", "t", "--max-samples", "5", "--connect-timeout", "1"]) == 1
    assert "no Kafka broker answered" in capsys.readouterr().err

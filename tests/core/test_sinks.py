"""Built-in sinks: registered by name, written batch by batch, read back intact, nothing lost on error."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from genesis.errors import ConfigError, ValidationError
from genesis.io import read_table
from genesis.plugins import SinkSpec
from genesis.plugins.manager import GenesisPluginManager
from genesis.sinks import CsvSink, JsonlSink, MemorySink, ParquetSink, StdoutSink


def _batches() -> list[pd.DataFrame]:
    rng = np.random.default_rng(0)
    return [
        pd.DataFrame({"x": rng.normal(size=50), "k": pd.Series(rng.choice(["a", "b"], 50), dtype="str"),
                      "n": np.arange(start, start + 50, dtype=np.int64)})
        for start in (0, 50, 100)
    ]


def test_every_builtin_sink_is_registered(plugin_manager: GenesisPluginManager) -> None:
    assert {"csv", "jsonl", "parquet", "stdout", "memory"} <= set(plugin_manager.specs(SinkSpec))


@pytest.mark.parametrize(
    ("name", "reader"),
    [("csv", pd.read_csv), ("jsonl", lambda p: pd.read_json(p, lines=True)), ("parquet", pd.read_parquet)],
)
def test_file_sinks_round_trip_every_batch(
    plugin_manager: GenesisPluginManager, tmp_path: Path, name: str, reader: object
) -> None:
    path = tmp_path / f"out.{name}"
    with plugin_manager.get(SinkSpec, name).create(path=path) as sink:
        for batch in _batches():
            sink.write(batch)
    back = reader(path)  # type: ignore[operator]
    expected = pd.concat(_batches(), ignore_index=True)
    assert sink.rows_written == 150 and sink.batches_written == 3
    assert list(back.columns) == ["x", "k", "n"]
    np.testing.assert_allclose(back["x"], expected["x"])
    assert back["n"].tolist() == expected["n"].tolist()
    assert back["k"].tolist() == expected["k"].tolist()


def test_csv_writes_timestamps_as_precisely_as_their_values(tmp_path: Path) -> None:
    """Dates as ``2024-01-05``, whole seconds without a fraction, offsets kept; a finer value later in a column
    that looked like dates is written in full, so nothing is lost and the file reads back typed."""
    stamps = lambda values: pd.to_datetime(values, format="ISO8601")  # noqa: E731
    sink = CsvSink(tmp_path / "out.csv")
    sink.open()
    sink.write(pd.DataFrame({"day": stamps(["2024-01-05", None]), "at": stamps(["2024-01-05 10:00", "2024-01-06"]),
                             "fine": stamps(["2024-01-05 10:00:00.25", "2024-01-05"]),
                             "zoned": stamps(["2024-01-05T10:00:00+02:00"] * 2)}))  # fmt: skip
    sink.write(pd.DataFrame({"day": stamps(["2024-01-07 03:00", "2024-01-08"]), "at": stamps(["2024-01-07"] * 2),
                             "fine": stamps(["2024-01-05"] * 2),
                             "zoned": stamps(["2024-01-06T00:00:00+02:00"] * 2)}))  # fmt: skip
    sink.close()
    lines = (tmp_path / "out.csv").read_text().splitlines()
    assert lines[1] == "2024-01-05,2024-01-05T10:00:00,2024-01-05T10:00:00.250000,2024-01-05T10:00:00+0200"
    assert lines[3].startswith("2024-01-07T03:00:00,2024-01-07T00:00:00,")
    assert lines[4].startswith("2024-01-08T00:00:00,")  # the batch holding a time is written in full throughout
    back = read_table(tmp_path / "out.csv")
    assert back["day"].dtype == "datetime64[s]" and back["day"].iloc[2] == pd.Timestamp("2024-01-07 03:00")
    assert str(back["zoned"].dtype) == "datetime64[s, UTC+02:00]"


def test_parquet_sink_writes_a_row_group_per_batch(tmp_path: Path) -> None:
    with ParquetSink(tmp_path / "p.parquet") as sink:
        for batch in _batches():
            sink.write(batch)
    assert pq.ParquetFile(tmp_path / "p.parquet").num_row_groups == 3


@pytest.mark.parametrize("sink_class", [CsvSink, JsonlSink, ParquetSink])
def test_a_failed_write_keeps_the_previous_file_and_leaves_no_partial_one(tmp_path: Path,
                                                                         sink_class: type[CsvSink]) -> None:
    path = tmp_path / "keep.out"
    path.write_bytes(b"previous content\n")
    with pytest.raises(ValidationError, match="differ"), sink_class(path) as sink:
        sink.write(_batches()[0])
        sink.write(pd.DataFrame({"other": [1]}))
    assert path.read_bytes() == b"previous content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.out"]


@pytest.mark.parametrize("sink_class", [CsvSink, JsonlSink, ParquetSink])
def test_an_interrupted_write_keeps_the_previous_file(tmp_path: Path, sink_class: type[CsvSink]) -> None:
    path = tmp_path / "keep.out"
    path.write_bytes(b"previous content\n")
    with pytest.raises(KeyboardInterrupt), sink_class(path) as sink:
        sink.write(_batches()[0])
        assert path.read_bytes() == b"previous content\n"  # the rows go to a temporary file until the end
        raise KeyboardInterrupt
    assert path.read_bytes() == b"previous content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.out"]


def test_a_finished_write_replaces_the_previous_file(tmp_path: Path) -> None:
    path = tmp_path / "keep.csv"
    path.write_text("old\n")
    with CsvSink(path) as sink:
        sink.write(_batches()[0])
    assert len(pd.read_csv(path)) == 50
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.csv"]


def test_memory_sink_joins_batches() -> None:
    with MemorySink() as sink:
        for batch in _batches():
            sink.write(batch)
    assert sink.frame()["n"].tolist() == list(range(150))


def test_stdout_sink_writes_csv_header_once_or_json_lines() -> None:
    out = io.StringIO()
    with StdoutSink(stream=out) as sink:
        for batch in _batches():
            sink.write(batch)
    lines = out.getvalue().splitlines()
    assert lines[0] == "x,k,n" and len(lines) == 151
    out = io.StringIO()
    with StdoutSink("jsonl", stream=out) as sink:
        sink.write(_batches()[0])
    assert json.loads(out.getvalue().splitlines()[0])["n"] == 0
    with pytest.raises(ConfigError, match="format"):
        StdoutSink("xml")


def test_jsonl_sink_is_safe_for_nan_and_timestamps(tmp_path: Path) -> None:
    frame = pd.DataFrame({"t": pd.to_datetime(["2021-05-01", None]), "v": [np.nan, 1.0]})
    with JsonlSink(tmp_path / "a.jsonl") as sink:
        sink.write(frame)
    rows = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text().splitlines()]
    assert rows == [{"t": "2021-05-01T00:00:00", "v": None}, {"t": None, "v": 1.0}]

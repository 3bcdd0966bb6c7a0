"""``genesis generate``: files, stdout, conditions, partitions and clear errors."""

from __future__ import annotations

import io
import tracemalloc
from pathlib import Path

import pandas as pd
import pytest

from genesis.cli.app import main
from genesis.datasets import load_adult_sample
from genesis.generators.privacy import OTHER, STRICT_MIN_COUNT
from genesis.plugins import RunInfo, RunResult, get_plugin_manager, hookimpl
from genesis.streaming import StreamingConfig, StreamingGenerator


@pytest.fixture(scope="module")
def data_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("data") / "adult.csv"
    load_adult_sample().to_csv(path, index=False)
    return path


@pytest.mark.parametrize("suffix", ["csv", "jsonl", "parquet"])
def test_writes_the_rows_in_the_format_of_the_output(data_file: Path, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"synthetic.{suffix}"
    assert main(["--quiet", "generate", str(data_file), "--rows", "1234", "--output", str(out), "--seed", "3",
                 "--batch-size", "500"]) == 0
    reader = {"csv": pd.read_csv, "jsonl": lambda p: pd.read_json(p, lines=True), "parquet": pd.read_parquet}[suffix]
    frame = reader(out)
    assert len(frame) == 1234
    assert list(frame.columns) == list(load_adult_sample().columns)


def test_the_same_seed_writes_the_same_file(data_file: Path, tmp_path: Path) -> None:
    for name in ("a.csv", "b.csv"):
        assert main(["-q", "generate", str(data_file), "-n", "800", "-o", str(tmp_path / name), "--seed", "5"]) == 0
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_where_conditions_hold_for_every_row(data_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "old.csv"
    assert main(["-q", "generate", str(data_file), "-n", "500", "-o", str(out), "--where", "age>=60",
                 "--where", "sex = Female"]) == 0
    frame = pd.read_csv(out)
    assert len(frame) == 500 and (frame["age"] >= 60).all() and (frame["sex"] == "Female").all()


def test_stdout_sink(data_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-q", "generate", str(data_file), "-n", "20", "-o", "-"]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert len(frame) == 20


def test_sink_options_reach_the_sink(data_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-q", "generate", str(data_file), "-n", "15", "-o", "-", "--sink", "stdout",
                 "--sink-option", "format=jsonl"]) == 0
    frame = pd.read_json(io.StringIO(capsys.readouterr().out), lines=True)
    assert len(frame) == 15 and list(frame.columns) == list(load_adult_sample().columns)


def test_parquet_sink_options_are_typed_from_json(data_file: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "z.parquet"
    assert main(["-q", "generate", str(data_file), "-n", "100", "-o", str(out), "-O", "compression=zstd"]) == 0
    assert pq.ParquetFile(out).metadata.row_group(0).column(0).compression == "ZSTD"


def test_parallel_partitions_on_the_local_engine(data_file: Path, tmp_path: Path) -> None:
    assert main(["-q", "generate", str(data_file), "-n", "9000", "-o", str(tmp_path / "parts"), "--engine", "local",
                 "--workers", "2", "--partition-rows", "4000", "--seed", "1"]) == 0
    assert len(pd.read_parquet(tmp_path / "parts")) == 9000
    assert len(list((tmp_path / "parts").glob("part-*.parquet"))) == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sink", "nope"], "unknown sink 'nope'"),
        (["--method", "nope"], "unknown generator 'nope'"),
        (["--where", "age >>> 3"], "--where"),
        (["--rows", "-1"], "--rows"),
        (["--batch-size", "0"], "--batch-size"),
        (["--engine", "nope"], "unknown executor 'nope'"),
        (["--sink-option", "novalue"], "expected KEY=VALUE"),
        (["--sink-option", "colour=red"], "sink 'csv' has no option colour"),
        (["-O", "path=/tmp/x"], "--output"),
        (["--engine", "local", "-O", "compression=zstd"], "--sink-option applies to a streamed sink"),
    ],
)
def test_bad_input_is_one_red_line(data_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   args: list[str], message: str) -> None:
    base = ["generate", str(data_file), "-n", "10", "-o", str(tmp_path / "x.csv")]
    assert main([*base, *args]) == 1
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(err) == 1 and message in err[0]


def test_missing_data_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", str(tmp_path / "missing.csv"), "-n", "1", "-o", str(tmp_path / "o.csv")]) == 1
    assert "no such data file" in capsys.readouterr().err


def test_lifecycle_hooks_observe_the_run(data_file: Path, tmp_path: Path) -> None:
    seen: list[tuple[str, object]] = []

    class Observer:
        @hookimpl
        def genesis_run_started(self, run: RunInfo) -> None:
            seen.append(("started", run.n_samples))

        @hookimpl
        def genesis_run_finished(self, run: RunInfo, result: RunResult) -> None:
            seen.append(("finished", (result.total_rows, result.total_batches)))

    get_plugin_manager().register(Observer(), name="observer")
    assert main(["-q", "generate", str(data_file), "-n", "250", "-o", str(tmp_path / "o.csv"),
                 "--batch-size", "100"]) == 0
    assert seen == [("started", 250), ("finished", (250, 3))]


def test_memory_of_a_stream_does_not_grow_with_its_length() -> None:
    generator = StreamingGenerator(StreamingConfig(batch_size=5_000, seed=1)).fit(load_adult_sample())

    def peak_after(batches: int) -> int:
        tracemalloc.start()
        stream = generator.generate_stream()
        for _ in range(batches):
            next(stream)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak

    # 20 batches already draw full-size blocks (genesis.pipeline.blocks); six times as many must not cost more
    short, long = peak_after(20), peak_after(120)
    assert long < 1.5 * short, (short, long)


def test_lineage_switch_records_a_verifiable_chain(data_file: Path, tmp_path: Path) -> None:
    from genesis.lineage import LineageChain

    chain_file = tmp_path / "run.lineage.json"
    out = tmp_path / "out.parquet"
    assert main(["-q", "generate", str(data_file), "-n", "300", "-o", str(out), "--seed", "2",
                 "--lineage", str(chain_file)]) == 0
    chain = LineageChain.load(chain_file)
    assert chain.verify()
    kinds = [block.block_type for block in chain.blocks]
    assert kinds[0] == "source" and "generation" in " ".join(kinds)
    assert main(["lineage", "verify", str(chain_file)]) == 0


def test_privacy_strict_generates_no_rare_category(data_file: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    real = pd.read_csv(data_file)
    counts = real["native-country"].value_counts()
    rare = set(counts.index[counts < STRICT_MIN_COUNT])
    out = tmp_path / "strict.csv"
    assert main(["-q", "generate", str(data_file), "-n", "5000", "-o", str(out), "--seed", "1",
                 "--privacy", "strict"]) == 0
    written = pd.read_csv(out)
    assert rare and not set(written["native-country"]) & rare and OTHER in set(written["native-country"])
    assert main(["-q", "generate", str(data_file), "-n", "5", "-o", str(tmp_path / "x.csv"), "--privacy", "lax"]) == 1
    assert "privacy must be one of default, strict" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()

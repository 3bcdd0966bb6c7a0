"""Bad CLI input is refused before any work, and a failed or interrupted run never damages an output (#21)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from genesis.cli.app import main
from genesis.cli.checks import DEFAULT_MAX_ROWS
from genesis.datasets import load_adult_sample


@pytest.fixture(scope="module")
def data_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("data") / "small.csv"
    load_adult_sample().to_csv(path, index=False)
    return path


@pytest.fixture
def kept(data_file: Path, tmp_path: Path) -> Path:
    """An output file from an earlier successful run."""
    path = tmp_path / "keep.csv"
    assert main(["-q", "generate", str(data_file), "-n", "100", "-o", str(path), "--seed", "1"]) == 0
    return path


def _one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert lines[0].startswith("error: ")
    return lines[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--where", "age>=1000"], "rows satisfying age >= 1000"),
        (["--where", "age>=1000", "--where", "age<=0"], "age"),
        (["-n", "99999999999999999999999999"], "beyond what any generator can count"),
        (["-n", "1e26"], "--rows 100,000,000,000,000,000,000,000,000 is beyond what any generator can count"),
        (["-n", "2e7"], "above the limit of 10,000,000 rows; if you mean it, add --max-rows 20000000"),
        (["-n", "-5"], "--rows must be >= 0, got -5"),
        (["-n", "10000000000"], "above the limit of 10,000,000 rows; if you mean it, add --max-rows 10000000000"),
        (["--seed", "-1"], "--seed must be between 0 and"),
        (["--seed", str(2**63)], "--seed must be between 0 and"),
        (["--method", "nope"], "unknown generator"),
    ],
)
def test_a_failed_run_keeps_the_previous_file_and_says_so(data_file: Path, kept: Path, args: list[str],
                                                          message: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = kept.read_bytes()
    capsys.readouterr()
    assert main(["-q", "generate", str(data_file), "-n", "10", "-o", str(kept), *args]) == 1
    line = _one_error_line(capsys)
    assert message in line and f"{kept} left as it was" in line
    assert kept.read_bytes() == before
    assert sorted(p.name for p in kept.parent.iterdir()) == ["keep.csv"]


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("/proc/out.csv", "cannot write /proc/out.csv"),
        ("{tmp}/file.txt/out.csv", "is not a folder"),
        ("{tmp}", "is a folder; give a file name"),
    ],
)
def test_an_unwritable_output_is_refused_before_fitting(data_file: Path, tmp_path: Path, output: str,
                                                        message: str, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file.txt").write_text("x")
    started = time.perf_counter()
    assert main(["generate", str(data_file), "-n", "10", "-o", output.format(tmp=tmp_path)]) == 1
    assert message in _one_error_line(capsys)
    assert time.perf_counter() - started < 1.0  # refused up front, not after reading and fitting


def test_rows_above_the_limit_need_the_override(data_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "many.csv"
    rows = 1_000
    assert main(["-q", "generate", str(data_file), "-n", str(rows), "-o", str(out), "--max-rows", "999"]) == 1
    assert not out.exists()
    assert main(["-q", "generate", str(data_file), "-n", str(rows), "-o", str(out), "--max-rows", "1000"]) == 0
    assert len(pd.read_csv(out)) == rows
    assert DEFAULT_MAX_ROWS == 10_000_000  # the documented default (docs/cli.md)


@pytest.mark.parametrize(("typed", "rows"), [("1e3", 1000), ("1_200", 1200), ("1,500", 1500), ("2.5e3", 2500)])
def test_row_counts_are_read_as_people_type_them(data_file: Path, tmp_path: Path, typed: str, rows: int) -> None:
    out = tmp_path / "rows.csv"
    assert main(["-q", "generate", str(data_file), "-n", typed, "-o", str(out)]) == 0
    assert len(pd.read_csv(out)) == rows


@pytest.mark.parametrize("typed", ["1.5", "abc", "2.55e1"])
def test_a_count_that_is_not_a_whole_number_is_a_usage_error(data_file: Path, tmp_path: Path, typed: str,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-q", "generate", str(data_file), "-n", typed, "-o", str(tmp_path / "x.csv")]) == 2
    assert f"'{typed}' is not a whole number of rows" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_the_lineage_file_cannot_be_the_output(data_file: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "o.csv"
    assert main(["generate", str(data_file), "-n", "5", "-o", str(out), "--lineage", str(out)]) == 1
    assert "are the same file" in _one_error_line(capsys)


def test_a_failed_partitioned_run_keeps_the_previous_folder(data_file: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "parts"
    assert main(["-q", "generate", str(data_file), "-n", "3000", "-o", str(out), "--engine", "local",
                 "--partition-rows", "1000", "--seed", "2"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    capsys.readouterr()
    assert main(["-q", "generate", str(data_file), "-n", "3000", "-o", str(out), "--engine", "local",
                 "--partition-rows", "1000", "--where", "age>=1000"]) == 1
    assert f"{out} left as it was" in _one_error_line(capsys)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["parts"]


@pytest.mark.parametrize(("signum", "code", "name"), [(signal.SIGINT, 130, "SIGINT"), (signal.SIGTERM, 143, "SIGTERM")])
def test_an_interrupted_run_keeps_the_previous_file_and_says_so(data_file: Path, kept: Path, signum: int,
                                                                code: int, name: str) -> None:
    before = kept.read_bytes()
    command = [sys.executable, "-m", "genesis.cli.app", "-q", "generate", str(data_file), "-n", "5000000",
               "-o", str(kept), "--batch-size", "5000"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=os.environ | {"NO_COLOR": "1"})
    deadline = time.monotonic() + 60
    while not any(p.name.endswith(".partial") for p in kept.parent.iterdir()):  # rows are being written
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert process.returncode == code
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines == [f"error: interrupted by {'Ctrl-C (SIGINT)' if name == 'SIGINT' else name} ({kept} left as it was)"]
    assert kept.read_bytes() == before
    assert sorted(p.name for p in kept.parent.iterdir()) == ["keep.csv"]

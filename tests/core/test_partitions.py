"""Generation beyond one process: identical bytes for any worker count, on threads, processes and Dask."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from genesis.datasets import load_adult_sample
from genesis.errors import ConfigError
from genesis.executors import partitions
from genesis.executors.dask import DaskExecutor
from genesis.executors.local import LocalExecutor, ProcessExecutor
from genesis.executors.partitions import _load_model, generate_partitioned, plan_partitions, run_partition
from genesis.plugins import ExecutorSpec, GeneratorSpec, get_plugin_manager

ROWS, PARTITION_ROWS, BATCH = 25_000, 6_000, 2_500


@pytest.fixture(scope="module")
def model() -> object:
    return get_plugin_manager().get(GeneratorSpec, "gaussian_copula").create().fit(load_adult_sample())


def _parts(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("part-*.parquet"))}


def _generate(model: object, out: Path, executor: object, seed: int = 11) -> None:
    generate_partitioned(model, ROWS, out, seed=seed, executor=executor, partition_rows=PARTITION_ROWS,
                         batch_size=BATCH)


@pytest.fixture(scope="module")
def one_worker(model: object, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("one")
    with LocalExecutor(workers=1) as executor:
        _generate(model, out, executor)
    return out


def test_partitions_hold_exactly_the_rows_asked_for(one_worker: Path) -> None:
    parts = _parts(one_worker)
    assert list(parts) == [f"part-0000{i}.parquet" for i in range(5)]
    frame = pd.read_parquet(one_worker)
    assert len(frame) == ROWS
    manifest = json.loads((one_worker / "_manifest.json").read_text())
    assert manifest["total_rows"] == ROWS and [p["rows"] for p in manifest["parts"]] == [6000] * 4 + [1000]


@pytest.mark.parametrize(("engine", "kind"), [("local", LocalExecutor), ("processes", ProcessExecutor)])
def test_two_workers_write_byte_identical_parts(model: object, one_worker: Path, tmp_path: Path, engine: str,
                                               kind: type) -> None:
    executor = get_plugin_manager().get(ExecutorSpec, engine).create(workers=2)
    assert isinstance(executor, kind)
    with executor:
        _generate(model, tmp_path, executor)
    assert _parts(tmp_path) == _parts(one_worker)


def test_one_process_worker_runs_inline_with_the_same_bytes(model: object, one_worker: Path, tmp_path: Path) -> None:
    with ProcessExecutor(workers=1) as executor:
        _generate(model, tmp_path, executor)
    assert _parts(tmp_path) == _parts(one_worker)


def test_threads_load_the_model_once(model: object, tmp_path: Path) -> None:
    before = _load_model.cache_info()
    with LocalExecutor(workers=2) as executor:
        _generate(model, tmp_path, executor)
    after = _load_model.cache_info()
    assert after.misses - before.misses == 1
    assert after.hits - before.hits == len(plan_partitions(ROWS, PARTITION_ROWS)) - 1


def test_a_model_saved_again_at_the_same_place_is_not_served_stale(model: object, one_worker: Path,
                                                                    tmp_path: Path) -> None:
    other = get_plugin_manager().get(GeneratorSpec, "gaussian_copula").create().fit(load_adult_sample().iloc[:500])
    with LocalExecutor(workers=1) as executor:
        _generate(other, tmp_path, executor)
        first = _parts(tmp_path)
        _generate(model, tmp_path, executor)
    assert first != _parts(one_worker)
    assert _parts(tmp_path) == _parts(one_worker)


def test_a_dask_cluster_writes_the_same_bytes(model: object, one_worker: Path, tmp_path: Path) -> None:
    executor = get_plugin_manager().get(ExecutorSpec, "dask").create(workers=2)
    assert isinstance(executor, DaskExecutor)
    with executor:
        _generate(model, tmp_path, executor)
    assert _parts(tmp_path) == _parts(one_worker)


def test_another_seed_gives_other_rows(model: object, one_worker: Path, tmp_path: Path) -> None:
    with LocalExecutor() as executor:
        _generate(model, tmp_path, executor, seed=12)
    assert _parts(tmp_path)["part-00000.parquet"] != _parts(one_worker)["part-00000.parquet"]


def test_a_failing_partition_raises_and_cancels_the_pending_ones(model: object, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []

    def fail_first(task: partitions.PartitionTask) -> partitions.PartitionResult:
        started.append(task.index)
        if task.index == 0:
            raise OSError("disk full")
        return run_partition(task)

    monkeypatch.setattr(partitions, "run_partition", fail_first)
    with pytest.raises(OSError, match="disk full"), LocalExecutor(workers=2) as executor:
        generate_partitioned(model, 20 * 20_000, tmp_path / "out", seed=11, executor=executor,
                             partition_rows=20_000, batch_size=5_000)
    assert 1 <= len(started) < 10  # the failing one and a few already running, not all 20
    assert list(tmp_path.iterdir()) == []  # no folder, no staging folder, no part left behind


@pytest.mark.parametrize("engine", ["local", "processes"])
def test_a_failed_run_leaves_the_previous_output_folder_as_it_was(model: object, tmp_path: Path,
                                                                   engine: str) -> None:
    out = tmp_path / "out"
    with LocalExecutor() as executor:
        _generate(model, out, executor)
    before = _parts(out) | {"_manifest.json": (out / "_manifest.json").read_bytes()}
    with pytest.raises(Exception), get_plugin_manager().get(ExecutorSpec, engine).create(workers=2) as executor:  # noqa: B017
        generate_partitioned(model, ROWS, out, seed=12, executor=executor, partition_rows=PARTITION_ROWS,
                             batch_size=BATCH, conditions={"not": "a condition set"})
    assert _parts(out) | {"_manifest.json": (out / "_manifest.json").read_bytes()} == before
    assert [entry.name for entry in tmp_path.iterdir()] == ["out"]


def test_a_folder_with_other_files_is_refused_not_replaced(model: object, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(ConfigError, match="holds other files"), LocalExecutor() as executor:
        _generate(model, tmp_path, executor)
    assert [entry.name for entry in tmp_path.iterdir()] == ["notes.txt"]


def test_bad_plans_and_workers_are_refused() -> None:
    with pytest.raises(ConfigError):
        plan_partitions(10, 0)
    for kind in (LocalExecutor, ProcessExecutor):
        with pytest.raises(ConfigError):
            kind(workers=0)
    assert plan_partitions(0, 5) == []


def test_the_parts_hold_exactly_the_rows_a_single_stream_holds(model: object, one_worker: Path) -> None:
    from genesis.pipeline import GenerationRequest, Pipeline

    streamed, _ = Pipeline(model).frame(GenerationRequest(ROWS, 11, batch_size=BATCH), surface="test")  # type: ignore[arg-type]
    parts = pd.concat([pd.read_parquet(one_worker / name) for name in _parts(one_worker)], ignore_index=True)
    pd.testing.assert_frame_equal(parts, streamed)


def test_any_path_sink_writes_the_parts(model: object, tmp_path: Path) -> None:
    with LocalExecutor(workers=2) as executor:
        generate_partitioned(model, 9_000, tmp_path, seed=2, executor=executor, partition_rows=4_000, sink="csv")
    names = sorted(path.name for path in tmp_path.glob("part-*"))
    assert names == ["part-00000.csv", "part-00001.csv", "part-00002.csv"]
    assert sum(len(pd.read_csv(tmp_path / name)) for name in names) == 9_000
    assert json.loads((tmp_path / "_manifest.json").read_text())["sink"] == "csv"


def test_a_file_url_and_fsspec_memory_filesystem_are_written_to(model: object, tmp_path: Path) -> None:
    import fsspec

    with LocalExecutor(workers=2) as executor:
        generate_partitioned(model, 5_000, f"file://{tmp_path}/out", seed=4, executor=executor, partition_rows=2_000)
        generate_partitioned(model, 5_000, "memory://genesis-test/out", seed=4, executor=executor,
                             partition_rows=2_000)
    local = _parts(tmp_path / "out")
    memory = fsspec.filesystem("memory")
    in_memory = {Path(name).name: memory.cat_file(name) for name in sorted(memory.glob("/genesis-test/out/part-*"))}
    assert list(local) == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    assert in_memory == local
    assert json.loads(memory.cat_file("/genesis-test/out/_manifest.json"))["total_rows"] == 5_000
    assert not list((tmp_path / "out").glob(".*partial"))

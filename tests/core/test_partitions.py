"""Generation beyond one process: identical bytes for any worker count, on local processes and on Dask."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from genesis.datasets import load_adult_sample
from genesis.errors import ConfigError
from genesis.executors.dask import DaskExecutor
from genesis.executors.local import LocalExecutor
from genesis.executors.partitions import generate_partitioned, plan_partitions
from genesis.plugins import ExecutorSpec, GeneratorSpec, get_plugin_manager

ROWS, PARTITION_ROWS, BATCH = 25_000, 6_000, 2_500


@pytest.fixture(scope="module")
def model() -> object:
    return get_plugin_manager().get(GeneratorSpec, "gaussian_copula").create().fit(load_adult_sample())


def _parts(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("part-*.parquet"))}


@pytest.fixture(scope="module")
def one_worker(model: object, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("one")
    with LocalExecutor(workers=1) as executor:
        generate_partitioned(model, ROWS, out, seed=11, executor=executor, partition_rows=PARTITION_ROWS,
                             batch_size=BATCH)
    return out


def test_partitions_hold_exactly_the_rows_asked_for(one_worker: Path) -> None:
    parts = _parts(one_worker)
    assert list(parts) == [f"part-0000{i}.parquet" for i in range(5)]
    frame = pd.read_parquet(one_worker)
    assert len(frame) == ROWS
    manifest = json.loads((one_worker / "_manifest.json").read_text())
    assert manifest["total_rows"] == ROWS and [p["rows"] for p in manifest["parts"]] == [6000] * 4 + [1000]


def test_two_local_workers_write_byte_identical_parts(model: object, one_worker: Path, tmp_path: Path) -> None:
    with LocalExecutor(workers=2) as executor:
        generate_partitioned(model, ROWS, tmp_path, seed=11, executor=executor, partition_rows=PARTITION_ROWS,
                             batch_size=BATCH)
    assert _parts(tmp_path) == _parts(one_worker)


def test_a_dask_cluster_writes_the_same_bytes(model: object, one_worker: Path, tmp_path: Path) -> None:
    executor = get_plugin_manager().get(ExecutorSpec, "dask").create(workers=2)
    assert isinstance(executor, DaskExecutor)
    with executor:
        generate_partitioned(model, ROWS, tmp_path, seed=11, executor=executor, partition_rows=PARTITION_ROWS,
                             batch_size=BATCH)
    assert _parts(tmp_path) == _parts(one_worker)


def test_another_seed_gives_other_rows(model: object, one_worker: Path, tmp_path: Path) -> None:
    with LocalExecutor() as executor:
        generate_partitioned(model, ROWS, tmp_path, seed=12, executor=executor, partition_rows=PARTITION_ROWS,
                             batch_size=BATCH)
    assert _parts(tmp_path)["part-00000.parquet"] != _parts(one_worker)["part-00000.parquet"]


def test_bad_plans_and_workers_are_refused() -> None:
    with pytest.raises(ConfigError):
        plan_partitions(10, 0)
    with pytest.raises(ConfigError):
        LocalExecutor(workers=0)
    assert plan_partitions(0, 5) == []

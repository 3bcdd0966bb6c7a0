"""Generation beyond one process: fit once, ship the saved model, sample partitions in parallel.

Partition ``i`` holds rows ``[i * partition_rows, ...)`` and is drawn with seed ``SeedSequence(seed).spawn(i+1)[i]``,
written as ``part-{i:05d}.parquet`` batch by batch, so its bytes depend only on the model, the seed and ``i``:
the output is identical for any number of workers and any placement of partitions. Workers load the saved
model once per process; threads of one process share it, so a generator's ``generate`` must leave it unchanged.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import threading
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from genesis.errors import ConfigError
from genesis.sinks.files import ParquetSink
from genesis.streaming.batches import BatchIterator
from genesis.streaming.seeding import child_seed

__all__ = ["PartitionResult", "PartitionTask", "generate_partitioned", "plan_partitions", "run_partition"]

MODEL_FILE = "_model.json"
MANIFEST_FILE = "_manifest.json"


@dataclass(frozen=True)
class PartitionTask:
    """Everything a worker needs for one partition; small and picklable."""

    index: int
    rows: int
    seed: int
    batch_size: int
    model_path: str
    model_digest: str
    loader: str
    output: str
    conditions: dict[str, Any] | None = None


@dataclass(frozen=True)
class PartitionResult:
    """What one partition wrote."""

    index: int
    rows: int
    path: str


def plan_partitions(total_rows: int, partition_rows: int) -> list[tuple[int, int]]:
    """``(index, rows)`` of every partition: all full but the last."""
    if total_rows < 0 or partition_rows < 1:
        raise ConfigError(f"need total_rows >= 0 and partition_rows >= 1, got {total_rows} and {partition_rows}")
    return [(i, min(partition_rows, total_rows - i * partition_rows)) for i in range(-(-total_rows // partition_rows))]


_LOADING = threading.Lock()


@lru_cache(maxsize=4)
def _load_model(loader: str, model_path: str, model_digest: str) -> Any:
    """The model saved at ``model_path``; the digest keys the cache, so a model saved again at the same path is
    loaded again instead of served stale."""
    module_name, _, qualname = loader.partition(":")
    cls: Any = importlib.import_module(module_name)
    for part in qualname.split("."):
        cls = getattr(cls, part)
    return cls.load(model_path)


def _shared_model(task: PartitionTask) -> Any:
    """The task's model, loaded once per process even when several threads ask for it at the same time."""
    with _LOADING:
        return _load_model(task.loader, task.model_path, task.model_digest)


def run_partition(task: PartitionTask) -> PartitionResult:
    """Generate one partition into its Parquet part file (runs on a worker thread or process)."""
    model = _shared_model(task)
    conditions = None
    if task.conditions is not None:
        from genesis.generators.conditional import ConditionSet

        conditions = ConditionSet.from_dict(task.conditions)
    batches = BatchIterator(model, task.rows, task.batch_size, seed=task.seed, conditions=conditions)
    with ParquetSink(task.output) as sink:
        for batch in batches:
            sink.write(batch)
    return PartitionResult(task.index, sink.rows_written, task.output)


def _loader_of(model: Any) -> str:
    cls = type(model)
    if not callable(getattr(model, "save", None)) or not callable(getattr(cls, "load", None)):
        raise ConfigError(f"{cls.__name__} cannot be shipped to workers: "
                          "it needs save(path) and a load(path) classmethod")
    return f"{cls.__module__}:{cls.__qualname__}"


def generate_partitioned(model: Any, total_rows: int, output_dir: str | Path, *, seed: int, executor: Any,
                         partition_rows: int = 1_000_000, batch_size: int = 100_000,
                         conditions: Any = None) -> list[PartitionResult]:
    """Write ``total_rows`` rows from the fitted ``model`` as Parquet parts under ``output_dir``.

    ``executor`` is an entered executor (``map_partitions``). A ``_manifest.json`` lists the parts, their row
    counts and the seed once every part is written.
    """
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    loader = _loader_of(model)
    model_path = out / MODEL_FILE
    model.save(model_path)
    digest = hashlib.sha256(model_path.read_bytes()).hexdigest()
    condition_dict = conditions.to_dict() if hasattr(conditions, "to_dict") else conditions
    tasks = [
        PartitionTask(index, rows, child_seed(seed, index), batch_size, str(model_path.resolve()), digest, loader,
                      str((out / f"part-{index:05d}.parquet").resolve()), condition_dict)
        for index, rows in plan_partitions(total_rows, partition_rows)
    ]
    results = list(executor.map_partitions(run_partition, tasks))
    manifest = {"seed": seed, "total_rows": sum(r.rows for r in results), "partition_rows": partition_rows,
                "parts": [asdict(r) | {"path": Path(r.path).name} for r in results]}
    (out / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2))
    return results

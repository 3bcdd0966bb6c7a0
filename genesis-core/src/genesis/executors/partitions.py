"""Generation beyond one process: fit once, ship the saved model, sample partitions in parallel.

Partition ``i`` holds rows ``[i * partition_rows, ...)`` of the run: the pipeline draws them from the same seeded
blocks a single stream uses (:mod:`genesis.pipeline.blocks`), so the parts concatenated are exactly the rows
``genesis generate`` streams for that seed, for any number of workers and any placement of partitions.

Each part is written by a sink looked up by name (any sink whose factory takes ``path``: parquet, csv, jsonl or a
plugin's) to ``part-{i:05d}.{ext}`` under the output, which is a local folder or a filesystem URL (``file://``,
``memory://``, or any fsspec protocol such as shared storage a Dask cluster sees). A part is written to a local
temporary file first and moved into place only when complete. Workers load the saved model once per process;
threads of one process share it, so a generator's ``generate`` must leave it unchanged.

A local output folder is replaced as a whole (:class:`~genesis.atomic.AtomicDirectory`): parts, model and manifest
go to a staging folder beside it that takes its place only once every part and the manifest are written, so a
failed or interrupted run leaves the previous output as it was. A local folder holding anything but such output is
refused rather than replaced. For a URL each part still appears whole, but the folder is filled in place.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from genesis.atomic import AtomicDirectory
from genesis.errors import ConfigError
from genesis.executors.storage import Storage
from genesis.pipeline import GenerationRequest, Pipeline

__all__ = [
    "PartitionResult",
    "PartitionTask",
    "generate_partitioned",
    "iter_partitioned",
    "plan_partitions",
    "run_partition",
]

MODEL_FILE = "_model.json"
MANIFEST_FILE = "_manifest.json"
#: File extension of each part, by sink name; other sinks write ``part-NNNNN`` without one.
_EXTENSIONS = {"parquet": ".parquet", "csv": ".csv", "jsonl": ".jsonl"}
_OUTPUT_NAME = re.compile(r"^(part-\d{5,}(\.\w+)?|_model\.json|_manifest\.json)$")


@dataclass(frozen=True)
class PartitionTask:
    """Everything a worker needs for one partition; small and picklable."""

    index: int
    start: int
    rows: int
    seed: int
    batch_size: int
    model_url: str
    model_digest: str
    loader: str
    output: str
    sink: str = "parquet"
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
def _load_model(loader: str, model_url: str, model_digest: str) -> Any:
    """The model saved at ``model_url``; the digest keys the cache, so a model saved again at the same place is
    loaded again instead of served stale."""
    module_name, _, qualname = loader.partition(":")
    cls: Any = importlib.import_module(module_name)
    for part in qualname.split("."):
        cls = getattr(cls, part)
    with tempfile.TemporaryDirectory(prefix="genesis-model-") as folder:
        local = Path(folder) / MODEL_FILE
        local.write_bytes(Storage(model_url).read_bytes(""))
        return cls.load(local)


def _shared_model(task: PartitionTask) -> Any:
    """The task's model, loaded once per process even when several threads ask for it at the same time."""
    with _LOADING:
        return _load_model(task.loader, task.model_url, task.model_digest)


def _create_sink(name: str, path: Path) -> Any:
    from genesis.plugins import SinkSpec, get_plugin_manager

    return get_plugin_manager().get(SinkSpec, name).create(path=path)


def run_partition(task: PartitionTask) -> PartitionResult:
    """Generate one partition into its part file (runs on a worker thread, process or Dask worker)."""
    from genesis.conditions import ConditionSet

    conditions = ConditionSet.from_dict(task.conditions) if task.conditions is not None else None
    pipeline = Pipeline(_shared_model(task))
    request = GenerationRequest(task.rows, task.seed, conditions, task.batch_size, start=task.start)
    rows = 0
    with Storage(task.output).writer("") as local, _create_sink(task.sink, local) as sink:
        for batch in pipeline.rows(request):
            sink.write(batch)
            rows += len(batch)
    return PartitionResult(task.index, rows, task.output)


def _loader_of(model: Any) -> str:
    cls = type(model)
    if not callable(getattr(model, "save", None)) or not callable(getattr(cls, "load", None)):
        raise ConfigError(f"{cls.__name__} cannot be shipped to workers: "
                          "it needs save(path) and a load(path) classmethod")
    return f"{cls.__module__}:{cls.__qualname__}"


def generate_partitioned(model: Any, total_rows: int, output: str | Path, *, seed: int, executor: Any,
                         partition_rows: int = 1_000_000, batch_size: int = 100_000, conditions: Any = None,
                         sink: str = "parquet") -> list[PartitionResult]:
    """Write ``total_rows`` rows from the fitted ``model`` as parts under ``output`` (a folder or a URL).

    ``executor`` is an entered executor (``map_partitions``); ``sink`` names the sink each part is written
    with. A ``_manifest.json`` lists the parts, their row counts and the seed once every part is written.
    """
    return list(iter_partitioned(model, total_rows, output, seed=seed, executor=executor,
                                 partition_rows=partition_rows, batch_size=batch_size, conditions=conditions,
                                 sink=sink))


def iter_partitioned(model: Any, total_rows: int, output: str | Path, *, seed: int, executor: Any,
                     partition_rows: int = 1_000_000, batch_size: int = 100_000, conditions: Any = None,
                     sink: str = "parquet") -> Iterator[PartitionResult]:
    """:func:`generate_partitioned`, yielding each part's result in order as the executor finishes it."""
    if "://" in str(output):
        yield from _write_parts(model, total_rows, Storage(output), seed, executor, partition_rows, batch_size,
                                conditions, sink)
        return
    out = Path(output)
    _check_replaceable(out)
    stage = AtomicDirectory(out)
    final = out.resolve()
    try:
        for result in _write_parts(model, total_rows, Storage(stage.temp_path), seed, executor, partition_rows,
                                   batch_size, conditions, sink):
            yield replace(result, path=str(final / Path(result.path).name))
    except BaseException:  # including GeneratorExit: a consumer that stops early gets no half folder either
        stage.discard()
        raise
    stage.commit()


def _check_replaceable(out: Path) -> None:
    """Refuse a target that is a file or a folder holding anything but partitioned output (it would be replaced)."""
    if out.exists() and not out.is_dir():
        raise ConfigError(f"{out} is a file; partitioned output needs a folder")
    if out.is_dir():
        foreign = sorted(entry.name for entry in out.iterdir() if not _OUTPUT_NAME.match(entry.name))
        if foreign:
            raise ConfigError(f"{out} holds other files ({', '.join(foreign[:3])}); partitioned output replaces "
                              "the whole folder, so choose a new or empty one")


def _write_parts(model: Any, total_rows: int, storage: Storage, seed: int, executor: Any, partition_rows: int,
                 batch_size: int, conditions: Any, sink: str) -> Iterator[PartitionResult]:
    loader = _loader_of(model)
    storage.ensure()
    with storage.writer(MODEL_FILE) as local_model:
        model.save(local_model)
        digest = hashlib.sha256(local_model.read_bytes()).hexdigest()
    condition_dict = conditions.to_dict() if hasattr(conditions, "to_dict") else conditions
    extension = _EXTENSIONS.get(sink, "")
    tasks = [
        PartitionTask(index, index * partition_rows, rows, seed, batch_size, storage.url(MODEL_FILE), digest,
                      loader, storage.url(f"part-{index:05d}{extension}"), sink, condition_dict)
        for index, rows in plan_partitions(total_rows, partition_rows)
    ]
    results = []
    for result in executor.map_partitions(run_partition, tasks):
        results.append(result)
        yield result
    manifest = {"seed": seed, "total_rows": sum(r.rows for r in results), "partition_rows": partition_rows,
                "sink": sink, "parts": [asdict(r) | {"path": r.path.rsplit("/", 1)[-1]} for r in results]}
    storage.write_bytes(MANIFEST_FILE, json.dumps(manifest, indent=2).encode())

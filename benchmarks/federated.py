"""Federated benchmark: Adult split over 3, 10 and 50 sites (IID, Dirichlet alpha 0.5 and 0.1), utility vs epsilon.

Run: ``uv run --all-packages python benchmarks/federated.py`` (``--quick`` for the 2,000-row sample and fewer
configurations). Prints a table, writes ``benchmarks/results/federated.json`` and a plot
``benchmarks/results/federated.svg``. Targets from issue 6: without differential privacy the federated model
equals the central fit of the same estimator exactly; at epsilon = 1 (delta = 1e-5) its quality score is within
0.05 of the core copula fitted centrally on the whole table.

The quality score is ``genesis.evaluation.evaluate(...).overall`` (column shapes, null rates, coverage, pair
trends) of as many synthetic rows as the table has. Noise is seeded (``noise_seed``) so the numbers repeat.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from genesis.datasets import load_adult_sample
from genesis_federated import DataSite, Domain, FederatedGenerator, FederatedTrainingSimulator, SiteConfig

sys.path.insert(0, str(Path(__file__).parent))
from adult_data import load_adult

RESULTS = Path(__file__).parent / "results"
EPSILONS = [0.1, 0.5, 1.0, 2.0, 5.0, math.inf]
DELTA = 1e-5
PARTITION_COLUMN = "education"


def _numbers(value: Any) -> list[float]:
    """Every number in a nested parameter structure, in a fixed order."""
    if isinstance(value, dict):
        return [x for key in sorted(value) for x in _numbers(value[key])]
    if isinstance(value, list):
        return [x for item in value for x in _numbers(item)]
    if isinstance(value, bool) or not isinstance(value, int | float):
        return []
    return [float(value)]


def _max_difference(first: dict[str, Any], second: dict[str, Any]) -> float:
    """Largest absolute difference over every fitted parameter (the fit report's bookkeeping excluded)."""
    a = {k: v for k, v in first["state"].items() if k != "report"}
    b = {k: v for k, v in second["state"].items() if k != "report"}
    x, y = np.asarray(_numbers(a)), np.asarray(_numbers(b))
    return float(np.nanmax(np.abs(x - y))) if len(x) == len(y) else math.inf


def _central_estimator(data: pd.DataFrame, domain: Domain) -> dict[str, Any]:
    central = FederatedGenerator(domain=domain)
    central.add_site(DataSite("all", data, SiteConfig("all", min_samples=1)))
    return central.train().parameters


def _run(data: pd.DataFrame, sites: list[int], splits: list[str]) -> list[dict[str, Any]]:
    domain = Domain.infer(data)
    reference = _central_estimator(data, domain)
    rows = []
    for split in splits:
        for n_sites in sites:
            simulator = FederatedTrainingSimulator(n_sites, seed=0, min_samples=20)
            row: dict[str, Any] = {"split": split, "sites": n_sites}
            try:
                if split == "iid":
                    simulator.setup_from_data(data)
                else:
                    simulator.setup_non_iid(data, PARTITION_COLUMN, alpha=float(split.split("=")[1]))
            except Exception as exc:  # an infeasible split is a result, not a crash
                rows.append({**row, "error": str(exc)})
                continue
            row["smallest_site"] = min(len(p) for p in simulator.partitions)
            row["quality"] = {}
            for epsilon in EPSILONS:
                started = time.perf_counter()
                private = {} if math.isinf(epsilon) else {"epsilon": epsilon, "delta": DELTA, "noise_seed": 0}
                metrics = simulator.simulate_training(1, **private)
                (record,) = metrics["rounds"]
                row["quality"][str(epsilon)] = record["quality"]
                row["central_quality"] = metrics["central_quality"]
                if math.isinf(epsilon):
                    row["max_parameter_difference"] = _max_difference(metrics["model"].parameters, reference)
                    row["train_seconds"] = round(time.perf_counter() - started, 2)
                else:
                    row.setdefault("epsilon_reported", {})[str(epsilon)] = record["epsilon_spent"]
            rows.append(row)
            print(_line(row), flush=True)
    return rows


def _line(row: dict[str, Any]) -> str:
    head = f"{row['split']:<10}{row['sites']:>6}"
    if "error" in row:
        return f"{head}  infeasible: {row['error']}"
    quality = "".join(f"{row['quality'][str(e)]:>9.4f}" for e in EPSILONS)
    return f"{head}{row['central_quality']:>9.4f}{row['max_parameter_difference']:>11.1e}{quality}"


def _header() -> str:
    return f"{'split':<10}{'sites':>6}{'central':>9}{'exact':>11}" + "".join(f"{'eps=' + str(e):>9}" for e in EPSILONS)


def _svg(rows: list[dict[str, Any]], path: Path) -> None:
    """Quality vs epsilon, one line per split and site count (epsilon on a log axis, infinity at the right)."""
    width, height, left, bottom, top, right = 720, 420, 60, 50, 20, 170
    xs = {e: i for i, e in enumerate(EPSILONS)}
    values = [q for r in rows if "quality" in r for q in r["quality"].values()]
    lo, hi = min(values) - 0.005, max(values) + 0.005
    colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"]

    def point(epsilon: float, quality: float) -> tuple[float, float]:
        x = left + (width - left - right) * xs[epsilon] / (len(EPSILONS) - 1)
        y = top + (height - top - bottom) * (hi - quality) / (hi - lo)
        return x, y

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" '
             f'font-size="11"><rect width="100%" height="100%" fill="white"/>']
    for epsilon in EPSILONS:
        x, _ = point(epsilon, lo)
        label = "inf" if math.isinf(epsilon) else f"{epsilon:g}"
        parts.append(f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle">{label}</text>')
    for tick in np.linspace(lo, hi, 5):
        _, y = point(EPSILONS[0], tick)
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{tick:.3f}</text>')
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eee"/>')
    parts.append(f'<text x="{(width - right + left) / 2}" y="{height - 12}" text-anchor="middle">epsilon (delta=1e-5)'
                 "</text>")
    parts.append(f'<text x="14" y="{height / 2}" transform="rotate(-90 14 {height / 2})" text-anchor="middle">'
                 "quality score</text>")
    for i, row in enumerate(r for r in rows if "quality" in r):
        colour = colours[i % len(colours)]
        points = " ".join("{:.1f},{:.1f}".format(*point(e, row["quality"][str(e)])) for e in EPSILONS)
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="1.5"/>')
        parts.append(f'<text x="{width - right + 10}" y="{top + 14 * i + 10}" fill="{colour}">'
                     f'{row["split"]}, {row["sites"]} sites</text>')
    central = next(r["central_quality"] for r in rows if "quality" in r)
    _, y = point(EPSILONS[0], central)
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="black" '
                 'stroke-dasharray="4 3"/>')
    parts.append(f'<text x="{left + 4}" y="{y - 4:.1f}">central copula</text></svg>')
    path.write_text("\n".join(parts), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000-row sample, 3 and 10 sites, IID and alpha=0.5")
    args = parser.parse_args()
    data = load_adult_sample() if args.quick else load_adult()
    sites = [3, 10] if args.quick else [3, 10, 50]
    splits = ["iid", "alpha=0.5"] if args.quick else ["iid", "alpha=0.5", "alpha=0.1"]
    print(f"Adult {len(data):,} rows; quality = evaluate(...).overall; 'exact' = max |federated - central estimator|")
    print(_header())
    started = time.perf_counter()
    rows = _run(data, sites, splits)
    at_one = [r["quality"]["1.0"] - r["central_quality"] for r in rows if "quality" in r]
    exact = [r["max_parameter_difference"] for r in rows if "quality" in r]
    summary = {
        "max_parameter_difference_without_dp": max(exact),
        "worst_gap_at_epsilon_1": min(at_one),
        "target_exact_1e-9": max(exact) <= 1e-9,
        "target_within_0.05_at_epsilon_1": min(at_one) >= -0.05,
    }
    print(json.dumps(summary, indent=2))
    RESULTS.mkdir(exist_ok=True)
    name = "federated-quick" if args.quick else "federated"
    document = {
        "dataset": {"name": "adult-sample" if args.quick else "adult", "rows": len(data)},
        "epsilons": [str(e) for e in EPSILONS],
        "delta": DELTA,
        "partition_column": PARTITION_COLUMN,
        "rows": rows,
        "summary": summary,
        "seconds": round(time.perf_counter() - started, 1),
        "platform": {"python": platform.python_version(), "machine": platform.machine()},
    }
    (RESULTS / f"{name}.json").write_text(json.dumps(document, indent=2, allow_nan=True), encoding="utf-8")
    _svg(rows, RESULTS / f"{name}.svg")
    print(f"wrote {RESULTS / (name + '.json')} and {RESULTS / (name + '.svg')}")


if __name__ == "__main__":
    main()

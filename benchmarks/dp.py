"""Differentially private synthesis on Adult: Genesis' ``dp-gaussian-copula`` next to smartnoise-synth's MST.

For each epsilon in 0.5, 1 and 4 (delta 1e-5), both are fitted on UCI Adult (32,561 rows, rows with missing
values dropped: 30,162) on the same public domain (``genesis.datasets.ADULT_PUBLIC_DOMAIN``: numeric bounds,
categories; MST bins the numeric columns into 10 bins on those bounds), each draws as many rows as the table
has, and one SDMetrics ``QualityReport`` (in smartnoise's venv) scores both. Fit times are wall-clock seconds
on this machine, side by side in the same run, each side's libraries imported before its clock starts (the
accountant's scipy imports take seconds on a cold, loaded machine). Genesis' noise is seeded for
reproducibility (``noise_seed``); MST's is not.

MST runs in ``benchmarks/.venv-smartnoise`` (``benchmarks/setup_smartnoise.sh`` creates it on first use).
Run: ``uv run --all-packages python benchmarks/dp.py``; writes ``benchmarks/results/dp.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any

from adult_data import CACHE_DIR, load_adult
from frames_npz import save_frame
from rich.console import Console
from rich.table import Table

from genesis.datasets import ADULT_PUBLIC_DOMAIN
from genesis_federated.dp import DPGaussianCopulaGenerator

HERE = Path(__file__).resolve().parent
SMARTNOISE_PYTHON = HERE / ".venv-smartnoise" / "bin" / "python"
RUNNER = HERE / "dp_runner.py"
RESULTS = HERE / "results" / "dp.json"
WORK = CACHE_DIR / "dp"
EPSILONS = (0.5, 1.0, 4.0)
DELTA = 1e-5
TIMEOUT_S = 3_600
console = Console(width=140)


def _run(*args: str) -> dict[str, Any]:
    """Run the smartnoise runner with ``args`` and return its JSON result."""
    result = WORK / f"result-{time.monotonic_ns()}.json"
    command = [str(SMARTNOISE_PYTHON), str(RUNNER), *args, "--result", str(result)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:1])} failed:\n{done.stderr[-3000:]}")
    return json.loads(result.read_text())


def _genesis(real: Any, epsilon: float, seed: int) -> dict[str, Any]:
    import prv_accountant  # noqa: F401  imported before the clock starts, as MST's libraries are

    model = DPGaussianCopulaGenerator(epsilon=epsilon, delta=DELTA, noise_seed=seed, **ADULT_PUBLIC_DOMAIN)
    started = time.perf_counter()
    model.fit(real)
    fit_s = time.perf_counter() - started
    path = WORK / f"genesis-{epsilon}.npz"
    save_frame(model.generate(len(real), seed=seed)[list(real.columns)], path)
    spent = model.privacy_spent or {}
    return {"fit_s": fit_s, "epsilon_spent": spent.get("epsilon"), "sample": str(path)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epsilons", type=float, nargs="*", default=list(EPSILONS))
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    subprocess.run(["bash", str(HERE / "setup_smartnoise.sh")], check=True)
    WORK.mkdir(parents=True, exist_ok=True)
    real = load_adult().dropna().reset_index(drop=True)
    data, domain = WORK / "adult.npz", WORK / "domain.json"
    save_frame(real, data)
    domain.write_text(json.dumps(ADULT_PUBLIC_DOMAIN))
    rows: list[dict[str, Any]] = []
    samples: dict[str, str] = {}
    for index, epsilon in enumerate(args.epsilons):
        genesis = _genesis(real, epsilon, seed=index)
        mst_sample = WORK / f"mst-{epsilon}.npz"
        mst = _run("mst", "--data", str(data), "--domain", str(domain), "--epsilon", str(epsilon),
                   "--delta", str(DELTA), "--sample-out", str(mst_sample))  # fmt: skip
        samples |= {f"genesis-{epsilon}": genesis["sample"], f"mst-{epsilon}": str(mst_sample)}
        rows.append({"epsilon": epsilon, "genesis": genesis, "mst": mst})
    scores = _run("score", "--data", str(data), "--domain", str(domain), "--samples", *samples.values(),
                  "--labels", *samples)  # fmt: skip
    for row in rows:
        for side in ("genesis", "mst"):
            row[side]["quality"] = scores[f"{side}-{row['epsilon']}"]
            row[side].pop("sample", None)
        row["fit_time_ratio_mst_over_genesis"] = row["mst"]["fit_s"] / row["genesis"]["fit_s"]
    table = Table(title=f"Adult ({len(real):,} rows), delta {DELTA}: SDMetrics quality and fit time")
    for heading in (
        "epsilon",
        "genesis quality",
        "MST quality",
        "genesis fit s",
        "MST fit s",
        "MST / genesis time",
        "genesis epsilon spent",
    ):
        table.add_column(heading, justify="right")
    for row in rows:
        g, m = row["genesis"], row["mst"]
        table.add_row(f"{row['epsilon']:g}", f"{g['quality']['overall']:.3f}", f"{m['quality']['overall']:.3f}",
                      f"{g['fit_s']:.2f}", f"{m['fit_s']:.2f}", f"{row['fit_time_ratio_mst_over_genesis']:.1f}x",
                      f"{g['epsilon_spent']:.4f}")  # fmt: skip
    console.print(table)
    results = {"dataset": {"name": "adult", "rows": len(real)}, "delta": DELTA, "rows": rows,
               "machine": {"cpus": os.cpu_count(), "load_average_at_end": os.getloadavg()}}  # fmt: skip
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, allow_nan=False))
    console.print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

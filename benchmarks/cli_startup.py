"""How long `genesis --help` takes, next to a bare `python -c pass`, in the same run.

Run: `uv run --all-packages python benchmarks/cli_startup.py [--runs N]`. Prints a table and writes
benchmarks/results/cli_startup.json. Target: `genesis --help` under 300 ms.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "results" / "cli_startup.json"
TARGET_MS = 300.0


def _time_command(command: list[str], runs: int) -> list[float]:
    subprocess.run(command, capture_output=True, check=True)  # warm the file cache
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    genesis = shutil.which("genesis") or str(Path(sys.executable).with_name("genesis"))
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import genesis'": [sys.executable, "-c", "import genesis"],
        "genesis --version": [genesis, "--version"],
        "genesis --help": [genesis, "--help"],
    }
    rows = {}
    for label, command in commands.items():
        timings = _time_command(command, args.runs)
        rows[label] = {"median_ms": statistics.median(timings), "p90_ms": sorted(timings)[int(0.9 * len(timings)) - 1],
                       "runs": args.runs}
    baseline = rows["python -c pass"]["median_ms"]
    print(f"{'command':<28}{'median ms':>12}{'p90 ms':>10}{'x python':>10}")
    for label, row in rows.items():
        row["ratio_to_python"] = row["median_ms"] / baseline
        print(f"{label:<28}{row['median_ms']:>12.1f}{row['p90_ms']:>10.1f}{row['ratio_to_python']:>10.1f}")
    help_ms = rows["genesis --help"]["median_ms"]
    verdict = "meets" if help_ms < TARGET_MS else "MISSES"
    print(f"genesis --help: {help_ms:.0f} ms median, {verdict} the {TARGET_MS:.0f} ms target")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"target_ms": TARGET_MS, "results": rows}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

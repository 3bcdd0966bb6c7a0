"""Start-up cost of the CLI with every installed plugin, against `--no-plugins` and a bare interpreter, in one run.

Run: `uv run --all-packages python benchmarks/cli_startup.py [--runs N] [--generate-runs N]`. Prints a table and
writes benchmarks/results/cli_startup.json. Targets: `genesis --help` under 300 ms median with every sibling
installed; `genesis generate -n 1000` with plugins within 1.25x of `genesis --no-plugins generate -n 1000`.

Commands alternate run by run (plugins, then without), so a busy machine slows both sides alike. Children run
with bytecode caching on (PYTHONDONTWRITEBYTECODE removed), as on a user's machine after the first run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "results" / "cli_startup.json"
HELP_TARGET_MS = 300.0
GENERATE_TARGET_RATIO = 1.25
SAMPLE = Path(__file__).parents[1] / "genesis-core" / "src" / "genesis" / "data" / "adult_sample.csv"


def _environment() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in {"PYTHONDONTWRITEBYTECODE", "GENESIS_DISABLE_PLUGIN_AUTOLOAD", "GENESIS_DISABLE_PLUGINS"}}
    env["COLUMNS"] = "100"
    return env


def _time_group(commands: dict[str, list[str]], runs: int) -> dict[str, list[float]]:
    """Median-ready timings per command, interleaved run by run."""
    env = _environment()
    for command in commands.values():
        subprocess.run(command, capture_output=True, check=True, env=env)  # warm the file and bytecode caches
    timings: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(runs):
        for label, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, check=True, env=env)
            timings[label].append((time.perf_counter() - start) * 1000)
    return timings


def _row(timings: list[float]) -> dict[str, float]:
    ordered = sorted(timings)
    return {"median_ms": statistics.median(ordered), "p90_ms": ordered[max(0, int(0.9 * len(ordered)) - 1)],
            "runs": len(ordered)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20, help="runs of each short command")
    parser.add_argument("--generate-runs", type=int, default=5, help="runs of each `genesis generate`")
    args = parser.parse_args()
    genesis = shutil.which("genesis") or str(Path(sys.executable).with_name("genesis"))
    with tempfile.TemporaryDirectory() as scratch:
        out = str(Path(scratch) / "rows.csv")
        short = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "python -c 'import genesis'": [sys.executable, "-c", "import genesis"],
            "genesis --version": [genesis, "--version"],
            "genesis --help": [genesis, "--help"],
            "genesis --no-plugins --help": [genesis, "--no-plugins", "--help"],
        }
        generate = {
            "genesis generate -n 1000": [genesis, "-q", "generate", str(SAMPLE), "-n", "1000", "-o", out],
            "genesis --no-plugins generate -n 1000": [genesis, "-q", "--no-plugins", "generate", str(SAMPLE), "-n",
                                                      "1000", "-o", out],
        }
        timings = {**_time_group(short, args.runs), **_time_group(generate, args.generate_runs)}
    rows = {label: _row(values) for label, values in timings.items()}
    python_ms = rows["python -c pass"]["median_ms"]
    pairs = {"genesis --help": "genesis --no-plugins --help",
             "genesis generate -n 1000": "genesis --no-plugins generate -n 1000"}
    print(f"{'command':<40}{'median ms':>11}{'p90 ms':>9}{'x python':>10}{'x no-plugins':>14}")
    for label, row in rows.items():
        row["ratio_to_python"] = row["median_ms"] / python_ms
        if label in pairs:
            row["ratio_to_no_plugins"] = row["median_ms"] / rows[pairs[label]]["median_ms"]
        against = f"{row['ratio_to_no_plugins']:.2f}" if "ratio_to_no_plugins" in row else ""
        print(f"{label:<40}{row['median_ms']:>11.1f}{row['p90_ms']:>9.1f}{row['ratio_to_python']:>10.1f}{against:>14}")
    help_ms = rows["genesis --help"]["median_ms"]
    ratio = rows["genesis generate -n 1000"]["ratio_to_no_plugins"]
    verdicts = {
        "help_meets_target": help_ms < HELP_TARGET_MS,
        "generate_meets_target": ratio <= GENERATE_TARGET_RATIO,
    }
    print(f"genesis --help: {help_ms:.0f} ms median, "
          f"{'meets' if verdicts['help_meets_target'] else 'MISSES'} the {HELP_TARGET_MS:.0f} ms target")
    print(f"genesis generate -n 1000: {ratio:.2f}x --no-plugins, "
          f"{'meets' if verdicts['generate_meets_target'] else 'MISSES'} the {GENERATE_TARGET_RATIO}x target")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"help_target_ms": HELP_TARGET_MS, "generate_target_ratio": GENERATE_TARGET_RATIO,
                                   **verdicts, "results": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

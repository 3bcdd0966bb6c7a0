"""Typed CSV reading: pyarrow (what ``genesis.io.read_table`` uses) against pandas, on the same file.

One command: ``python benchmarks/read_csv.py [--rows N]``. It writes a mixed CSV (integers with blanks,
floats, ISO dates, offset timestamps, day-first dates, yes/no flags, categories, free text), reads it

* with ``pandas.read_csv`` as is (dates and flags stay text, blank integers become floats),
* with ``pyarrow.csv.read_csv`` as is (ISO dates typed, offsets lost to UTC, blank integers become floats),
* with ``pandas.read_csv`` followed by the same per-column typing ``read_table`` applies, and
* with ``genesis.io.read_table`` (pyarrow's CSV reader, then that typing),

prints a table of best-of-3 seconds and writes ``benchmarks/results/read_csv.json``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from pyarrow import csv

from genesis.io import read_table
from genesis.text_types import parse_text

RESULTS = Path(__file__).resolve().parent / "results" / "read_csv.json"


def _write(path: Path, rows: int) -> None:
    rng = np.random.default_rng(0)
    stamps = pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 10**8, rows), unit="s")
    count = rng.integers(0, 1000, rows).astype(object)
    count[rng.random(rows) < 0.1] = ""
    frame = pd.DataFrame({
        "id": np.arange(rows),
        "count": count,
        "amount": rng.lognormal(3, 1, rows).round(2),
        "day": stamps.strftime("%Y-%m-%d"),
        "at": stamps.strftime("%Y-%m-%dT%H:%M:%S") + "+02:00",
        "dmy": stamps.strftime("%d/%m/%Y"),
        "active": rng.choice(["yes", "no"], rows),
        "city": rng.choice(["Oslo", "Rome", "Lima", "Pune", "Kyiv"], rows),
        "note": [f"order {i} for {c}" for i, c in enumerate(rng.choice(["tea", "rice", "ink"], rows))],
    })  # fmt: skip
    frame.to_csv(path, index=False)


def _best(read: Callable[[], pd.DataFrame], repeats: int = 3) -> tuple[float, pd.DataFrame]:
    best, frame = float("inf"), pd.DataFrame()
    for _ in range(repeats):
        started = time.perf_counter()
        frame = read()
        best = min(best, time.perf_counter() - started)
    return best, frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500_000)
    rows = parser.parse_args().rows
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mixed.csv"
        _write(path, rows)
        cases = {
            "pandas.read_csv (untyped)": lambda: pd.read_csv(path),
            "pyarrow.csv.read_csv (raw)": lambda: csv.read_csv(path).to_pandas(),
            "pandas.read_csv + typing": lambda: pd.read_csv(path).apply(parse_text),
            "genesis read_table (pyarrow)": lambda: read_table(path),
        }
        results = {}
        for label, read in cases.items():
            seconds, frame = _best(read)
            results[label] = {"seconds": round(seconds, 4), "dtypes": {c: str(t) for c, t in frame.dtypes.items()}}
    base = results["genesis read_table (pyarrow)"]["seconds"]
    print(f"{rows:,} rows x 9 columns, best of 3")
    print(f"{'reader':32} {'seconds':>8} {'vs read_table':>14}  typed columns")
    for label, result in results.items():
        typed = sum(not t.startswith(("object", "str")) for t in result["dtypes"].values())
        print(f"{label:32} {result['seconds']:8.3f} {result['seconds'] / base:13.2f}x  {typed}/9")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"rows": rows, "results": results}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

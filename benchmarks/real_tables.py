"""Genesis and SDV side by side on the real-table corpus (``tests/corpus.py``), scored by SDMetrics.

One command: ``uv run --all-packages python benchmarks/real_tables.py [--only NAME ...]``. Every table of the
corpus is written as CSV (whole: no table is subsampled here) and handed to both sides as a user would: Genesis
reads it with ``genesis.io.read_table`` and fits its Gaussian copula; SDV 2.0 reads it with ``pandas.read_csv`` and
fits its ``GaussianCopulaSynthesizer`` on the metadata it detects. Each side draws ``--draws`` samples (3 by
default) of as many rows as the table has; SDMetrics' ``QualityReport`` (overall, column shapes, column pair
trends) scores every sample against the real table with the same detected metadata, and each side's scores are the
mean over its samples (on a 55-row table one sample moves by 0.05 from seed to seed). On tables with free text, the
share of text values that are real ones is printed per side: SDMetrics scores such columns as categories, which
rewards copying them. A third sample, R, is the real rows themselves drawn with replacement: how a sample of
exactly the real distribution scores, so how far sampling noise alone keeps a table from 1 (and how much of a lead
over SDV is possible at all). Fit and sample seconds are timed in the side's own process. SDV lives in
``benchmarks/.venv-sdv`` (``benchmarks/setup_sdv.sh``). Prints a table and writes
``benchmarks/results/real_tables.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.corpus import TABLES, write_csv  # noqa: E402

SDV_PYTHON = HERE / ".venv-sdv" / "bin" / "python"
RUNNER = HERE / "real_tables_runner.py"
RESULTS = HERE / "results" / "real_tables.json"
#: Seconds one step may take on one table.
TIMEOUT_S = 1800


def _step(python: Path | str, mode: str, data: Path, folder: Path, *extra: str) -> dict[str, Any] | None:
    result = folder / f"{mode}.json"
    command = [str(python), str(RUNNER), mode, "--data", str(data), "--result", str(result), *extra]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {TIMEOUT_S} s"}
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["exit " + str(done.returncode)])[-1]}
    loaded: dict[str, Any] = json.loads(result.read_text())
    return loaded


def _table(name: str, data: Path, folder: Path, draws: int) -> dict[str, Any]:
    genesis_sample, sdv_sample = folder / "genesis.csv", folder / "sdv.csv"
    row: dict[str, Any] = {"table": name, "draws": draws}
    many = ("--draws", str(draws))
    row["genesis"] = _step(sys.executable, "genesis", data, folder, "--sample-out", str(genesis_sample), *many)
    kinds = (row["genesis"] or {}).get("kinds", {})
    text = [column for column, kind in kinds.items() if kind == "text"]
    replay_sample = folder / "genesis_real_text.csv"
    if text:  # the like-for-like side: SDV replays real values of such columns
        row["genesis_real_text"] = _step(sys.executable, "genesis", data, folder, "--real-text", "--sample-out",
                                         str(replay_sample), *many)  # fmt: skip
    row["sdv"] = _step(SDV_PYTHON, "sdv", data, folder, "--sample-out", str(sdv_sample), *many)
    resample = folder / "resample.csv"
    _step(sys.executable, "resample", data, folder, "--sample-out", str(resample), *many)
    labels = [label for label, path in (("genesis", genesis_sample), ("sdv", sdv_sample),
                                        ("genesis_real_text", replay_sample), ("resample", resample)) if path.exists()]
    samples = [str(folder / f"{label}.csv") for label in labels]
    row["scores"] = _step(SDV_PYTHON, "score", data, folder, "--samples", *samples, "--labels", *labels, *many,
                          "--text-columns", *text)  # fmt: skip
    return row


def _score(row: dict[str, Any], side: str, key: str = "overall") -> float | None:
    scores = row.get("scores") or {}
    value = (scores.get(side) or {}).get(key)
    return None if value is None else float(value)


def _print(rows: list[dict[str, Any]]) -> None:
    header = (f"{'table':28} {'rows':>6} {'cols':>4} | {'G overall':>17} {'S overall':>9} {'lead':>6} | "
              f"{'R overall':>9} | {'G shapes':>8} {'S shapes':>8} | {'G pairs':>7} {'S pairs':>7} | "
              f"{'G fit s':>7} {'S fit s':>7} | "
              f"{'text copied G/S':>15}")
    print(header)
    print("-" * len(header))
    for row in rows:
        g, s = _score(row, "genesis"), _score(row, "sdv")
        cells = [_fmt(v) for v in (g, s, None if g is None or s is None else g - s)]
        replay = _score(row, "genesis_real_text")
        if replay is not None:
            cells[0] += f" ({replay:.3f})"
        shapes = [_fmt(_score(row, side, "column_shapes")) for side in ("genesis", "sdv")]
        pairs = [_fmt(_score(row, side, "column_pair_trends")) for side in ("genesis", "sdv")]
        fits = [_fmt((row.get(side) or {}).get("fit_s"), 2) for side in ("genesis", "sdv")]
        rows_n = (row.get("genesis") or {}).get("rows", "")
        copied = [(row.get("scores") or {}).get(side, {}).get("text_copied") for side in ("genesis", "sdv")]
        copy_cell = "" if copied[0] is None else f"{copied[0]:.0%} / {_fmt_share(copied[1])}"
        print(f"{row['table']:28} {rows_n!s:>6} {row.get('columns', '')!s:>4} | {cells[0]:>9} {cells[1]:>9} "
              f"{cells[2]:>6} | {_fmt(_score(row, 'resample')):>9} | {shapes[0]:>8} {shapes[1]:>8} | "
              f"{pairs[0]:>7} {pairs[1]:>7} | "
              f"{fits[0]:>7} {fits[1]:>7} | {copy_cell:>15}")
    pairs = ((_score(row, "genesis"), _score(row, "sdv")) for row in rows)
    both = [(g, s) for g, s in pairs if g is not None and s is not None]
    if both:
        leads = [g - s for g, s in both]
        medians = statistics.median(g for g, _ in both), statistics.median(s for _, s in both)
        print(f"\n{len(both)} tables scored on both sides: Genesis >= SDV on {sum(lead >= 0 for lead in leads)}; "
              f"median overall {medians[0]:.3f} vs {medians[1]:.3f}; median lead {statistics.median(leads):+.3f}")
    like = [(_score(row, "genesis_real_text") or _score(row, "genesis"), _score(row, "sdv")) for row in rows]
    like = [(g, s) for g, s in like if g is not None and s is not None]
    if like and any(_score(row, "genesis_real_text") is not None for row in rows):
        leads = [g - s for g, s in like]
        print(f"with real text values allowed in text columns (as SDV replays them): Genesis >= SDV on "
              f"{sum(lead >= 0 for lead in leads)} of {len(like)}; median overall "
              f"{statistics.median(g for g, _ in like):.3f}; median lead {statistics.median(leads):+.3f}")
    _print_reference(rows)
    failed = [row["table"] for row in rows if any("error" in (row.get(k) or {"error": 1}) for k in ("genesis", "sdv"))]
    if failed:
        print(f"failed on a side: {failed}")


def _print_reference(rows: list[dict[str, Any]]) -> None:
    """How far a perfect sample could lead: the real rows resampled, against SDV."""
    margins = [(r, s) for r, s in ((_score(row, "resample"), _score(row, "sdv")) for row in rows)
               if r is not None and s is not None]  # fmt: skip
    if not margins:
        return
    leads = [r - s for r, s in margins]
    print(f"the real rows resampled (R): median overall {statistics.median(r for r, _ in margins):.3f}; their lead "
          f"over SDV is under 0.1 on {sum(lead < 0.1 for lead in leads)} of {len(leads)} tables; median lead "
          f"{statistics.median(leads):+.3f}")
    bounds = [_best_case(row) for row in rows]
    bounds = [b for b in bounds if b is not None]
    print(f"if Genesis scored as well as R wherever it is below R, text columns still new (no real value): median "
          f"lead {statistics.median(bounds):+.3f}, at least 0.1 on {sum(b >= 0.1 for b in bounds)} of {len(bounds)}")


def _best_case(row: dict[str, Any]) -> float | None:
    """A table's lead over SDV if Genesis reached the resampled real rows' score, except on tables with free text,
    where only a copy of real values scores (their Genesis score stays as measured)."""
    g, s, r = _score(row, "genesis"), _score(row, "sdv"), _score(row, "resample")
    if g is None or s is None or r is None:
        return None
    return (g if _score(row, "genesis_real_text") is not None else max(g, r)) - s


def _fmt(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _fmt_share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=[],
                        help="re-measure these tables only, keeping the last results of the others")
    parser.add_argument("--print", action="store_true", help="print the table of the last results and stop")
    parser.add_argument("--draws", type=int, default=3, help="samples per side and table; scores are their mean")
    args = parser.parse_args()
    if args.print:
        _print(_last_results())
        return
    names = set(args.only)
    if not SDV_PYTHON.exists():
        subprocess.run(["bash", str(HERE / "setup_sdv.sh")], check=True)
    unknown = sorted(names - {table.name for table in TABLES})
    if unknown:
        parser.error(f"unknown tables {unknown}")
    # --only re-measures those tables and keeps the last results of the others
    earlier = {row["table"]: row for row in _last_results()} if names else {}
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for table in TABLES:
            if names and table.name not in names:
                if table.name in earlier:
                    rows.append(earlier[table.name])
                continue
            folder = Path(scratch) / table.name
            folder.mkdir()
            data = write_csv(table, folder)
            row = _table(table.name, data, folder, args.draws)
            row["columns"] = (row.get("genesis") or {}).get("columns", "")
            rows.append(row)
            print(f"{table.name}: genesis {_fmt(_score(row, 'genesis'))}, sdv {_fmt(_score(row, 'sdv'))}",
                  file=sys.stderr, flush=True)
            _write(rows)  # after every table, so a long run leaves what it has measured
    _print(rows)


def _last_results() -> list[dict[str, Any]]:
    if not RESULTS.exists():
        return []
    tables: list[dict[str, Any]] = json.loads(RESULTS.read_text(encoding="utf-8"))["tables"]
    return tables


def _write(rows: list[dict[str, Any]]) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"tables": rows}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

"""Dashboard benchmark: metrics, HTML and PDF for 10 / 50 / 200 columns x 100k rows.

Run: ``uv run --all-packages python benchmarks/dashboard.py`` (``--quick`` for 10k rows; ``--rows``/``--columns``
to choose). Prints a table and writes ``benchmarks/results/dashboard.json``. Targets from issue 8: 50 columns x
100k rows to HTML in under 10 s and to PDF in under 15 s on 2 cores, HTML under 10 MB.

The tables are seeded mixes of continuous, integer, categorical, boolean and datetime columns; the synthetic
table is a second draw with shifted parameters, so every metric has work to do. Each size is timed with and
without ML utility (gradient-boosted trees on up to 20k rows; the slowest metric by far). The PDF is timed
from the finished HTML (one Chromium start, load, draw and print), next to the browser-free reportlab PDF of
the same report (from the finished metrics; no figures).

BLAS and OpenMP pools are limited to ``--threads`` (default 1): on two shared, busy cores their spinning
threads made the metrics 5-8x slower than one thread (``--threads 0`` leaves the libraries' defaults).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from genesis_dashboard import QualityDashboard
from genesis_dashboard.browsers import find_browser
from genesis_dashboard.pdf import html_to_pdf
from genesis_dashboard.plain_pdf import view_to_pdf

RESULTS = Path(__file__).parent / "results" / "dashboard.json"
KINDS = ("continuous", "continuous", "integer", "categorical", "continuous", "boolean", "integer", "datetime")


def make_table(rows: int, columns: int, seed: int, shift: float = 0.0) -> pd.DataFrame:
    """A seeded table whose column kinds cycle through :data:`KINDS`; ``shift`` perturbs every distribution."""
    rng = np.random.default_rng(seed)
    latent = rng.normal(size=(rows, 1))  # a shared factor, so pairs correlate
    data: dict[str, Any] = {}
    for i in range(columns):
        kind = KINDS[i % len(KINDS)]
        signal = 0.6 * latent[:, 0] + rng.normal(size=rows) + shift
        if kind == "continuous":
            values: Any = np.exp(signal / 2) * (i + 1)
        elif kind == "integer":
            values = np.clip(np.round(signal * 8 + 40), 0, None).astype(np.int64)
        elif kind == "categorical":
            values = np.array([f"level_{k}" for k in range(12)])[np.clip((signal * 2 + 6).astype(int), 0, 11)]
        elif kind == "boolean":
            values = signal > 0.3
        else:
            values = pd.Timestamp("2021-01-01") + pd.to_timedelta(np.clip(signal * 200 + 600, 0, None), unit="D")
        data[f"{kind}_{i}"] = values
    return pd.DataFrame(data)


def bench(rows: int, columns: int, with_pdf: bool) -> list[dict[str, Any]]:
    real = make_table(rows, columns, seed=columns)
    synthetic = make_table(rows, columns, seed=columns + 1000, shift=0.1)
    results = []
    for ml_utility in (False, True):
        dashboard = QualityDashboard(real, synthetic, include_ml_utility=ml_utility)
        start = time.perf_counter()
        dashboard.compute_metrics()
        metrics_s = time.perf_counter() - start
        start = time.perf_counter()
        html = dashboard.generate_html_report()
        render_s = time.perf_counter() - start
        row: dict[str, Any] = {
            "rows": rows,
            "columns": columns,
            "ml_utility": ml_utility,
            "metrics_s": metrics_s,
            "render_s": render_s,
            "html_s": metrics_s + render_s,
            "html_mb": len(html.encode("utf-8")) / 1e6,
            "overall": dashboard.compute_metrics()["overall"],
        }
        if with_pdf and not ml_utility:
            browser = find_browser()
            if browser is not None:
                start = time.perf_counter()
                pdf = html_to_pdf(html, browser)
                row["pdf_from_html_s"] = time.perf_counter() - start
                row["pdf_total_s"] = row["html_s"] + row["pdf_from_html_s"]
                row["pdf_mb"] = len(pdf) / 1e6
            start = time.perf_counter()
            plain = view_to_pdf(dashboard.view())
            row["plain_pdf_s"] = time.perf_counter() - start
            row["plain_pdf_mb"] = len(plain) / 1e6
        results.append(row)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--columns", type=int, nargs="+", default=[10, 50, 200])
    parser.add_argument("--quick", action="store_true", help="10k rows")
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--threads", type=int, default=1, help="BLAS/OpenMP threads (0: library default)")
    args = parser.parse_args()
    rows = 10_000 if args.quick else args.rows
    import sklearn.ensemble  # noqa: F401 - load the OpenMP runtime so the limit below reaches it
    from threadpoolctl import threadpool_limits

    with threadpool_limits(args.threads or None):
        results = [row for columns in args.columns for row in bench(rows, columns, with_pdf=not args.no_pdf)]
    headings = ("rows", "cols", "ML", "metrics s", "render s", "HTML s", "HTML MB", "PDF s", "plain PDF s")
    widths = (8, 5, 3, 10, 9, 7, 8, 6, 11)
    print(" ".join(f"{heading:>{width}}" for heading, width in zip(headings, widths, strict=True)))
    for row in results:
        pdf = f"{row['pdf_total_s']:6.1f}" if "pdf_total_s" in row else f"{'-':>6}"
        plain = f"{row['plain_pdf_s']:11.2f}" if "plain_pdf_s" in row else f"{'-':>11}"
        print(
            f"{row['rows']:>8} {row['columns']:>5} {'yes' if row['ml_utility'] else 'no':>3} {row['metrics_s']:>10.2f}"
            f" {row['render_s']:>9.2f} {row['html_s']:>7.2f} {row['html_mb']:>8.2f} {pdf} {plain}"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    machine = {
        "python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
        "threads": args.threads or "default", "load_average": os.getloadavg(),
    }  # fmt: skip
    RESULTS.write_text(json.dumps({"machine": machine, "results": results}, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()

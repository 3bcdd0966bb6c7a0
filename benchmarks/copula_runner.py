"""One side of ``benchmarks/copula.py``, run in its own process so that its memory is measured alone.

``fit``: fit Genesis' or SDV's Gaussian copula on a table, time sampling, save a sample for scoring.
``score``: SDMetrics ``QualityReport`` of saved samples (needs the SDV venv).
Both write a JSON result. This file only imports what the chosen side needs.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from frames_npz import load_frame, save_frame


def _number(value: Any) -> float | None:
    """A float for JSON, or None where SDMetrics left NaN (e.g. pairs it does not score)."""
    return None if value is None or math.isnan(value) else float(value)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _genesis_model(seed: int) -> tuple[Any, Any, Any]:
    from genesis.generators.copula import GaussianCopulaGenerator

    model = GaussianCopulaGenerator()
    return model, model.fit, lambda n: model.generate(n, seed=seed)


def _sdv_model(frame: Any) -> tuple[Any, Any, Any]:
    from sdv.metadata import Metadata
    from sdv.single_table import GaussianCopulaSynthesizer

    # SDV 2.0's single-table synthesizers take and return ``{table name: frame}``.
    model = GaussianCopulaSynthesizer(Metadata.detect_from_dataframes({"data": frame}))
    return model, lambda data: model.fit({"data": data}), lambda n: model.sample(num_rows=n)["data"]


def fit(args: argparse.Namespace) -> dict[str, Any]:
    """Fit, sample, time and measure one side."""
    frame = load_frame(args.data)
    _, fit_model, sample = _genesis_model(args.seed) if args.side == "genesis" else _sdv_model(frame)
    result: dict[str, Any] = {"side": args.side, "rows": len(frame), "columns": frame.shape[1]}
    result["rss_before_fit_mb"] = _peak_rss_mb()
    started = time.perf_counter()
    fit_model(frame)
    result["fit_s"] = time.perf_counter() - started
    result["rss_after_fit_mb"] = _peak_rss_mb()
    save_frame(sample(args.quality_rows), args.sample_out)
    result["sampling"] = {}
    for size in args.sizes:
        started = time.perf_counter()
        rows = len(sample(size))
        elapsed = time.perf_counter() - started
        result["sampling"][str(size)] = {"seconds": elapsed, "rows_per_s": rows / elapsed}
    result["peak_rss_mb"] = _peak_rss_mb()
    if args.trace:
        tracemalloc.start()
        sample(max(args.sizes))
        result["traced_peak_sampling_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return result


def score(args: argparse.Namespace) -> dict[str, Any]:
    """SDMetrics quality of each sample against the real table."""
    import warnings

    from sdmetrics.reports.single_table import QualityReport
    from sdv.metadata import Metadata

    warnings.simplefilter("ignore")
    real = load_frame(args.data)
    metadata = Metadata.detect_from_dataframes({"data": real}).to_dict()["tables"]["data"]
    scores = {}
    for label, path in zip(args.labels, args.samples, strict=True):
        report = QualityReport()
        report.generate(real, load_frame(path)[real.columns], metadata, verbose=False)
        properties = report.get_properties().set_index("Property")["Score"]
        shapes = report.get_details("Column Shapes")
        pairs = report.get_details("Column Pair Trends")
        scores[label] = {
            "overall": float(report.get_score()),
            "column_shapes": float(properties["Column Shapes"]),
            "column_pair_trends": float(properties["Column Pair Trends"]),
            "columns": {row["Column"]: _number(row["Score"]) for _, row in shapes.iterrows()},
            "pairs_scored": int(pairs["Score"].notna().sum()),
            "pairs": {f"{row['Column 1']} | {row['Column 2']}": _number(row["Score"]) for _, row in pairs.iterrows()},
        }
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("mode", choices=["fit", "score"])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--result", type=Path, required=True)
    parser.add_argument("--side", choices=["genesis", "sdv"])
    parser.add_argument("--sample-out", type=Path)
    parser.add_argument("--quality-rows", type=int, default=10_000)
    parser.add_argument("--sizes", type=lambda text: [int(size) for size in text.split(",")], default=[10_000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--trace", action="store_true")
    parser.add_argument("--samples", type=Path, nargs="*", default=[])
    parser.add_argument("--labels", nargs="*", default=[])
    args = parser.parse_args()
    result = fit(args) if args.mode == "fit" else score(args)
    args.result.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

"""The smartnoise side of ``benchmarks/dp.py``, run with ``benchmarks/.venv-smartnoise/bin/python``.

``mst``: fit OpenDP smartnoise-synth's MST on a table at an epsilon, on the same public domain Genesis gets
(bounds of the numeric columns, binned; the categories), time the fit and save a sample.
``score``: SDMetrics ``QualityReport`` of saved samples against the real table (one SDMetrics for both sides).
Both write a JSON result.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from frames_npz import load_frame, save_frame


def _transformer(frame: Any, bounds: dict[str, list[float]], bins: int) -> Any:
    from snsynth.transform import BinTransformer, LabelTransformer, TableTransformer

    parts = []
    for name in frame.columns:
        if name in bounds:
            lower, upper = bounds[name]
            parts.append(BinTransformer(bins=bins, lower=lower, upper=upper))
        else:
            parts.append(LabelTransformer())
    return TableTransformer(parts)


def mst(args: argparse.Namespace) -> dict[str, Any]:
    from snsynth import Synthesizer

    frame = load_frame(args.data)
    domain = json.loads(args.domain.read_text())
    synthesizer = Synthesizer.create("mst", epsilon=args.epsilon, delta=args.delta)
    started = time.perf_counter()
    synthesizer.fit(frame, transformer=_transformer(frame, domain["bounds"], args.bins))
    fit_s = time.perf_counter() - started
    save_frame(synthesizer.sample(len(frame)), args.sample_out)
    return {"side": "mst", "epsilon": args.epsilon, "fit_s": fit_s, "rows": len(frame)}


def score(args: argparse.Namespace) -> dict[str, Any]:
    from sdmetrics.reports.single_table import QualityReport

    warnings.simplefilter("ignore")
    real = load_frame(args.data)
    domain = json.loads(args.domain.read_text())
    metadata = {
        "columns": {name: {"sdtype": "numerical" if name in domain["bounds"] else "categorical"} for name in real}
    }
    scores = {}
    for label, path in zip(args.labels, args.samples, strict=True):
        report = QualityReport()
        sample = load_frame(path)[real.columns]
        for name in domain["bounds"]:
            sample[name] = sample[name].astype(float)
        report.generate(real, sample, metadata, verbose=False)
        properties = report.get_properties().set_index("Property")["Score"]
        scores[label] = {
            "overall": float(report.get_score()),
            "column_shapes": float(properties["Column Shapes"]),
            "column_pair_trends": float(properties["Column Pair Trends"]),
        }
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("mode", choices=["mst", "score"])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--domain", type=Path, required=True)
    parser.add_argument("--result", type=Path, required=True)
    parser.add_argument("--epsilon", type=float, default=1.0)
    parser.add_argument("--delta", type=float, default=1e-5)
    parser.add_argument("--bins", type=int, default=10)
    parser.add_argument("--sample-out", type=Path)
    parser.add_argument("--samples", type=Path, nargs="*", default=[])
    parser.add_argument("--labels", nargs="*", default=[])
    args = parser.parse_args()
    result = mst(args) if args.mode == "mst" else score(args)
    args.result.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

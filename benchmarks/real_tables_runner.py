"""One step of ``benchmarks/real_tables.py`` on one table, in the venv that step needs.

``genesis`` (Genesis venv): read the CSV with ``genesis.io.read_table``, fit the Gaussian copula, draw
``--draws`` samples (seeds 0, 1, ...) of as many rows as the real table has, write each as CSV
(``--real-text``: text columns may replay real values, as SDV's categorical columns do). ``sdv`` (SDV venv):
read the CSV as an SDV user does (``pandas.read_csv`` with the file's separator,
``Metadata.detect_from_dataframes``), fit SDV's ``GaussianCopulaSynthesizer``, draw as many samples one after
another, write them.
``resample``: the real rows themselves, drawn with replacement (as many as the table has, written as the file
writes them): what a sample scores that is exactly the real table's distribution, the reference that shows how far
sampling noise alone keeps a score from 1.
``score`` (SDV venv): SDMetrics' ``QualityReport`` of every sample against the real CSV, with the metadata SDV
detects on the real table, averaged over each side's samples (one sample of a 55-row table moves the score by
0.05 from seed to seed); datetime columns of every frame are parsed first (the real one with the detected
format, samples with it or as ISO-8601), so neither side is marked down for how it writes a date. It also
counts, per side, the share of values in the free-text columns (``--text-columns``) that are real values.
Each step writes a JSON result.
"""

from __future__ import annotations

import argparse
import json
import math
import time
import warnings
from pathlib import Path
from typing import Any


def _number(value: Any) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def genesis(args: argparse.Namespace) -> dict[str, Any]:
    from genesis.generators.copula import GaussianCopulaGenerator
    from genesis.io import read_table

    real = read_table(args.data)
    text = []
    if args.real_text:  # what SDV does with such columns: replay real values (Genesis's option for public columns)
        from genesis.schema import ColumnKind, infer_schema

        text = [column.name for column in infer_schema(real) if column.kind == ColumnKind.TEXT]
    started = time.perf_counter()
    model = GaussianCopulaGenerator(allow_real_text=text).fit(real)
    fitted = time.perf_counter()
    samples = [model.generate(len(real), seed=args.seed + draw) for draw in range(args.draws)]
    sampled = time.perf_counter()
    for draw, sample in enumerate(samples):
        sample.to_csv(_drawn(args.sample_out, draw), index=False)
    kinds = {column.name: str(column.kind) for column in model.schema}
    return {"fit_s": fitted - started, "sample_s": (sampled - fitted) / args.draws, "rows": len(real),
            "columns": real.shape[1], "kinds": kinds,
            "constraints": [c.describe() for c in model.schema.constraints]}  # fmt: skip


def resample(args: argparse.Namespace) -> dict[str, Any]:
    import pandas as pd

    real = pd.read_csv(args.data, sep=_separator(args.data), dtype=str, keep_default_na=False)
    for draw in range(args.draws):
        rows = real.sample(len(real), replace=True, random_state=args.seed + draw)
        rows.to_csv(_drawn(args.sample_out, draw), index=False)
    return {"rows": len(real)}


def _drawn(path: Path, draw: int) -> Path:
    """The file of sample ``draw``: ``x.csv``, ``x.1.csv``, ``x.2.csv`` ..."""
    return path if draw == 0 else path.with_suffix(f".{draw}{path.suffix}")


def _read_real(path: Path) -> Any:
    """The real CSV as an SDV user reads it: ``pandas.read_csv``, told the separator when it is not a comma (as that
    user would be, looking at the file), so both sides see the same columns."""
    import pandas as pd

    return pd.read_csv(path, sep=_separator(path))


def _separator(path: Path) -> str:
    """The file's separator, as a user looking at it would tell ``pandas.read_csv``."""
    import csv

    with open(path, newline="", encoding="utf-8-sig") as handle:
        head = handle.read(64 * 1024)
    try:
        return csv.Sniffer().sniff(head, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _metadata(real: Any) -> Any:
    from sdv.metadata import Metadata

    return Metadata.detect_from_dataframes({"data": real})


def sdv(args: argparse.Namespace) -> dict[str, Any]:
    from sdv.single_table import GaussianCopulaSynthesizer

    warnings.simplefilter("ignore")
    real = _read_real(args.data)
    model = GaussianCopulaSynthesizer(_metadata(real))
    started = time.perf_counter()
    model.fit({"data": real})
    fitted = time.perf_counter()
    samples = [model.sample(num_rows=len(real))["data"] for _ in range(args.draws)]  # each call draws afresh
    sampled = time.perf_counter()
    for draw, sample in enumerate(samples):
        sample.to_csv(_drawn(args.sample_out, draw), index=False)
    return {"fit_s": fitted - started, "sample_s": (sampled - fitted) / args.draws, "rows": len(real)}


def _dates(frame: Any, columns: dict[str, Any], *, real: bool) -> Any:
    import pandas as pd

    frame = frame.copy()
    for name, column in columns.items():
        if column.get("sdtype") != "datetime" or name not in frame.columns:
            continue
        fmt = column.get("datetime_format")
        parsed = pd.to_datetime(frame[name], format=fmt, errors="coerce") if fmt else None
        if not real and (parsed is None or parsed.isna().sum() > frame[name].isna().sum()):
            parsed = pd.to_datetime(frame[name], format="ISO8601", errors="coerce", utc=True).dt.tz_localize(None)
        if parsed is None:
            parsed = pd.to_datetime(frame[name], errors="coerce")
        frame[name] = parsed
    return frame


def score(args: argparse.Namespace) -> dict[str, Any]:
    import pandas as pd

    warnings.simplefilter("ignore")
    raw = _read_real(args.data)
    metadata = _metadata(raw).to_dict()["tables"]["data"]
    detected = {name: dict(column) for name, column in metadata["columns"].items()}
    real = _dates(raw, detected, real=True)
    metadata["columns"] = {n: {k: v for k, v in c.items() if k != "datetime_format"} for n, c in detected.items()}
    scores: dict[str, Any] = {"sdtypes": {name: column["sdtype"] for name, column in detected.items()}}
    text = [name for name in args.text_columns if name in raw.columns]
    # a sample's column is read as text where the real one is (a number column with "nil" in it): both as strings
    as_text = {name: str for name in raw.columns if not pd.api.types.is_numeric_dtype(raw[name].dtype)}
    for label, path in zip(args.labels, args.samples, strict=True):
        draws = [_quality(real, _dates(pd.read_csv(_drawn(path, d), dtype=as_text), detected, real=False), metadata)
                 for d in range(args.draws)]  # fmt: skip
        scores[label] = {key: _mean([draw[key] for draw in draws])
                         for key in ("overall", "column_shapes", "column_pair_trends")}  # fmt: skip
        scores[label]["overall_draws"] = [draw["overall"] for draw in draws]
        scores[label]["columns"] = {name: _mean([draw["columns"].get(name) for draw in draws])
                                    for name in draws[0]["columns"]}  # fmt: skip
        if text:
            scores[label]["text_copied"] = _copied(raw, pd.read_csv(path), text)
    return scores


def _quality(real: Any, sample: Any, metadata: dict[str, Any]) -> dict[str, Any]:
    from sdmetrics.reports.single_table import QualityReport

    report = QualityReport()
    report.generate(real, sample[real.columns], metadata, verbose=False)
    properties = report.get_properties().set_index("Property")["Score"]
    shapes = report.get_details("Column Shapes")
    return {
        "overall": _number(report.get_score()),
        "column_shapes": _number(properties.get("Column Shapes")),
        "column_pair_trends": _number(properties.get("Column Pair Trends")),
        "columns": {row["Column"]: _number(row["Score"]) for _, row in shapes.iterrows()},
    }


def _mean(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def _copied(real: Any, sample: Any, columns: list[str]) -> float:
    """Share of the sample's non-blank values in ``columns`` that are real values of the same column."""
    hits = total = 0
    for name in columns:
        values = sample[name].dropna().astype(str)
        hits += int(values.isin(set(real[name].dropna().astype(str))).sum())
        total += len(values)
    return hits / total if total else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("mode", choices=["genesis", "sdv", "resample", "score"])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--result", type=Path, required=True)
    parser.add_argument("--sample-out", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--real-text", action="store_true", help="genesis: allow real values in text columns")
    parser.add_argument("--draws", type=int, default=1, help="samples per side (scores are their mean)")
    parser.add_argument("--text-columns", nargs="*", default=[], help="score: columns whose copied values count")
    parser.add_argument("--samples", type=Path, nargs="*", default=[])
    parser.add_argument("--labels", nargs="*", default=[])
    args = parser.parse_args()
    result = {"genesis": genesis, "sdv": sdv, "resample": resample, "score": score}[args.mode](args)
    args.result.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

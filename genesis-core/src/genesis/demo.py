"""The end-to-end demo behind ``genesis demo``: what Genesis does today, on the embedded Adult sample.

Steps: infer the schema, fit the generator, stream rows into a Parquet file (lifecycle hooks observing the
run), generate under conditions, scale out (Parquet parts on two worker threads, byte-identical to one thread),
score the result, record a verifiable lineage chain, and save the model. Then a CSV as users hand one in: the
embedded Seattle weather file (dates written ``2012/01/01``) is read, fitted and generated to CSV through the same
pipeline, and checked as a user would (dates written as dates, inside the real range; the ordering found in the
data, ``temp_min <= temp_max``, on every row).
Each step returns plain data so the CLI can render it and tests can check it.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from genesis.errors import ConfigError

if TYPE_CHECKING:
    from genesis.pipeline import GenerationRequest, Pipeline

__all__ = ["DEMO_CONDITIONS", "CsvTour", "DemoResult", "run_demo"]

#: The conditioned request the demo makes: people aged 50 or more who work over 40 hours a week.
DEMO_CONDITIONS: dict[str, Any] = {"age": (">=", 50), "hours-per-week": (">", 40)}
#: Share of the sample held out of fitting, so membership inference and distance to closest record are scored.
HOLDOUT_SHARE = 0.2


@dataclass
class CsvTour:
    """The demo's CSV step: what was read from the file and what came back."""

    source: str
    source_date: str
    real_rows: int
    column_kinds: dict[str, str]
    written_rows: int
    path: str
    first_dates: list[str]
    date_range: tuple[str, str]
    dates_inside: bool
    constraints: list[str]
    constraints_kept: bool


@dataclass
class DemoResult:
    """Everything the demo measured and wrote."""

    real_rows: int
    columns: int
    column_kinds: dict[str, str]
    generator: str
    fit_seconds: float
    synthetic_rows: int
    sample_seconds: float
    batches: int
    conditioned_rows: int
    conditioned_all_match: bool
    scaled_rows: int = 0
    scaled_parts: int = 0
    scaled_seconds: float = 0.0
    scaled_identical: bool = False
    scores: dict[str, float | None] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)
    holdout_rows: int = 0
    lineage_blocks: int = 0
    lineage_verified: bool = False
    files: dict[str, str] = field(default_factory=dict)
    csv: CsvTour | None = None


def run_demo(*, rows: int = 5000, seed: int = 42, output_dir: Path | str = "genesis-demo-output",
             method: str = "gaussian-copula", batch_size: int = 1000,
             on_step: Callable[[str], None] = lambda step: None) -> DemoResult:
    """Fit ``method`` on the Adult sample, generate, condition, score and write the results to ``output_dir``.

    ``on_step`` is told the name of each step as it starts (the CLI shows them as progress).
    """
    if rows < 1:
        raise ConfigError(f"--rows must be at least 1, got {rows}")
    import pandas as pd

    from genesis import jsonsafe
    from genesis.conditions import ConditionSet
    from genesis.datasets import load_adult_sample
    from genesis.evaluation import evaluate, split_holdout
    from genesis.lineage import LineageChain
    from genesis.pipeline import GenerationRequest, Pipeline, fit
    from genesis.plugins import GeneratorSpec, get_plugin_manager
    from genesis.schema import infer_schema
    from genesis.sinks import CsvSink, ParquetSink

    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = {name: out / name for name in ("synthetic.parquet", "conditioned.csv", "quality.json", "model.json",
                                           "lineage.json")}
    files["lineage.json"].unlink(missing_ok=True)  # each demo starts a new chain
    on_step("fitting")
    real, holdout = split_holdout(load_adult_sample(), HOLDOUT_SHARE, seed=seed)  # kept out to score privacy
    schema = infer_schema(real)
    name = get_plugin_manager().get(GeneratorSpec, method).name
    start = time.perf_counter()
    model = fit(real, name)
    fit_seconds = time.perf_counter() - start
    with Pipeline(model, method=name, lineage=files["lineage.json"]) as pipeline:
        assert pipeline.recorder is not None
        pipeline.recorder.record_source(real, "adult-sample")
        on_step("streaming to Parquet")
        streamed = pipeline.into_sink(GenerationRequest(rows, seed, batch_size=batch_size),
                                      ParquetSink(files["synthetic.parquet"]), surface="demo")
        synthetic = pd.read_parquet(files["synthetic.parquet"])
        on_step("conditioning")
        conditions = ConditionSet.from_dict(DEMO_CONDITIONS)
        conditioned_request = GenerationRequest(max(rows // 10, 1), seed + 1, conditions, batch_size)
        pipeline.into_sink(conditioned_request, CsvSink(files["conditioned.csv"]), surface="demo")
        conditioned = pd.read_csv(files["conditioned.csv"])
        on_step("scaling out")
        scaled = GenerationRequest(rows * 4, seed, batch_size=batch_size)
        scaled_seconds, parts = _scale_out(pipeline, scaled, out / "parts")
        with tempfile.TemporaryDirectory() as single:
            _, single_parts = _scale_out(pipeline, scaled, Path(single), workers=1)
            identical = [Path(p).read_bytes() for p in parts] == [Path(p).read_bytes() for p in single_parts]
        on_step("scoring")
        report = evaluate(real, synthetic, holdout=holdout, seed=seed)
        files["quality.json"].write_text(jsonsafe.dumps(report.to_dict(), indent=2))
        save = getattr(model, "save", None)
        if callable(save):  # the built-in copula's portable JSON format
            save(files["model.json"])
        scores = {"overall": report.overall, "fidelity": report.fidelity} | {
            name: report.score(name) for name in report.metrics}
        reasons = {name: metric.reason for name, metric in report.metrics.items() if metric.reason}
        on_step("recording lineage")
        chain = pipeline.recorder.chain
        chain.add_quality_check({"overall": report.overall}, passed=(report.overall or 0.0) >= 0.8, threshold=0.8)
        chain.export(files["lineage.json"])
    on_step("reading a CSV as users hand one in")
    csv = _csv_tour(out / "weather.csv", name, rows, seed, batch_size)
    return DemoResult(
        real_rows=len(real),
        columns=real.shape[1],
        column_kinds={column.name: str(column.kind) for column in schema},
        generator=name,
        fit_seconds=fit_seconds,
        synthetic_rows=len(synthetic),
        sample_seconds=streamed.elapsed,
        batches=streamed.batches,
        conditioned_rows=len(conditioned),
        conditioned_all_match=bool(conditions.mask(conditioned).all()),
        scaled_rows=scaled.n or 0,
        scaled_parts=len(parts),
        scaled_seconds=scaled_seconds,
        scaled_identical=identical,
        scores=scores,
        reasons=reasons,
        holdout_rows=len(holdout),
        lineage_blocks=len(chain),
        lineage_verified=LineageChain.load(files["lineage.json"]).verify(),
        files={name: str(path) for name, path in files.items()}
        | {"parts": str(out / "parts"), "weather.csv": csv.path},
        csv=csv,
    )


def _csv_tour(path: Path, method: str, rows: int, seed: int, batch_size: int) -> CsvTour:
    """Read the embedded Seattle weather CSV as a user's file, write ``rows`` synthetic days to ``path`` through the
    run pipeline, and check them as the user would: read back, dates inside the real range, written as dates, and
    every ordering the fit found in the data kept on every row."""
    import pandas as pd

    from genesis.datasets import seattle_weather_path
    from genesis.io import read_table
    from genesis.pipeline import GenerationRequest, Pipeline, fit
    from genesis.schema import infer_schema
    from genesis.sinks import CsvSink

    source = seattle_weather_path()
    real = read_table(source)
    model = fit(real, method)
    with Pipeline(model, method=method) as pipeline:
        pipeline.into_sink(GenerationRequest(rows, seed, batch_size=batch_size), CsvSink(path), surface="demo")
    written = read_table(path)
    low, high = real["date"].min(), real["date"].max()
    schema = getattr(model, "schema", None) or infer_schema(real)  # the fitted one, if the generator has it
    constraints = list(schema.constraints)
    return CsvTour(
        source=source.name,
        source_date=str(pd.read_csv(source, dtype=str, nrows=1)["date"].iloc[0]),
        real_rows=len(real),
        column_kinds={column.name: str(column.kind) for column in schema},
        written_rows=len(written),
        path=str(path),
        first_dates=pd.read_csv(path, dtype=str)["date"].head(3).tolist(),
        date_range=(f"{low:%Y-%m-%d}", f"{high:%Y-%m-%d}"),
        dates_inside=bool(written["date"].between(low, high).all()),
        constraints=[constraint.describe() for constraint in constraints],
        constraints_kept=not any(constraint.violations(written).any() for constraint in constraints),
    )


def _scale_out(pipeline: Pipeline, request: GenerationRequest, folder: Path,
               workers: int = 2) -> tuple[float, list[str]]:
    """Write the request as 4 Parquet parts on ``workers`` threads; returns the seconds taken and the part paths."""
    from genesis.executors import LocalExecutor

    start = time.perf_counter()
    with LocalExecutor(workers) as executor:
        pipeline.partitioned(request, str(folder), executor=executor, partition_rows=-(-(request.n or 0) // 4),
                             surface="demo")
    return time.perf_counter() - start, sorted(str(path) for path in folder.glob("part-*.parquet"))

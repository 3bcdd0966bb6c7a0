"""The end-to-end demo behind ``genesis demo``: what Genesis does today, on the embedded Adult sample.

Each step returns plain data so the CLI can render it and tests can check it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from genesis.errors import ConfigError

__all__ = ["DemoResult", "run_demo"]

#: The conditioned request the demo makes: people aged 50 or more who work over 40 hours a week.
DEMO_CONDITIONS: dict[str, Any] = {"age": (">=", 50), "hours-per-week": (">", 40)}


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
    conditioned_rows: int
    conditioned_all_match: bool
    scores: dict[str, float | None] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)


def _timed(fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - start


def run_demo(*, rows: int = 5000, seed: int = 42, output_dir: Path | str = "genesis-demo-output",
             method: str = "gaussian_copula") -> DemoResult:
    """Fit ``method`` on the Adult sample, generate, condition, score and write the results to ``output_dir``."""
    if rows < 1:
        raise ConfigError(f"--rows must be at least 1, got {rows}")
    from genesis.datasets import load_adult_sample
    from genesis.evaluation import evaluate
    from genesis.generators.conditional import ConditionSet
    from genesis.plugins import GeneratorSpec, get_plugin_manager
    from genesis.schema import infer_schema

    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    real = load_adult_sample()
    schema = infer_schema(real)
    spec = get_plugin_manager().get(GeneratorSpec, method)
    model, fit_seconds = _timed(spec.create().fit, real)
    synthetic, sample_seconds = _timed(model.generate, rows, seed=seed)
    conditions = ConditionSet.from_dict(DEMO_CONDITIONS)
    conditioned = model.generate(max(rows // 10, 1), conditions=conditions, seed=seed + 1)
    report = evaluate(real, synthetic, seed=seed)
    files = {
        "synthetic": out / "synthetic.csv",
        "conditioned": out / "conditioned.csv",
        "quality": out / "quality.json",
        "model": out / "model.json",
    }
    synthetic.to_csv(files["synthetic"], index=False)
    conditioned.to_csv(files["conditioned"], index=False)
    files["quality"].write_text(report.to_json())
    model.save(files["model"])
    return DemoResult(
        real_rows=len(real),
        columns=real.shape[1],
        column_kinds={name: str(column.kind) for name, column in schema.columns.items()},
        generator=spec.name,
        fit_seconds=fit_seconds,
        synthetic_rows=len(synthetic),
        sample_seconds=sample_seconds,
        conditioned_rows=len(conditioned),
        conditioned_all_match=bool(conditions.mask(conditioned).all()),
        scores=report.summary(),
        files={name: str(path) for name, path in files.items()},
    )


"""``evaluate``: compare a synthetic table with the real one and build a :class:`QualityReport`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from genesis.errors import ConfigError, ValidationError
from genesis.evaluation._columns import column_kinds
from genesis.evaluation.pairs import column_pairs, summarise_pairs
from genesis.evaluation.privacy import privacy
from genesis.evaluation.report import MetricResult, QualityReport
from genesis.evaluation.shapes import column_details, summarise_columns
from genesis.evaluation.utility import ml_utility

__all__ = ["evaluate"]


def evaluate(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    *,
    holdout: pd.DataFrame | None = None,
    target: str | None = None,
    include_privacy: bool = True,
    include_ml_utility: bool = True,
    seed: int | None = None,
) -> QualityReport:
    """Score ``synthetic`` against ``real`` on a 0-1 scale, higher is better.

    ``holdout`` is real data kept out of fitting; it makes the privacy and ML-utility scores honest.
    ``target`` names the column ML utility predicts (chosen automatically when ``None``). ``seed`` fixes
    the subsamples and models, so the same inputs and seed give the same report.

    >>> report = evaluate(real, synthetic, include_ml_utility=False, seed=0)  # doctest: +SKIP
    >>> report.score("column_shapes"), report.to_dict()["overall"]  # doctest: +SKIP
    """
    _check(real, synthetic, holdout, target)
    kinds = column_kinds(real)
    privacy_rng, utility_rng = (np.random.default_rng(child) for child in np.random.SeedSequence(seed).spawn(2))
    columns = column_details(real, synthetic, kinds)
    pairs = column_pairs(real, synthetic, kinds)
    metrics: dict[str, MetricResult] = {}
    for metric in (*summarise_columns(columns), summarise_pairs(pairs)):
        metrics[metric.name] = metric
    if include_privacy:
        metrics["privacy"] = privacy(real, synthetic, holdout, kinds, privacy_rng)
    if include_ml_utility:
        metrics["ml_utility"] = ml_utility(real, synthetic, holdout, kinds, target, utility_rng)
    return QualityReport(
        metrics=metrics,
        columns=tuple(columns),
        pairs=tuple(pairs),
        n_real=len(real),
        n_synthetic=len(synthetic),
        n_holdout=None if holdout is None else len(holdout),
    )


def _check(real: object, synthetic: object, holdout: object, target: str | None) -> None:
    """Raise a clear error for inputs the metrics cannot compare."""
    named = {"real": real, "synthetic": synthetic} | ({} if holdout is None else {"holdout": holdout})
    frames: dict[str, pd.DataFrame] = {}
    for name, frame in named.items():
        if not isinstance(frame, pd.DataFrame):
            raise ValidationError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
        if frame.empty:
            raise ValidationError(f"{name} data has no rows or no columns")
        frames[name] = frame
    for name, frame in frames.items():
        missing = [str(column) for column in frames["real"].columns if column not in frame.columns]
        if missing:
            raise ValidationError(f"{name} data lacks the real columns: {', '.join(missing)}")
    if target is not None and target not in frames["real"].columns:
        raise ConfigError(f"target '{target}' is not a column of the real data")

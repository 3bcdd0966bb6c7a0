"""The result types of :func:`genesis.evaluation.evaluate`.

Every ``score`` is on a 0-1 scale where higher is better. A score that cannot be computed is ``None`` and
comes with a ``reason``; ``to_dict()`` output never contains NaN or infinity, so it is valid strict JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from genesis.jsonsafe import to_jsonable

__all__ = ["ColumnDetail", "MetricResult", "PairDetail", "QualityReport"]

SCALE = "0-1, higher is better"


@dataclass(frozen=True, kw_only=True)
class MetricResult:
    """One family of scores, e.g. column shapes, with its sub-scores in ``details``."""

    name: str
    score: float | None
    reason: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form: ``{"score", "reason", "details"}``."""
        return to_jsonable({"score": self.score, "reason": self.reason, "details": dict(self.details)})


@dataclass(frozen=True, kw_only=True)
class ColumnDetail:
    """Per-column scores: the shape metric, null rates and coverage."""

    column: str
    kind: str
    shape_metric: str | None
    shape: float | None
    null_rate_real: float
    null_rate_synthetic: float
    coverage_metric: str | None
    coverage: float | None
    reason: str | None = None

    @property
    def null_rate_score(self) -> float:
        """One minus the absolute difference of null rates."""
        return 1.0 - abs(self.null_rate_real - self.null_rate_synthetic)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return to_jsonable(
            {
                "column": self.column,
                "kind": self.kind,
                "shape_metric": self.shape_metric,
                "shape": self.shape,
                "null_rate_real": self.null_rate_real,
                "null_rate_synthetic": self.null_rate_synthetic,
                "null_rate_score": self.null_rate_score,
                "coverage_metric": self.coverage_metric,
                "coverage": self.coverage,
                "reason": self.reason,
            }
        )


@dataclass(frozen=True, kw_only=True)
class PairDetail:
    """The trend score of one column pair, with the real and synthetic statistics it compares."""

    columns: tuple[str, str]
    metric: str
    score: float | None
    real: float | None = None
    synthetic: float | None = None
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form (``real``/``synthetic`` are correlations, or null for contingency pairs)."""
        return to_jsonable(
            {
                "columns": list(self.columns),
                "metric": self.metric,
                "score": self.score,
                "real": self.real,
                "synthetic": self.synthetic,
                "reason": self.reason,
            }
        )


@dataclass(frozen=True, kw_only=True)
class QualityReport:
    """How close a synthetic table is to the real one, and how private and useful it is.

    ``metrics`` maps ``column_shapes``, ``column_pair_trends``, ``null_rates``, ``coverage`` and, when asked
    for, ``privacy`` and ``ml_utility`` to their :class:`MetricResult`. ``fidelity`` is the mean of column
    shapes and pair trends (the figure SDMetrics' quality score also averages); ``overall`` is the mean of
    every metric that has a score.
    """

    metrics: Mapping[str, MetricResult]
    columns: tuple[ColumnDetail, ...]
    pairs: tuple[PairDetail, ...]
    n_real: int
    n_synthetic: int
    n_holdout: int | None = None

    def score(self, name: str) -> float | None:
        """The score of metric ``name`` (``None`` when it was skipped or could not be computed)."""
        metric = self.metrics.get(name)
        return None if metric is None else metric.score

    @property
    def fidelity(self) -> float | None:
        """Mean of column shapes and column pair trends."""
        return _mean_of([self.score("column_shapes"), self.score("column_pair_trends")])

    @property
    def overall(self) -> float | None:
        """Unweighted mean of every metric score that is not ``None``."""
        return _mean_of([metric.score for metric in self.metrics.values()])

    def to_dict(self) -> dict[str, Any]:
        """The whole report as strict-JSON-safe builtins."""
        return to_jsonable(
            {
                "scale": SCALE,
                "overall": self.overall,
                "fidelity": self.fidelity,
                "rows": {"real": self.n_real, "synthetic": self.n_synthetic, "holdout": self.n_holdout},
                "metrics": {name: metric.to_dict() for name, metric in self.metrics.items()},
                "columns": [column.to_dict() for column in self.columns],
                "pairs": [pair.to_dict() for pair in self.pairs],
            }
        )


def _mean_of(scores: list[float | None]) -> float | None:
    present = [score for score in scores if score is not None]
    return float(np.mean(present)) if present else None

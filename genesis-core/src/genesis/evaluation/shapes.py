"""Column shapes, null rates and coverage: how each synthetic column on its own matches the real one.

* Numeric and datetime columns: KS complement, ``1 - D`` with ``D`` the two-sample Kolmogorov-Smirnov
  statistic of the non-null values; range coverage, the share of the real ``[min, max]`` the synthetic
  values reach.
* Categorical, boolean and constant columns: TV complement, ``1 - ½·Σ|p - q|`` over the non-null category
  frequencies; category coverage, the share of real categories that appear in the synthetic column.
* Free-text columns: text-shape score, the mean KS complement of the character lengths and of the word
  counts; token coverage, the share of the real words' occurrences whose word the synthetic column uses.
* Every column: null-rate score ``1 - |null rate real - null rate synthetic|``.
* Identifier columns are unique per row and are generated fresh, so their shape is not compared.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from genesis.evaluation._columns import CATEGORICAL_KINDS, NUMERIC_KINDS, numeric_values
from genesis.evaluation.report import ColumnDetail, MetricResult

__all__ = [
    "category_coverage",
    "column_details",
    "ks_complement",
    "range_coverage",
    "summarise_columns",
    "text_shape",
    "token_coverage",
    "tv_complement",
]


def ks_complement(real: np.ndarray, synthetic: np.ndarray) -> float | None:
    """``1 -`` the KS statistic of two samples (NaN ignored); ``None`` if either has no values."""
    real, synthetic = np.sort(real[~np.isnan(real)]), np.sort(synthetic[~np.isnan(synthetic)])
    if not len(real) or not len(synthetic):
        return None
    grid = np.concatenate([real, synthetic])
    gap = np.searchsorted(real, grid, side="right") / len(real) - np.searchsorted(synthetic, grid, side="right") / len(
        synthetic
    )
    return float(1.0 - np.abs(gap).max())


def tv_complement(real: pd.Series, synthetic: pd.Series) -> float | None:
    """``1 -`` the total variation distance of the category frequencies (nulls ignored)."""
    p = real.astype(object).value_counts(normalize=True, dropna=True)
    q = synthetic.astype(object).value_counts(normalize=True, dropna=True)
    if p.empty or q.empty:
        return None
    p, q = p.align(q, fill_value=0.0)
    return float(1.0 - 0.5 * np.abs(p.to_numpy() - q.to_numpy()).sum())


def range_coverage(real: np.ndarray, synthetic: np.ndarray) -> float | None:
    """Share of the real range ``[min, max]`` spanned by the synthetic values (1 if the real range is a point)."""
    real, synthetic = real[~np.isnan(real)], synthetic[~np.isnan(synthetic)]
    if not len(real) or not len(synthetic):
        return None
    low, high = real.min(), real.max()
    if high == low:
        return 1.0
    missed = max(0.0, synthetic.min() - low) + max(0.0, high - synthetic.max())
    return float(np.clip(1.0 - missed / (high - low), 0.0, 1.0))


def category_coverage(real: pd.Series, synthetic: pd.Series) -> float | None:
    """Share of the real (non-null) categories that the synthetic column contains."""
    categories = pd.unique(real.dropna().astype(object))
    if not len(categories):
        return None
    return float(pd.Series(categories).isin(set(synthetic.dropna().astype(object))).mean())


def text_shape(real: pd.Series, synthetic: pd.Series) -> float | None:
    """Mean KS complement of character lengths and word counts (nulls ignored)."""
    scores = []
    for measure in (lambda t: t.str.len(), lambda t: t.str.split().str.len()):
        values = [measure(s.dropna().astype(str)).to_numpy(dtype=float) for s in (real, synthetic)]
        score = ks_complement(*values)
        if score is not None:
            scores.append(score)
    return float(np.mean(scores)) if scores else None


def token_coverage(real: pd.Series, synthetic: pd.Series) -> float | None:
    """Share of the real word occurrences whose word appears somewhere in the synthetic column."""
    words = real.dropna().astype(str).str.split().explode().dropna()
    if words.empty:
        return None
    used = set(synthetic.dropna().astype(str).str.split().explode().dropna())
    return float(words.isin(used).mean())


def column_details(real: pd.DataFrame, synthetic: pd.DataFrame, kinds: dict[str, str]) -> list[ColumnDetail]:
    """Compare every real column with its synthetic counterpart."""
    return [_column_detail(real[name], synthetic[name], kind) for name, kind in kinds.items()]


def _column_detail(real: pd.Series, synthetic: pd.Series, kind: str) -> ColumnDetail:
    shape_metric = coverage_metric = None
    shape = coverage = None
    reason = None
    if kind in NUMERIC_KINDS:
        real_values, synthetic_values = numeric_values(real, kind), numeric_values(synthetic, kind)
        shape_metric, shape = "KSComplement", ks_complement(real_values, synthetic_values)
        coverage_metric, coverage = "RangeCoverage", range_coverage(real_values, synthetic_values)
    elif kind in CATEGORICAL_KINDS:
        shape_metric, shape = "TVComplement", tv_complement(real, synthetic)
        coverage_metric, coverage = "CategoryCoverage", category_coverage(real, synthetic)
    elif kind == "text":
        shape_metric, shape = "TextShape", text_shape(real, synthetic)
        coverage_metric, coverage = "TokenCoverage", token_coverage(real, synthetic)
    else:
        reason = f"{kind} column: values are unique per row, so shape and coverage are not compared"
    if reason is None and shape is None:
        reason = "no non-null values in the real or the synthetic column"
    return ColumnDetail(
        column=str(real.name),
        kind=kind,
        shape_metric=shape_metric,
        shape=shape,
        null_rate_real=float(real.isna().mean()),
        null_rate_synthetic=float(synthetic.isna().mean()),
        coverage_metric=coverage_metric,
        coverage=coverage,
        reason=reason,
    )


def summarise_columns(details: list[ColumnDetail]) -> tuple[MetricResult, MetricResult, MetricResult]:
    """Column shapes, null rates and coverage as three metrics averaged over the columns."""
    shapes = [d.shape for d in details if d.shape is not None]
    coverages = {
        metric: [d.coverage for d in details if d.coverage_metric == metric and d.coverage is not None]
        for metric in ("RangeCoverage", "CategoryCoverage", "TokenCoverage")
    }
    all_coverage = [value for values in coverages.values() for value in values]
    null_errors = [abs(d.null_rate_real - d.null_rate_synthetic) for d in details]
    return (
        _averaged("column_shapes", shapes, {"columns_scored": len(shapes)}),
        _averaged(
            "null_rates",
            [1.0 - error for error in null_errors],
            {"mean_abs_error": float(np.mean(null_errors)), "max_abs_error": float(np.max(null_errors))},
        ),
        _averaged(
            "coverage",
            all_coverage,
            {
                "range_coverage": float(np.mean(coverages["RangeCoverage"])) if coverages["RangeCoverage"] else None,
                "category_coverage": (
                    float(np.mean(coverages["CategoryCoverage"])) if coverages["CategoryCoverage"] else None
                ),
                "token_coverage": float(np.mean(coverages["TokenCoverage"])) if coverages["TokenCoverage"] else None,
            },
        ),
    )


def _averaged(name: str, scores: list[float], details: dict[str, object]) -> MetricResult:
    if not scores:
        return MetricResult(name=name, score=None, reason="no column could be scored", details=details)
    return MetricResult(name=name, score=float(np.mean(scores)), details=details)

"""Column pair trends: whether the synthetic table keeps how columns move together.

* Two numeric or datetime columns: correlation similarity, ``1 - |r_real - r_synthetic| / 2`` with Pearson
  correlation r over the rows where both are present.
* Any other pair (categorical with categorical or with numeric): contingency similarity,
  ``1 - ½·Σ|P_real(a, b) - P_synthetic(a, b)|`` over the joint frequency table. Numeric columns are cut into
  :data:`BINS` bins at the real data's quantiles, and null counts as a level of its own, so the way nulls
  co-occur with other values is scored too.

Every pair of scorable columns is reported (unlike SDMetrics 0.32, which keeps only strongly related pairs).
Identifier and constant columns take no part. All correlations come from one matrix product per table.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd

from genesis.evaluation._columns import NUMERIC_KINDS, joint_codes, numeric_values
from genesis.evaluation.report import MetricResult, PairDetail

__all__ = ["BINS", "column_pairs", "pairwise_correlation", "summarise_pairs"]

BINS = 10
_PAIR_KINDS = NUMERIC_KINDS | {"categorical", "boolean"}


def pairwise_correlation(values: np.ndarray) -> np.ndarray:
    """Pearson correlation matrix of the columns of ``values`` using pairwise-complete rows.

    NaN marks a missing value, and so does an infinite one (it has no place in a correlation, and inf - inf is
    undefined); an entry is NaN where a pair has fewer than two shared rows or no variance.
    """
    present = np.isfinite(values)
    counts = present.sum(axis=0)
    mean = np.where(present, values, 0.0).sum(axis=0) / np.maximum(counts, 1)
    filled = np.where(present, values - mean, 0.0)
    scale = np.sqrt((filled**2).sum(axis=0) / np.maximum(counts, 1))
    filled /= np.where(scale > 0, scale, 1.0)  # standardise first: avoids cancellation in the moments below
    mask = present.astype(np.float64)
    count = mask.T @ mask
    sums = filled.T @ mask  # sums[i, j]: sum of column i over rows where j is present too
    squares = (filled**2).T @ mask
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_i, mean_j = sums / count, sums.T / count
        covariance = (filled.T @ filled) / count - mean_i * mean_j
        variance_i = squares / count - mean_i**2
        correlation = covariance / np.sqrt(variance_i * variance_i.T)
    correlation[(count < 2) | ~(variance_i * variance_i.T > 1e-12)] = np.nan
    return np.clip(correlation, -1.0, 1.0)


def column_pairs(real: pd.DataFrame, synthetic: pd.DataFrame, kinds: dict[str, str]) -> list[PairDetail]:
    """Score every pair of columns that can carry a trend."""
    names = [name for name, kind in kinds.items() if kind in _PAIR_KINDS]
    numeric = [name for name in names if kinds[name] in NUMERIC_KINDS]
    index = {name: position for position, name in enumerate(numeric)}
    real_rho, synthetic_rho = (
        pairwise_correlation(np.column_stack([numeric_values(frame[name], kinds[name]) for name in numeric]))
        if numeric
        else np.empty((0, 0))
        for frame in (real, synthetic)
    )
    codes = {name: _codes(real[name], synthetic[name], kinds[name]) for name in names}
    pairs = []
    for first, second in combinations(names, 2):
        if first in index and second in index:
            i, j = index[first], index[second]
            pairs.append(_correlation_pair((str(first), str(second)), real_rho[i, j], synthetic_rho[i, j]))
        else:
            pairs.append(_contingency_pair(first, second, codes))
    return pairs


def summarise_pairs(pairs: list[PairDetail]) -> MetricResult:
    """Mean pair score over all scored pairs, with the correlation and contingency means."""
    scores = {
        metric: [pair.score for pair in pairs if pair.metric == metric and pair.score is not None]
        for metric in ("CorrelationSimilarity", "ContingencySimilarity")
    }
    every = [score for values in scores.values() for score in values]
    details = {
        "pairs_scored": len(every),
        "correlation_similarity": float(np.mean(scores["CorrelationSimilarity"]))
        if scores["CorrelationSimilarity"]
        else None,
        "contingency_similarity": float(np.mean(scores["ContingencySimilarity"]))
        if scores["ContingencySimilarity"]
        else None,
    }
    if not every:
        return MetricResult(
            name="column_pair_trends", score=None, reason="fewer than two columns can be paired", details=details
        )
    return MetricResult(name="column_pair_trends", score=float(np.mean(every)), details=details)


def _correlation_pair(columns: tuple[str, str], real_rho: float, synthetic_rho: float) -> PairDetail:
    if np.isnan(real_rho):
        return PairDetail(
            columns=columns,
            metric="CorrelationSimilarity",
            score=None,
            reason="real correlation undefined (no variance or fewer than two shared rows)",
        )
    # A synthetic pair without variance carries no linear association: treat it as r = 0.
    observed = 0.0 if np.isnan(synthetic_rho) else synthetic_rho
    return PairDetail(
        columns=columns,
        metric="CorrelationSimilarity",
        score=float(1.0 - abs(real_rho - observed) / 2.0),
        real=float(real_rho),
        synthetic=None if np.isnan(synthetic_rho) else float(synthetic_rho),
    )


def _codes(real: pd.Series, synthetic: pd.Series, kind: str) -> tuple[np.ndarray, np.ndarray, int]:
    """Level codes of a column in both tables; numeric columns are binned at the real quantiles."""
    if kind not in NUMERIC_KINDS:
        (real_codes, synthetic_codes), levels = joint_codes(real, synthetic)
        return real_codes, synthetic_codes, levels
    real_values, synthetic_values = numeric_values(real, kind), numeric_values(synthetic, kind)
    present = real_values[~np.isnan(real_values)]
    edges = np.unique(np.quantile(present, np.linspace(0, 1, BINS + 1)[1:-1])) if len(present) else np.array([])
    null_level = len(edges) + 1

    def binned(values: np.ndarray) -> np.ndarray:
        return np.where(np.isnan(values), null_level, np.searchsorted(edges, values, side="right"))

    return binned(real_values), binned(synthetic_values), null_level + 1


def _contingency_pair(first: str, second: str, codes: dict[str, tuple[np.ndarray, np.ndarray, int]]) -> PairDetail:
    real_a, synthetic_a, levels_a = codes[first]
    real_b, synthetic_b, levels_b = codes[second]
    cells = levels_a * levels_b
    p = np.bincount(real_a * levels_b + real_b, minlength=cells) / len(real_a)
    q = np.bincount(synthetic_a * levels_b + synthetic_b, minlength=cells) / len(synthetic_a)
    return PairDetail(
        columns=(str(first), str(second)), metric="ContingencySimilarity", score=float(1.0 - 0.5 * np.abs(p - q).sum())
    )

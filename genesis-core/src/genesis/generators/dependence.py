"""The copula's dependence: normal scores, their NaN-robust correlation, and its repair.

Every modelled quantity (a numeric value, a category, a null indicator) becomes a normal score
through jittered ranks: ties, such as a point mass or a category, are spread uniformly over
their probability interval rather than sitting at its midpoint. Correlations are computed
pairwise over the rows where both scores exist, then projected to the nearest valid
correlation matrix (Higham, 2002).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

import numpy as np
from scipy import special

__all__ = [
    "MIN_PAIR_ROWS",
    "correlation_factor",
    "nearest_correlation",
    "normal_scores",
    "pair_counts",
    "pair_weight",
    "pairwise_correlation",
    "serial_blas",
]

#: Pairs observed together on fewer rows than this are treated as uncorrelated.
MIN_PAIR_ROWS = 3
#: Pairs observed together on this many rows or more keep their full correlation (fewer: shrunk).
FULL_WEIGHT_ROWS = 10


def pair_weight(count: np.ndarray | int) -> np.ndarray:
    """The shrinkage weight of correlations estimated on ``count`` rows (see the module docstring)."""
    m = np.asarray(count, dtype=float)
    return np.where(m < MIN_PAIR_ROWS, 0.0, np.clip((m - 2.0) / (FULL_WEIGHT_ROWS - 2.0), 0.0, 1.0))


@cache
def _blas_controller() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@contextmanager
def serial_blas() -> Iterator[None]:
    """Run the enclosed matrix products on one BLAS thread.

    The copula's products are skinny (a few dozen columns, many rows): one thread does them in
    milliseconds, while a multi-threaded BLAS on a busy machine can take a hundred times longer.
    It also leaves the cores to parallel partitions. Entering costs microseconds.
    """
    with _blas_controller().limit(limits=1, user_api="blas"):
        yield


def normal_scores(keys: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Normal scores of ``keys``: each value's share of the ranks, spread uniformly at random over
    its tie block (a category or point mass covers its whole interval); NaN keys stay NaN."""
    keys = np.asarray(keys, dtype=float)
    present = ~np.isnan(keys)
    out = np.full(len(keys), np.nan)
    m = int(present.sum())
    if m == 0:
        return out
    values = keys[present]
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    sizes = np.diff(np.append(starts, m))
    block = np.repeat(np.arange(len(starts)), sizes)  # tie block of each sorted position
    u = np.empty(m)
    u[order] = (starts[block] + rng.random(m) * sizes[block]) / m
    out[present] = special.ndtri(np.clip(u, 0.5 / m, 1.0 - 0.5 / m))
    return out


def pair_counts(scores: np.ndarray) -> np.ndarray:
    """``[i, j]``: the rows where columns ``i`` and ``j`` of ``scores`` are both present."""
    present = (~np.isnan(scores)).astype(float)
    return present.T @ present


def pairwise_correlation(scores: np.ndarray, counts: np.ndarray | None = None) -> np.ndarray:
    """Pearson correlation of each pair of columns over the rows where both are present (``counts``: their
    :func:`pair_counts`, when the caller has them already)."""
    if scores.shape[0] < MIN_PAIR_ROWS:
        return np.eye(scores.shape[1])
    if not np.isnan(scores).any():
        corr = np.corrcoef(scores, rowvar=False).reshape(scores.shape[1], scores.shape[1])
        corr[~np.isfinite(corr)] = 0.0
        corr *= pair_weight(scores.shape[0])
        np.fill_diagonal(corr, 1.0)
        return np.clip(corr, -1.0, 1.0)
    present = (~np.isnan(scores)).astype(float)
    filled = np.nan_to_num(scores, nan=0.0)
    count = pair_counts(scores) if counts is None else counts
    sum_x = filled.T @ present  # [i, j]: sum of column i over rows where j is present
    sum_xx = (filled * filled).T @ present
    sum_xy = filled.T @ filled
    with np.errstate(divide="ignore", invalid="ignore"):
        cov = sum_xy - sum_x * sum_x.T / count
        var_i = sum_xx - sum_x**2 / count
        corr = cov / np.sqrt(var_i * var_i.T)
    corr[~np.isfinite(corr)] = 0.0
    corr *= pair_weight(count)
    np.fill_diagonal(corr, 1.0)
    return np.clip(corr, -1.0, 1.0)


def nearest_correlation(corr: np.ndarray, tol: float = 1e-9, max_iter: int = 200) -> np.ndarray:
    """The nearest (Frobenius) positive semi-definite matrix with unit diagonal (Higham's projections)."""
    y = corr.copy()
    correction = np.zeros_like(corr)
    for _ in range(max_iter):
        r = y - correction
        w, v = np.linalg.eigh(r)
        x = (v * np.maximum(w, 0.0)) @ v.T
        correction = x - r
        y_next = x.copy()
        np.fill_diagonal(y_next, 1.0)
        done = np.linalg.norm(y_next - y) <= tol * max(float(np.linalg.norm(y)), 1.0)
        y = y_next
        if done:
            break
    return (y + y.T) / 2


def correlation_factor(corr: np.ndarray) -> np.ndarray:
    """A matrix ``A`` with ``A.T @ A == corr``, so rows ``E @ A`` of iid normals have correlation ``corr``."""
    w, v = np.linalg.eigh(corr)
    return (v * np.sqrt(np.maximum(w, 0.0))).T

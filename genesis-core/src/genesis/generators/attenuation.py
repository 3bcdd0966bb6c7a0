"""The copula's correlations as the latent normals have them, not as tied scores show them.

A column with ties (a yes/no flag, a 7-point scale, a point mass, a null indicator) gets normal scores spread at
random over each tie's interval (:func:`~genesis.generators.dependence.normal_scores`). The spread is independent
of every other column, so the correlation of two such scores understates the correlation ``rho`` of the normals
the copula draws from: a flag and a 7-point scale whose latent normals correlate 0.7 show 0.41. Sampled with 0.41,
the pair comes back with much weaker dependence than the data has.

Given the latent ``rho``, a tied score's expectation is ``m(Z)``, the mean of the normal over the tie interval
``Z`` falls in, and scores of two columns correlate ``E[m1(Z1) m2(Z2)] = sum_k a1_k a2_k rho**k`` (Mehler's
expansion, ``a_k = E[m(Z) He_k(Z)] / sqrt(k!)`` with the Hermite polynomials ``He_k``). :func:`score_coefficients`
computes the ``a_k`` of a column from its tie intervals; :func:`latent_correlation` solves the expansion for
``rho`` pair by pair (it rises with ``rho``, as every ``m`` does with ``Z``). Untied columns have ``m(Z) = Z``
(``a = (1, 0, 0, ...)``) and keep their correlation.

The correction divides by how much the ties hide, which for a rare tie (two missing values in 366 rows) is 20
times or more: what it would divide there is sampling noise. A pair is solved only when its observed correlation
is clearly not noise (:data:`MIN_Z` standard errors, ``1 / sqrt(rows)``, from zero); others keep theirs.
"""

from __future__ import annotations

import numpy as np
from scipy import special

__all__ = ["MIN_Z", "ORDER", "UNTIED", "latent_correlation", "score_coefficients"]

#: Terms of the expansion kept (the rest is below 1e-3 of a correlation for the ties seen in practice).
ORDER = 40
#: Coefficients of a score without ties (``m(Z) = Z``): its correlations need no correction.
UNTIED = np.eye(1, ORDER).ravel()
#: A score whose coefficients are this close to :data:`UNTIED` is treated as untied.
_TIED = 1e-6
#: Standard errors from zero an observed correlation needs before it is solved back to the latent one.
MIN_Z = 3.0
#: Bisection steps solving for ``rho`` (2**-40 of the interval).
_STEPS = 40


def score_coefficients(keys: np.ndarray) -> np.ndarray:
    """The expansion coefficients ``a_1 .. a_ORDER`` of the normal scores of ``keys`` (NaN: missing, left out),
    from the tie intervals :func:`~genesis.generators.dependence.normal_scores` spreads them over."""
    values = np.asarray(keys, dtype=float)
    values = values[~np.isnan(values)]
    if not len(values):
        return UNTIED.copy()
    _, counts = np.unique(values, return_counts=True)
    if counts.max() == 1:
        return UNTIED.copy()
    share = np.concatenate(([0.0], np.cumsum(counts))) / len(values)
    edge = special.ndtri(share)  # -inf, ..., inf: the tie intervals on the normal scale
    finite = np.where(np.isfinite(edge), edge, 0.0)
    density = np.where(np.isfinite(edge), np.exp(-0.5 * finite**2) / np.sqrt(2.0 * np.pi), 0.0)
    means = (density[:-1] - density[1:]) / np.diff(share)  # E[Z | Z in interval]
    out = np.empty(ORDER)
    previous, current = np.zeros_like(finite), np.ones_like(finite)  # He_{k-2}, He_{k-1} at the edges
    for k in range(1, ORDER + 1):
        # E[1{l < Z < u} He_k(Z)] = phi(l) He_{k-1}(l) - phi(u) He_{k-1}(u)
        ends = density * current
        out[k - 1] = float(np.sum(means * (ends[:-1] - ends[1:]))) / np.sqrt(special.factorial(k))
        previous, current = current, finite * current - (k - 1) * previous
    return out


def latent_correlation(observed: np.ndarray, coefficients: np.ndarray, pair_rows: np.ndarray) -> np.ndarray:
    """The latent correlations whose tied scores would correlate as ``observed`` does; ``coefficients[i]`` are
    column ``i``'s :func:`score_coefficients`, ``pair_rows[i, j]`` the rows both scores were seen on. A
    correlation beyond what the ties allow becomes +-1 (the matrix is repaired afterwards)."""
    out = np.array(observed, dtype=float)
    tied = np.abs(coefficients - UNTIED).max(axis=1) > _TIED
    rows, cols = np.triu_indices(len(out), k=1)
    clear = np.abs(out[rows, cols]) * np.sqrt(pair_rows[rows, cols]) >= MIN_Z
    keep = (tied[rows] | tied[cols]) & clear
    rows, cols = rows[keep], cols[keep]
    if not len(rows):
        return out
    products = coefficients[rows] * coefficients[cols]  # pairs x ORDER
    powers = np.arange(1, ORDER + 1)

    def implied(rho: np.ndarray) -> np.ndarray:
        return np.sum(products * rho[:, None] ** powers, axis=1)

    target = out[rows, cols]
    low, high = -np.ones(len(rows)), np.ones(len(rows))
    for _ in range(_STEPS):
        middle = (low + high) / 2
        below = implied(middle) < target
        low, high = np.where(below, middle, low), np.where(below, high, middle)
    rho = (low + high) / 2
    out[rows, cols] = out[cols, rows] = rho
    return out

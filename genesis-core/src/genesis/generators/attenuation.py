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
times or more: what it would divide there is sampling noise. A pair is solved only as far as its observed
correlation is clearly not noise: not at all within :data:`MIN_Z` standard errors (``1 / sqrt(rows)``) of zero,
fully from :data:`FULL_Z` on, and in proportion between (so two fits a little apart stay a little apart).
"""

from __future__ import annotations

import numpy as np
from scipy import special

__all__ = ["FULL_Z", "MIN_Z", "ORDER", "UNTIED", "latent_correlation", "piece_coefficients", "score_coefficients"]

#: Terms of the expansion kept (the rest is below 1e-3 of a correlation for the ties seen in practice).
ORDER = 40
#: Coefficients of a score without ties (``m(Z) = Z``): its correlations need no correction.
UNTIED = np.eye(1, ORDER).ravel()
#: A score whose coefficients are this close to :data:`UNTIED` is treated as untied.
_TIED = 1e-6
#: Standard errors from zero an observed correlation needs before it is solved back to the latent one at all ...
MIN_Z = 2.0
#: ... and to be solved back fully.
FULL_Z = 4.0
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
    cuts = np.concatenate(([0.0], np.cumsum(counts))) / len(values)
    return piece_coefficients(cuts, np.ones(len(counts), dtype=bool))


def piece_coefficients(cuts: np.ndarray, tied: np.ndarray) -> np.ndarray:
    """The expansion coefficients of a score made of pieces between the probabilities ``cuts`` (0 to 1): a tied
    piece scores the mean normal of its interval, an untied one the normal itself (a mixture's continuous part)."""
    cuts = np.asarray(cuts, dtype=float)
    width = np.diff(cuts)
    edge = special.ndtri(cuts)  # the pieces' ends on the normal scale, -inf and inf at 0 and 1
    finite = np.where(np.isfinite(edge), edge, 0.0)
    density = np.where(np.isfinite(edge), np.exp(-0.5 * finite**2) / np.sqrt(2.0 * np.pi), 0.0)
    hermite = np.empty((ORDER + 1, len(cuts)))  # He_0 .. He_ORDER at the ends
    hermite[0], hermite[1] = 1.0, finite
    for k in range(1, ORDER):
        hermite[k + 1] = finite * hermite[k] - k * hermite[k - 1]
    # over[j, p] = E[1{Z in piece p} He_j(Z)]: the width for j = 0, phi(l) He_{j-1}(l) - phi(u) He_{j-1}(u) after
    ends = density * hermite
    over = np.vstack([width, ends[:-1, :-1] - ends[:-1, 1:]])  # rows j = 0 .. ORDER
    means = np.divide(over[1], width, out=np.zeros_like(width), where=width > 0)
    out = np.empty(ORDER)
    for k in range(1, ORDER + 1):
        with_ties = float(np.sum((means * over[k])[tied]))
        # Z He_k = He_{k+1} + k He_{k-1}; the last term past ORDER is left out with the rest of the series
        following = over[k + 1] if k < ORDER else np.zeros_like(width)
        untied = float(np.sum((following + k * over[k - 1])[~tied]))
        out[k - 1] = (with_ties + untied) / np.sqrt(special.factorial(k))
    return out


def latent_correlation(observed: np.ndarray, coefficients: np.ndarray, pair_rows: np.ndarray) -> np.ndarray:
    """The latent correlations whose tied scores would correlate as ``observed`` does; ``coefficients[i]`` are
    column ``i``'s :func:`score_coefficients`, ``pair_rows[i, j]`` the rows both scores were seen on. A
    correlation beyond what the ties allow becomes +-1 (the matrix is repaired afterwards)."""
    out = np.array(observed, dtype=float)
    tied = np.abs(coefficients - UNTIED).max(axis=1) > _TIED
    rows, cols = np.triu_indices(len(out), k=1)
    z = np.abs(out[rows, cols]) * np.sqrt(np.maximum(pair_rows[rows, cols], 0.0))
    trust = np.clip((z - MIN_Z) / (FULL_Z - MIN_Z), 0.0, 1.0)
    keep = (tied[rows] | tied[cols]) & (trust > 0)
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
    solved = (low + high) / 2
    out[rows, cols] = out[cols, rows] = target + trust[keep] * (solved - target)
    return out

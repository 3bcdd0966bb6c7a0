"""Exact conditioning of a latent-Gaussian model (such as a Gaussian copula) in its normal-score space.

A model satisfies :class:`LatentGaussianModel` when each row is decoded from one draw
``z ~ N(0, R)`` of a correlation matrix ``R`` and it can say which normal-score intervals of which
coordinates satisfy a condition. Conditioning then never wastes decoding:

1. the conditioned coordinates are drawn from the truncated normal ``N(0, R_CC)`` restricted to the
   box of intervals, by the GHK sequence of univariate truncated normals, with importance weight
   ``w = prod_i P_i`` (``P_i``: the mass of coordinate i's intervals given the earlier ones);
2. a draw is kept with probability ``w / M``, where ``M`` bounds ``w`` (``P_1`` times, for each later
   coordinate, the most mass its interval set can get under any conditional mean); this turns the
   weighted draws into exact, unweighted, never-duplicated draws of the truncated normal, and
   ``mean(w)`` estimates the probability of the box. The coordinates are ordered to minimise ``M``;
3. the other coordinates come from the conditional Gaussian ``N(B z_C, R_RR - R_RC B)``;
4. the model decodes the latent rows; conditions it cannot express as intervals (``like``, ``ne``
   on a continuous column) are checked on the decoded rows by the caller.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Protocol, runtime_checkable

import numpy as np
import pandas as pd
from scipy.special import ndtr, ndtri

from genesis.generators.conditional.condition import Condition
from genesis.generators.conditional.condition_set import ConditionSet

__all__ = ["LatentConditioner", "LatentGaussianModel", "intersect_intervals", "truncated_normal"]


@runtime_checkable
class LatentGaussianModel(Protocol):
    """What a fitted model exposes so that conditions are sampled inside the model.

    ``latent_correlation`` the ``(d, d)`` correlation matrix of the normal scores ``z``
    ``latent_box``         for one condition, ``{coordinate: (m, 2) sorted disjoint intervals}``
                           such that a row decoded from ``z`` satisfies the condition exactly
                           when every listed coordinate lies in its intervals (a value column's
                           range plus its null indicator's "present" side, say); None when the
                           condition is not such a box
    ``decode_latent``      rows decoded from an ``(n, d)`` array of normal scores
    """

    @property
    def latent_correlation(self) -> np.ndarray: ...

    def latent_box(self, condition: Condition) -> Mapping[int, np.ndarray] | None: ...

    def decode_latent(self, z: np.ndarray, rng: np.random.Generator) -> pd.DataFrame: ...


def intersect_intervals(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Intersection of two sorted, disjoint interval sets (rows ``[low, high]``)."""
    low = np.maximum(a[:, None, 0], b[None, :, 0]).ravel()
    high = np.minimum(a[:, None, 1], b[None, :, 1]).ravel()
    keep = low < high
    order = np.argsort(low[keep], kind="stable")
    return np.column_stack([low[keep][order], high[keep][order]])


def _interval_mass(intervals: np.ndarray) -> float:
    return float(np.sum(ndtr(intervals[:, 1]) - ndtr(intervals[:, 0])))


def truncated_normal(
    mean: np.ndarray, sd: float, intervals: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Draw ``N(mean, sd^2)`` restricted to a union of intervals, one draw per mean.

    Returns the draws and each draw's normalising mass ``P(value in intervals)``. Upper-tail
    intervals are handled in reflected coordinates so that deep tails keep their precision.
    """
    a = (intervals[None, :, 0] - mean[:, None]) / sd
    b = (intervals[None, :, 1] - mean[:, None]) / sd
    upper = a > 0
    lo = np.where(upper, ndtr(-b), ndtr(a))
    hi = np.where(upper, ndtr(-a), ndtr(b))
    mass = np.clip(hi - lo, 0.0, None)
    total = mass.sum(axis=1)
    rows = np.arange(len(mean))
    pick = rng.random(len(mean)) * total
    idx = np.minimum((np.cumsum(mass, axis=1) < pick[:, None]).sum(axis=1), intervals.shape[0] - 1)
    u = lo[rows, idx] + rng.random(len(mean)) * mass[rows, idx]
    with np.errstate(divide="ignore", invalid="ignore"):
        x = ndtri(u)
    x = np.where(upper[rows, idx], -x, x)
    x = np.clip(np.nan_to_num(x, nan=0.0), a[rows, idx], b[rows, idx])
    return mean + sd * x, total


def _sup_mass(intervals: np.ndarray, sd: float) -> float:
    """Largest mass ``N(mean, sd^2)`` can put on the intervals, over every mean (at most 1)."""
    widths = intervals[:, 1] - intervals[:, 0]
    return float(min(1.0, np.sum(2.0 * ndtr(widths / (2.0 * sd)) - 1.0)))


def _best_order(
    corr: np.ndarray, regions: dict[int, np.ndarray], masses: dict[int, float]
) -> tuple[list[int], np.ndarray, np.ndarray]:
    """The GHK order of the conditioned coordinates minimising the weight bound, its Cholesky factor and caps.

    Acceptance is ``P(box) / bound``, so the tightest bound wins; every order is tried for up to
    five coordinates, beyond that the coordinates go most selective first.
    """
    coords = sorted(regions, key=lambda j: masses[j])
    orders = itertools.permutations(coords) if len(coords) <= 5 else [tuple(coords)]
    best: tuple[float, list[int], np.ndarray, np.ndarray] | None = None
    for order in orders:
        chol = np.linalg.cholesky(corr[np.ix_(order, order)] + 1e-10 * np.eye(len(order)))
        caps = np.array([1.0] + [_sup_mass(regions[j], chol[i, i]) for i, j in enumerate(order) if i])
        bound = masses[order[0]] * float(np.prod(caps[1:]))
        if best is None or bound < best[0]:
            best = (bound, list(order), chol, caps)
    if best is None:
        return [], np.zeros((0, 0)), np.ones(0)
    return best[1], best[2], best[3]


def _psd_factor(cov: np.ndarray) -> np.ndarray:
    """A factor ``F`` with ``F @ F.T == cov`` for a (possibly singular) covariance."""
    values, vectors = np.linalg.eigh((cov + cov.T) / 2)
    return vectors * np.sqrt(np.clip(values, 0.0, None))


class LatentConditioner:
    """Samples a :class:`LatentGaussianModel` under a condition set, exactly, in normal-score space."""

    def __init__(self, model: LatentGaussianModel, conditions: ConditionSet) -> None:
        self.model = model
        regions: dict[int, np.ndarray] = {}
        residual: list[Condition] = []
        for condition in conditions:
            box = model.latent_box(condition)
            if box is None:
                residual.append(condition)
                continue
            for j, intervals in box.items():
                intervals = np.asarray(intervals, dtype=float).reshape(-1, 2)
                regions[j] = intersect_intervals(regions[j], intervals) if j in regions else intervals
        #: Conditions checked on decoded rows because the model cannot express them as intervals.
        self.residual = ConditionSet(residual)
        masses = {j: _interval_mass(iv) for j, iv in regions.items()}
        self.empty = any(mass <= 0.0 for mass in masses.values())
        corr = np.asarray(model.latent_correlation, dtype=float)
        #: Conditioned coordinates in GHK order: the order with the tightest bound on the weight.
        self.conditioned, self._chol, self._caps = _best_order(corr, regions, masses)
        self.regions = [regions[j] for j in self.conditioned]
        #: Upper bound of the GHK weight: the first coordinate's mass times the later ones' caps.
        self.weight_bound = (masses[self.conditioned[0]] * float(np.prod(self._caps[1:]))) if regions else 1.0
        rest = [j for j in range(len(corr)) if j not in regions]
        c, r = self.conditioned, rest
        s_cc = corr[np.ix_(c, c)]
        self._gain = np.linalg.solve(s_cc + 1e-10 * np.eye(len(c)), corr[np.ix_(c, r)]) if c else None
        cov_rest = corr[np.ix_(r, r)] - (corr[np.ix_(r, c)] @ self._gain if c else 0.0)
        self._rest_factor = _psd_factor(cov_rest)
        self._rest = r
        self._dim = len(corr)

    def _ghk(self, m: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """``m`` GHK draws of the conditioned coordinates and their weights over the bound, in [0, 1]."""
        k = len(self.conditioned)
        z = np.empty((m, k))
        std = np.empty((m, k))  # e_i: standardised draws, z_C = L e
        ratio = np.ones(m)
        for i in range(k):
            sd = self._chol[i, i]
            mean = std[:, :i] @ self._chol[i, :i]
            z[:, i], mass = truncated_normal(mean, sd, self.regions[i], rng)
            if i:
                ratio *= mass / self._caps[i]
            std[:, i] = (z[:, i] - mean) / sd
        return z, ratio

    def latent_draws(self, m: int, rng: np.random.Generator) -> np.ndarray:
        """Exact draws of the full latent vector given the intervals (fewer than ``m``: some are rejected)."""
        if self.empty:
            return np.empty((0, self._dim))
        if self.conditioned:
            z_c, ratio = self._ghk(m, rng)
            z_c = z_c[rng.random(m) < ratio]
        else:
            z_c = np.empty((m, 0))
        n = len(z_c)
        full = np.empty((n, self._dim))
        full[:, self.conditioned] = z_c
        if self._rest:
            noise = rng.standard_normal((n, self._rest_factor.shape[1])) @ self._rest_factor.T
            full[:, self._rest] = (z_c @ self._gain if self.conditioned else 0.0) + noise
        return full

    def propose(self, m: int, rng: np.random.Generator) -> pd.DataFrame:
        """Decoded rows from ``m`` proposals; all satisfy the interval conditions, the residual ones are unchecked."""
        return self.model.decode_latent(self.latent_draws(m, rng), rng)

    def box_probability(self, draws: int, rng: np.random.Generator) -> float:
        """Model probability of the interval conditions (the GHK estimate; exact for one conditioned column)."""
        if self.empty:
            return 0.0
        if len(self.conditioned) <= 1:
            return self.weight_bound
        _, ratio = self._ghk(draws, rng)
        return float(self.weight_bound * ratio.mean())

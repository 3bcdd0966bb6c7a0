"""Exact conditioning of a latent-Gaussian model (such as a Gaussian copula) in its normal-score space.

A model satisfies :class:`LatentGaussianModel` when each row is decoded from one draw
``z ~ N(0, R)`` of a correlation matrix ``R`` and it can describe where conditions hold as a
*region*: a disjoint union of boxes, each box a set of intervals per constrained coordinate.
Conditioning then never wastes decoding:

1. a box ``j`` is chosen with probability ``M_j / sum(M)``, and its constrained coordinates are drawn
   by the GHK sequence of univariate truncated normals, with importance weight ``w = prod_i P_i``
   (``P_i``: the mass of coordinate i's intervals given the earlier ones);
2. the draw is kept with probability ``w / M_j``, where ``M_j`` bounds ``w`` (the first coordinate's
   mass times, for each later one, the most mass its intervals can get under any conditional
   mean). Kept draws are exact, unweighted, never-duplicated draws of ``N(0, R)`` restricted to the
   region, and ``sum(M) * mean(w / M_j)`` estimates the region's probability. The coordinates are
   ordered to make ``sum(M)`` small, which is what sets the acceptance rate ``P(region) / sum(M)``;
3. the other coordinates come from the conditional Gaussian ``N(B z_C, R_RR - R_RC B)``;
4. the model decodes the latent rows; the conditions it could not express as a region are checked
   on the decoded rows by the caller.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol, runtime_checkable

import numpy as np
import pandas as pd
from scipy.special import ndtr, ndtri

from genesis.conditions.condition_set import ConditionSet

__all__ = ["ExactConditioning", "LatentConditioner", "LatentGaussianModel", "intersect_intervals", "truncated_normal"]


@runtime_checkable
class LatentGaussianModel(Protocol):
    """What a fitted model exposes so that conditions are sampled inside the model.

    ``latent_correlation`` the ``(d, d)`` correlation matrix of the normal scores ``z``
    ``latent_region``      for a condition set, the boxes (``{coordinate: (m, 2) sorted disjoint
                           intervals}``, pairwise disjoint) whose union is exactly where the decoded
                           row satisfies the conditions it can express, and the conditions left
                           over; an empty list of boxes means probability 0
    ``decode_latent``      rows decoded from an ``(n, d)`` array of normal scores
    """

    @property
    def latent_correlation(self) -> np.ndarray: ...

    def latent_region(self, conditions: ConditionSet) -> tuple[Sequence[Mapping[int, np.ndarray]], ConditionSet]: ...

    def decode_latent(self, z: np.ndarray, rng: np.random.Generator) -> pd.DataFrame: ...


@runtime_checkable
class ExactConditioning(Protocol):
    """A generator that conditions exactly: it exposes the latent Gaussian model its rows are decoded from.

    :func:`~genesis.conditions.conditional_sample` (and so every surface of the run pipeline) samples such a
    generator inside that model; any other generator gets rejection sampling after a feasibility estimate.
    """

    def latent_model(self) -> LatentGaussianModel:
        """The fitted model's latent view; raises :class:`~genesis.errors.NotFittedError` before fitting."""
        ...


def intersect_intervals(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Intersection of two sorted, disjoint interval sets (rows ``[low, high]``)."""
    low = np.maximum(a[:, None, 0], b[None, :, 0]).ravel()
    high = np.minimum(a[:, None, 1], b[None, :, 1]).ravel()
    keep = low < high
    order = np.argsort(low[keep], kind="stable")
    return np.column_stack([low[keep][order], high[keep][order]])


def truncated_normal(
    mean: np.ndarray, sd: float, intervals: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Draw ``N(mean, sd^2)`` restricted to a union of intervals, one draw per mean.

    ``intervals`` is ``(k, 2)`` for all rows or ``(n, k, 2)`` per row (pad with empty ``[inf, inf]``
    rows). Returns the draws and each draw's normalising mass ``P(value in intervals)``; upper-tail
    intervals are handled in reflected coordinates so that deep tails keep their precision.
    """
    a = (intervals[..., 0] - mean[:, None]) / sd
    b = (intervals[..., 1] - mean[:, None]) / sd
    upper = a > 0
    lo = ndtr(np.where(upper, -b, a))
    hi = ndtr(np.where(upper, -a, b))
    mass = np.clip(hi - lo, 0.0, None)
    n = len(mean)
    if mass.shape[1] == 1:  # one interval per row: no choice to make
        total, lo, a, b, upper = mass[:, 0], lo[:, 0], a[:, 0], b[:, 0], upper[:, 0]
        u = lo + rng.random(n) * total
    else:
        total = mass.sum(axis=1)
        rows = np.arange(n)
        pick = rng.random(n) * total
        idx = np.minimum((np.cumsum(mass, axis=1) < pick[:, None]).sum(axis=1), mass.shape[1] - 1)
        u = lo[rows, idx] + rng.random(n) * mass[rows, idx]
        a, b, upper = a[rows, idx], b[rows, idx], upper[rows, idx]
    with np.errstate(divide="ignore", invalid="ignore"):
        x = ndtri(u)
    x = np.clip(np.nan_to_num(np.where(upper, -x, x), nan=0.0), a, b)
    return mean + sd * x, total


#: Intervals are clipped to [-Z_LIMIT, Z_LIMIT]: the normal mass beyond is below 1e-16, and bounded
#: intervals give finite bounds on every conditional mean.
Z_LIMIT = 8.5


def _pad(boxes: Sequence[Mapping[int, np.ndarray]], coord: int) -> np.ndarray:
    """``(boxes, k, 2)`` intervals of one coordinate, clipped; unconstrained boxes get the whole line.

    Padding rows are empty ``[inf, inf]`` intervals.
    """
    sets = [np.asarray(box.get(coord, [[-np.inf, np.inf]]), dtype=float).reshape(-1, 2) for box in boxes]
    out = np.full((len(sets), max(len(s) for s in sets), 2), np.inf)
    for j, intervals in enumerate(sets):
        out[j, : len(intervals)] = np.clip(intervals, -Z_LIMIT, Z_LIMIT)
    return out


def _hull(intervals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per box: the smallest and largest value of its (clipped) intervals."""
    real = np.isfinite(intervals[..., 0])
    low = np.where(real, intervals[..., 0], np.inf).min(axis=-1)
    high = np.where(real, intervals[..., 1], -np.inf).max(axis=-1)
    return np.minimum(low, high), high


def _mass(intervals: np.ndarray, mean: np.ndarray, sd: float) -> np.ndarray:
    """Per box: the mass ``N(mean, sd^2)`` puts on each interval, ``(boxes, k)``."""
    with np.errstate(invalid="ignore"):
        mass = ndtr((intervals[..., 1] - mean) / sd) - ndtr((intervals[..., 0] - mean) / sd)
    return np.nan_to_num(mass, nan=0.0)


def _cap(intervals: np.ndarray, mean_low: np.ndarray, mean_high: np.ndarray, sd: float) -> np.ndarray:
    """Per box: a bound on the mass ``N(mean, sd^2)`` puts on the intervals for any mean in the range.

    Each interval's mass is largest at the mean nearest its centre; the bound sums those maxima.
    """
    with np.errstate(invalid="ignore"):
        centre = np.nan_to_num((intervals[..., 0] + intervals[..., 1]) / 2, nan=0.0, posinf=0.0, neginf=0.0)
    best = np.clip(centre, mean_low[:, None], mean_high[:, None])
    return np.minimum(1.0, _mass(intervals, best, sd).sum(axis=-1))


#: A GHK plan: the coordinate order, its Cholesky factor and the per-box bound factors.
Plan = tuple[list[int], np.ndarray, np.ndarray]


def _plan(corr: np.ndarray, regions: dict[int, np.ndarray]) -> Plan:
    """The GHK coordinate order with the smallest ``sum(M)``, its Cholesky factor and per-box ``(k, B)`` factors.

    Row 0 of the factors is each box's first mass, later rows bound the later masses: coordinate
    i's conditional mean is linear in the earlier coordinates, which lie in the box, so interval
    arithmetic bounds it. ``M_j`` is the product. Every order is tried for up to three coordinates;
    beyond that, each coordinate is tried first with the rest most selective first.
    """
    zero = np.zeros(len(next(iter(regions.values()))))
    coords = sorted(regions, key=lambda j: float(_mass(regions[j], zero[:, None], 1.0).sum()))
    if len(coords) <= 3:
        orders: Iterable[tuple[int, ...]] = itertools.permutations(coords)
    else:  # each coordinate first, the rest most selective first
        orders = [(j, *(c for c in coords if c != j)) for j in coords]
    hulls = {j: _hull(regions[j]) for j in coords}
    best: tuple[float, list[int], np.ndarray, np.ndarray] | None = None
    for order in orders:
        sub = corr[np.ix_(order, order)] + 1e-10 * np.eye(len(order))
        chol = np.linalg.cholesky(sub)
        factors = [_mass(regions[order[0]], zero[:, None], 1.0).sum(axis=-1)]
        for i in range(1, len(order)):
            beta = np.linalg.solve(sub[:i, :i], sub[:i, i])
            lows = np.stack([hulls[j][0] for j in order[:i]], axis=-1)
            highs = np.stack([hulls[j][1] for j in order[:i]], axis=-1)
            mean_low = np.minimum(lows * beta, highs * beta).sum(axis=-1)
            mean_high = np.maximum(lows * beta, highs * beta).sum(axis=-1)
            factors.append(_cap(regions[order[i]], mean_low, mean_high, chol[i, i]))
        stacked = np.array(factors)
        total = float(np.prod(stacked, axis=0).sum())
        if best is None or total < best[0]:
            best = (total, list(order), chol, stacked)
    assert best is not None
    return best[1], best[2], best[3]


#: Pieces a box's coordinate is cut into by :func:`_refined`, and the most boxes the cuts may make.
SPLIT_PIECES = 4
MAX_SPLIT_BOXES = 1_024



def _split(box: Mapping[int, np.ndarray], coord: int, pieces: int) -> list[Mapping[int, np.ndarray]]:
    """``box`` cut along ``coord`` into ``pieces`` boxes of equal normal mass (a multi-interval coordinate is kept)."""
    intervals = np.clip(np.asarray(box.get(coord, [[-Z_LIMIT, Z_LIMIT]]), dtype=float).reshape(-1, 2),
                        -Z_LIMIT, Z_LIMIT)
    if len(intervals) != 1:
        return [box]
    low, high = intervals[0]
    cuts = ndtri(np.linspace(ndtr(low), ndtr(high), pieces + 1))
    cuts[0], cuts[-1] = low, high
    return [{**box, coord: np.array([[start, stop]])} for start, stop in itertools.pairwise(cuts) if start < stop]


def _planned(corr: np.ndarray, boxes: Sequence[Mapping[int, np.ndarray]],
             coords: list[int]) -> tuple[dict[int, np.ndarray], Plan, float]:
    regions = {j: _pad(boxes, j) for j in coords}
    plan = _plan(corr, regions)
    return regions, plan, float(np.prod(plan[2], axis=0).sum())


def _refined(corr: np.ndarray, boxes: Sequence[Mapping[int, np.ndarray]],
             coords: list[int]) -> tuple[dict[int, np.ndarray], Plan]:
    """The regions and GHK plan of ``boxes``, or of the same region cut into smaller boxes when that lowers ``sum(M)``.

    ``M_j`` bounds the later coordinates' masses over every conditional mean the box allows; in a narrower box
    those means vary less, so the bound is tighter and more draws are kept. The first two coordinates of the plan
    are cut into :data:`SPLIT_PIECES` pieces each (at most :data:`MAX_SPLIT_BOXES` boxes); the union, and so the
    sampled distribution, is unchanged. On the Adult sample, age >= 67 & sex == Female & hours >= 45 (five latent
    coordinates, 42 boxes) keeps 61% of draws instead of 34%.
    """
    regions, plan, total = _planned(corr, boxes, coords)
    best = (total, regions, plan)
    candidate = list(boxes)
    for coord in plan[0][:2] if len(plan[0]) > 1 else ():
        candidate = [piece for box in candidate for piece in _split(box, coord, SPLIT_PIECES)]
        if len(candidate) > MAX_SPLIT_BOXES:
            break
        regions, plan, total = _planned(corr, candidate, coords)
        if total < best[0]:
            best = (total, regions, plan)
    return best[1], best[2]


def _psd_factor(cov: np.ndarray) -> np.ndarray:
    """A factor ``F`` with ``F @ F.T == cov`` for a (possibly singular) covariance."""
    values, vectors = np.linalg.eigh((cov + cov.T) / 2)
    return vectors * np.sqrt(np.clip(values, 0.0, None))


class LatentConditioner:
    """Samples a :class:`LatentGaussianModel` under a condition set, exactly, in normal-score space."""

    def __init__(self, model: LatentGaussianModel, conditions: ConditionSet) -> None:
        self.model = model
        boxes, residual = model.latent_region(conditions)
        boxes = [box for box in boxes if all(len(np.asarray(iv).reshape(-1, 2)) for iv in box.values())]
        #: Conditions checked on decoded rows because the model cannot express them as a region.
        self.residual = residual
        corr = np.asarray(model.latent_correlation, dtype=float)
        self._dim = len(corr)
        coords = sorted({j for box in boxes for j in box})
        self.conditioned: list[int] = []
        self._bounds = np.zeros(len(boxes))
        if coords:
            regions, (self.conditioned, self._chol, factors) = _refined(corr, boxes, coords)
            self._regions = [regions[j] for j in self.conditioned]
            self._caps = factors
            self._bounds = np.prod(factors, axis=0)
        elif boxes:
            self._bounds = np.ones(1)
        #: ``sum(M)``: bound of the region's probability; a draw is kept with probability ``w / M_j``.
        self.weight_bound = float(self._bounds.sum())
        self.empty = self.weight_bound <= 0.0
        c = self.conditioned
        r = [j for j in range(self._dim) if j not in set(c)]
        s_cc = corr[np.ix_(c, c)] + 1e-10 * np.eye(len(c))
        self._gain = np.linalg.solve(s_cc, corr[np.ix_(c, r)]) if c else np.zeros((0, len(r)))
        self._rest_factor = _psd_factor(corr[np.ix_(r, r)] - corr[np.ix_(r, c)] @ self._gain)
        self._rest = r

    def _ghk(self, m: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """``m`` GHK draws of the constrained coordinates (boxes chosen by bound) and their ``w / M_j`` in [0, 1]."""
        k = len(self.conditioned)
        box = rng.choice(len(self._bounds), size=m, p=self._bounds / self._bounds.sum())
        z = np.empty((m, k))
        std = np.empty((m, k))  # e_i: standardised draws, z_C = L e
        ratio = np.ones(m)
        for i in range(k):
            sd = self._chol[i, i]
            mean = std[:, :i] @ self._chol[i, :i]
            z[:, i], mass = truncated_normal(mean, sd, self._regions[i][box], rng)
            if i:
                ratio *= mass / self._caps[i][box]
            std[:, i] = (z[:, i] - mean) / sd
        return z, np.nan_to_num(ratio)

    def latent_draws(self, m: int, rng: np.random.Generator) -> np.ndarray:
        """Exact draws of the full latent vector given the region (fewer than ``m``: some are rejected)."""
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
            full[:, self._rest] = z_c @ self._gain + noise
        return full

    def propose(self, m: int, rng: np.random.Generator) -> pd.DataFrame:
        """Decoded rows from ``m`` proposals; all lie in the region, the residual conditions are unchecked."""
        return self.model.decode_latent(self.latent_draws(m, rng), rng)

    def box_probability(self, draws: int, rng: np.random.Generator) -> float:
        """Model probability of the region (GHK estimate; exact when every box constrains one coordinate)."""
        if self.empty:
            return 0.0
        if len(self.conditioned) <= 1:
            return self.weight_bound
        _, ratio = self._ghk(draws, rng)
        return float(self.weight_bound * ratio.mean())

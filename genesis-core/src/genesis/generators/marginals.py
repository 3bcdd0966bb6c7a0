"""Numeric marginals: point masses mixed with a continuous family, compiled to a lookup table.

A numeric column's distribution is a mixture: values that carry a large share of the rows
(Adult's ``capital-gain`` is 0 in 92% of them) are point masses kept with their exact
probability, and the remaining values follow a continuous family picked by goodness of fit.
Columns with few distinct values are all point masses. The mixture's quantile function is
tabulated once over normal scores, so sampling a column is one ``np.interp`` call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import special

from genesis.generators.families import EMPIRICAL, FamilyChoice, choose_family, family_cdf, family_ppf
from genesis.generators.lookup import StepLookup
from genesis.generators.privacy import block_knots, coarse_range

__all__ = ["MarginalOptions", "NumericMarginal", "fit_marginal"]

#: Normal scores beyond this are clamped to the table ends (probability ~1e-15).
Z_LIMIT = 8.0
#: Knots of the quantile table over [-Z_LIMIT, Z_LIMIT], plus two per point mass.
GRID_SIZE = 1025
_CELLS_PER_UNIT = (GRID_SIZE - 1) / (2 * Z_LIMIT)
#: Above this chance of landing near a point-mass edge, the plain binary search is faster.
_MAX_EXACT_MASS = 0.05
#: Rows (a random sample of bigger columns) a fitted family is checked on, and the empirical knots come from;
#: families are fitted on ``MarginalOptions.subsample`` rows, which is plenty for their few parameters.
KS_CHECK_ROWS = 50_000
#: A point mass needs at least this many rows, whatever its share.
MIN_ATOM_COUNT = 5


@dataclass(frozen=True)
class MarginalOptions:
    """How numeric marginals are fitted (see :class:`~genesis.generators.copula.GaussianCopulaGenerator`)."""

    families: Sequence[str]
    max_ks: float = 0.03
    point_mass_threshold: float = 0.01
    max_discrete_values: int = 32
    subsample: int = 2000
    #: A real value is stored exactly (as a point mass, knot or bound) only if this many rows hold it
    #: (1 by default; :data:`genesis.generators.privacy.STRICT_MIN_COUNT` under ``privacy="strict"``).
    min_value_count: int = 1


@dataclass
class NumericMarginal:
    """A fitted mixture of point masses and a continuous family, with its quantile table."""

    atoms: list[float]
    atom_probs: list[float]
    family: str | None
    params: dict[str, Any]
    knots_z: np.ndarray
    knots_x: np.ndarray
    ks: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        probs = np.asarray(self.atom_probs, dtype=float)
        cuts = special.ndtri(np.cumsum(probs)[:-1] / probs.sum())
        self._discrete = StepLookup(cuts, -Z_LIMIT, Z_LIMIT, GRID_SIZE * 4) if self.family is None else None
        grid = np.linspace(-Z_LIMIT, Z_LIMIT, GRID_SIZE)
        self._grid_x = np.interp(grid, self.knots_z, self.knots_x)
        self._grid_dx = np.diff(self._grid_x, append=self._grid_x[-1])
        # cells holding a point-mass edge are not linear between their grid points: looked up exactly
        edges = self.knots_z[~np.isin(self.knots_z, grid)]
        cells = np.clip(np.floor((edges + Z_LIMIT) * _CELLS_PER_UNIT).astype(np.intp), 0, GRID_SIZE - 2)
        self._exact = np.zeros(GRID_SIZE - 1, dtype=bool)
        self._exact[np.concatenate((cells, np.maximum(cells - 1, 0), np.minimum(cells + 1, GRID_SIZE - 2)))] = True
        exact_mass = float(np.diff(special.ndtr(grid))[self._exact].sum())
        self._arithmetic = exact_mass < _MAX_EXACT_MASS

    def sample(self, z: np.ndarray) -> np.ndarray:
        """Map normal scores ``z`` to values, the same as ``np.interp(z, knots_z, knots_x)``.

        The table's grid is uniform, so most scores find their cell by arithmetic instead of a
        binary search; only cells around a point mass's edges take the exact lookup (or every
        score, when such cells are likely). All-discrete columns take a binary search over their
        few cut points.
        """
        if self._discrete is not None:
            return np.asarray(self.atoms, dtype=float)[self._discrete(z)]
        if not self._arithmetic:
            return np.interp(z, self.knots_z, self.knots_x)
        position = (np.clip(z, -Z_LIMIT, Z_LIMIT).astype(np.float64) + Z_LIMIT) * _CELLS_PER_UNIT
        cell = np.minimum(position.astype(np.intp), GRID_SIZE - 2)
        x = self._grid_x[cell] + (position - cell) * self._grid_dx[cell]
        exact = self._exact[cell]
        if exact.any():
            x[exact] = np.interp(z[exact], self.knots_z, self.knots_x)
        return x

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dictionary; the table is kept so sampling is bit-identical after loading."""
        return {
            "atoms": self.atoms,
            "atom_probs": self.atom_probs,
            "family": self.family,
            "params": self.params,
            "knots_z": self.knots_z.tolist(),
            "knots_x": self.knots_x.tolist(),
            "ks": self.ks,
            "notes": self.notes,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NumericMarginal:
        """Rebuild a marginal from :meth:`to_dict` output."""
        values = dict(data)
        values["knots_z"] = np.asarray(values["knots_z"], dtype=float)
        values["knots_x"] = np.asarray(values["knots_x"], dtype=float)
        return cls(**values)


def fit_marginal(
    x: np.ndarray, bounds: tuple[float, float], options: MarginalOptions, rng: np.random.Generator
) -> NumericMarginal:
    """Fit the mixture to the non-null values ``x``; samples are clipped to ``bounds``.

    Finite bounds are also the support of the bounded families (uniform, beta, truncated
    normal, the gamma and lognormal origin); infinite ones fall back to the observed range.
    """
    values, counts = np.unique(x, return_counts=True)
    m = len(x)
    if len(values) <= options.max_discrete_values:
        is_atom = np.ones(len(values), dtype=bool)
    else:
        is_atom = counts >= max(options.point_mass_threshold * m, MIN_ATOM_COUNT)
    if (~is_atom).sum() < 2:  # a continuous part needs at least two distinct values
        is_atom[:] = True
    merged = False
    if options.min_value_count > 1:  # strict: rare values are never point masses
        is_atom, counts, merged = _frequent_atoms(values, counts, is_atom, options.min_value_count)
    continuous = x[:0] if merged else x[~np.isin(x, values[is_atom])] if is_atom.any() else x
    atoms, probs = values[is_atom], counts[is_atom] / m
    choice = _fit_continuous(continuous, bounds, options, rng) if len(continuous) else None
    knots_z, knots_x = _quantile_table(atoms, probs, choice)
    return NumericMarginal(
        atoms=atoms.tolist(),
        atom_probs=probs.tolist(),
        family=choice.family if choice else None,
        params=choice.params if choice else {},
        knots_z=knots_z,
        knots_x=np.clip(knots_x, *bounds),
        ks=choice.ks if choice else {},
        notes=choice.notes if choice else [],
    )


def _frequent_atoms(
    values: np.ndarray, counts: np.ndarray, is_atom: np.ndarray, min_count: int
) -> tuple[np.ndarray, np.ndarray, bool]:
    """Point masses held by at least ``min_count`` rows. When every value was a point mass (a discrete column),
    the rare ones' rows are added to the nearest frequent value; with none frequent, all go to the continuous part."""
    frequent = is_atom & (counts >= min_count)
    if not is_atom.all() or not frequent.any():
        return frequent, counts, False
    kept = np.flatnonzero(frequent)
    merged = np.zeros_like(counts)
    nearest = kept[np.abs(values[:, None] - values[kept][None, :]).argmin(axis=1)]
    np.add.at(merged, nearest, counts)
    return frequent, merged, True


def _fit_continuous(
    continuous: np.ndarray, bounds: tuple[float, float], options: MarginalOptions, rng: np.random.Generator
) -> FamilyChoice:
    sub = continuous if len(continuous) <= options.subsample else rng.choice(continuous, options.subsample, False)
    if options.min_value_count > 1:  # strict: the data's own extremes are not stored
        lower, upper = coarse_range(continuous)
        lower, upper = max(lower, bounds[0]), min(upper, bounds[1])
    else:
        lower = bounds[0] if np.isfinite(bounds[0]) else float(continuous.min())
        upper = bounds[1] if np.isfinite(bounds[1]) else float(continuous.max())
    check = continuous if len(continuous) <= KS_CHECK_ROWS else rng.choice(continuous, KS_CHECK_ROWS, False)
    choice = choose_family(sub, lower, upper, options.families, options.max_ks, check=check)
    if options.min_value_count > 1 and choice.family == EMPIRICAL:
        choice.params = {"knots": block_knots(np.sort(check), options.min_value_count, (lower, upper))}
    return choice


def _quantile_table(atoms: np.ndarray, probs: np.ndarray, choice: FamilyChoice | None) -> tuple[np.ndarray, np.ndarray]:
    """Tabulate the mixture quantile function at normal scores, with exact knots at each mass's edges."""
    continuous_mass = max(1.0 - float(probs.sum()), 0.0) if choice else 0.0
    if not choice:
        probs = probs / float(probs.sum())
    below = np.concatenate(([0.0], np.cumsum(probs)))
    inner = np.nan_to_num(family_cdf(choice.family, atoms, choice.params), nan=0.0) if choice else 0.0
    lo = below[:-1] + continuous_mass * inner
    hi = lo + probs
    grid_z = np.linspace(-Z_LIMIT, Z_LIMIT, GRID_SIZE)
    u = special.ndtr(grid_z)
    x = np.empty_like(u)
    if choice:
        mass_below = below[np.searchsorted(hi, u, side="right")]
        v = np.clip((u - mass_below) / max(continuous_mass, 1e-300), 0.0, 1.0)
        with np.errstate(all="ignore"):
            x[:] = family_ppf(choice.family, v, choice.params)
    if len(atoms):
        owner = np.clip(np.searchsorted(lo, u, side="right") - 1, 0, len(atoms) - 1)
        in_atom = (u >= lo[owner]) & (u <= hi[owner]) if choice else np.ones(len(u), dtype=bool)
        x[in_atom] = atoms[owner[in_atom]]
    edge_z = np.clip(special.ndtri(np.clip(np.concatenate((lo, hi)), 0.0, 1.0)), -Z_LIMIT, Z_LIMIT)
    z = np.concatenate((grid_z, edge_z))
    x = np.concatenate((x, atoms, atoms))
    order = np.lexsort((x, z))
    return z[order], _finite(x[order])


def _finite(x: np.ndarray) -> np.ndarray:
    """Replace non-finite table entries (extreme tails of some families) by their finite neighbours."""
    bad = ~np.isfinite(x)
    if bad.any() and (~bad).any():
        idx = np.arange(len(x))
        x[bad] = np.interp(idx[bad], idx[~bad], x[~bad])
    return x

"""What a site computes from its rows: additive sufficient statistics on the public domain.

Two kinds, one per protocol phase, each a dict of named float vectors ("blocks") that add up
exactly across sites:

- ``marginal_statistics``: ``rows`` (the weighted row count), ``counts:<column>`` (weighted
  counts of each cell: point masses, histogram bins or categories, then missing values) and,
  for numeric columns, ``moments:<column>`` (sums of ``t`` and ``t**2`` where ``t`` is the
  value rescaled to ``[0, 1]`` on the public bounds).
- ``dependence_statistics``: with the pooled marginals broadcast by the coordinator, each row's
  normal scores ``z`` (one per latent dimension, NaN where absent) give ``scores`` (the upper
  triangle of ``sum w z z^T``) and ``pairs`` (of ``sum w p p^T``, ``p`` the presence flags).

A category outside the vocabulary is not counted; a number outside the bounds counts at the
nearest bound; a column the site lacks contributes nothing (not even missing values).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy import special

from genesis.generators.attenuation import UNTIED, piece_coefficients
from genesis.generators.columns import CategoricalColumn, NumericColumn, numeric_axis
from genesis.generators.families import family_cdf
from genesis.generators.state import NULL, CopulaState
from genesis.generators.values import decode_values
from genesis_federated.domain import ColumnDomain, Domain

__all__ = [
    "ROWS",
    "add_statistics",
    "block_names",
    "cell_codes",
    "dependence_statistics",
    "latent_scores",
    "marginal_statistics",
    "score_ties",
]

ROWS = "rows"
#: Normal scores are clamped to this range (the copula's own quantile tables end there).
Z_LIMIT = 8.0
Statistics = dict[str, np.ndarray]


def block_names(domain: Domain, phase: str) -> list[str]:
    """The statistic blocks released in ``phase`` ('marginals' or 'dependence'), in a fixed order."""
    if phase == "dependence":
        return ["scores", "pairs"]
    names = [ROWS]
    for column in domain:
        names.append(f"counts:{column.name}")
        if column.numeric:
            names.append(f"moments:{column.name}")
    return names


def cell_codes(series: pd.Series | None, column: ColumnDomain) -> np.ndarray:
    """The cell of each value (see :attr:`ColumnDomain.n_cells`); -1 where nothing is counted."""
    if series is None:
        return np.empty(0, dtype=np.intp)
    missing_cell = column.n_cells - 1
    if not column.numeric:
        values = pd.Index(decode_values(column.vocabulary, column.column))
        codes = values.get_indexer(pd.Index(series))
        codes[series.isna().to_numpy()] = missing_cell
        return codes
    x = numeric_axis(series)
    lower, upper = column.bounds
    x = np.clip(x, lower, upper)
    codes = np.full(len(x), missing_cell, dtype=np.intp)
    present = ~np.isnan(x)
    atoms = np.asarray(column.atoms, dtype=float)
    if len(column.edges) < 2:  # value by value: the nearest point mass
        codes[present] = np.abs(x[present, None] - atoms[None, :]).argmin(axis=1)
        return codes
    edges = np.asarray(column.edges, dtype=float)
    bins = np.clip(np.searchsorted(edges, x[present], side="right") - 1, 0, len(edges) - 2)
    codes[present] = len(atoms) + bins
    if len(atoms):
        position = np.clip(np.searchsorted(atoms, x[present]), 0, len(atoms) - 1)
        is_atom = atoms[position] == x[present]
        codes[np.flatnonzero(present)[is_atom]] = position[is_atom]
    return codes


def marginal_statistics(data: pd.DataFrame, domain: Domain, weight: float) -> Statistics:
    """Weighted cell counts and moments of every domain column (phase 1)."""
    stats: Statistics = {ROWS: np.array([weight * len(data)], dtype=float)}
    for column in domain:
        series = data[column.name] if column.name in data.columns else None
        codes = cell_codes(series, column)
        counted = codes[codes >= 0]
        stats[f"counts:{column.name}"] = weight * np.bincount(counted, minlength=column.n_cells).astype(float)
        if column.numeric:
            stats[f"moments:{column.name}"] = weight * _moments(series, column)
    return stats


def _moments(series: pd.Series | None, column: ColumnDomain) -> np.ndarray:
    if series is None:
        return np.zeros(2)
    lower, upper = column.bounds
    x = numeric_axis(series)
    t = (np.clip(x[~np.isnan(x)], lower, upper) - lower) / max(upper - lower, 1e-300)
    return np.array([t.sum(), (t * t).sum()])


def latent_scores(data: pd.DataFrame, state: CopulaState, domain: Domain) -> np.ndarray:
    """Rows x latent dimensions of normal scores under the pooled marginals; NaN where absent.

    Ties (a category, a point mass, a null flag) get the mean normal score of their
    probability interval, so scores are a deterministic function of the row.
    """
    z = np.full((len(data), len(state.latent)), np.nan)
    for j, (name, part) in enumerate(state.latent):
        if name not in data.columns:
            continue
        series = data[name]
        if part == NULL:
            rate = state.schema[name].null_rate
            null = series.isna().to_numpy()
            z[:, j] = np.where(null, _interval_mean(1.0 - rate, 1.0), _interval_mean(0.0, 1.0 - rate))
            continue
        model = state.columns[name]
        if isinstance(model, CategoricalColumn):
            lo, hi = _category_interval(series, model)
        elif isinstance(model, NumericColumn):
            lo, hi = _numeric_interval(series, model, domain[name])
        else:  # pragma: no cover - only categorical and numeric columns take a value dimension
            continue
        z[:, j] = _interval_mean(lo, hi)
    return np.clip(z, -Z_LIMIT, Z_LIMIT)


def score_ties(state: CopulaState) -> np.ndarray:
    """Per latent dimension, the expansion coefficients of :func:`latent_scores` (interval means on the ties,
    the normal itself off them): what the coordinator needs to solve the pooled correlations back to the latent
    ones (:func:`genesis.generators.attenuation.latent_correlation`)."""
    rows = []
    for name, part in state.latent:
        model = state.columns[name]
        if part == NULL:
            rate = state.schema[name].null_rate
            rows.append(piece_coefficients(np.array([0.0, 1.0 - rate, 1.0]), np.ones(2, dtype=bool)))
        elif isinstance(model, CategoricalColumn):
            cuts = np.concatenate(([0.0], np.cumsum(model.probs)))
            rows.append(piece_coefficients(np.clip(cuts / cuts[-1], 0.0, 1.0), np.ones(len(model.probs), dtype=bool)))
        elif isinstance(model, NumericColumn) and model.marginal.atoms:
            rows.append(_numeric_ties(model))
        else:
            rows.append(UNTIED)
    return np.vstack(rows) if rows else np.empty((0, len(UNTIED)))


def _numeric_ties(model: NumericColumn) -> np.ndarray:
    """A mixture's pieces: each point mass's interval a tie, the continuous part between them untied."""
    atoms = np.asarray(model.marginal.atoms, dtype=float)
    lo, hi = _mixture_interval(atoms, model)
    cuts, tied = [0.0], []
    for start, stop in sorted(zip(lo.tolist(), hi.tolist(), strict=True)):
        if start > cuts[-1]:
            cuts.append(start)
            tied.append(False)
        if stop > cuts[-1]:
            cuts.append(stop)
            tied.append(True)
    if cuts[-1] < 1.0:
        cuts.append(1.0)
        tied.append(False)
    return piece_coefficients(np.clip(cuts, 0.0, 1.0), np.asarray(tied, dtype=bool))


def dependence_statistics(
    data: pd.DataFrame, state: CopulaState, domain: Domain, weight: float, clip_norm: float | None
) -> Statistics:
    """Weighted sums of score and presence products (phase 2); rows' score vectors clipped to ``clip_norm``."""
    z = latent_scores(data, state, domain)
    present = ~np.isnan(z)
    filled = np.where(present, z, 0.0)
    if clip_norm is not None and len(filled):
        norms = np.linalg.norm(filled, axis=1)
        filled *= np.minimum(1.0, clip_norm / np.maximum(norms, 1e-300))[:, None]
    upper = np.triu_indices(len(state.latent))
    flags = present.astype(float)
    return {
        "scores": weight * (filled.T @ filled)[upper],
        "pairs": weight * (flags.T @ flags)[upper],
    }


def _interval_mean(lo: np.ndarray | float, hi: np.ndarray | float) -> np.ndarray:
    """E[Z | lo < Phi(Z) < hi] for a standard normal Z; Phi^-1 of the point where the interval is empty."""
    lo, hi = np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)
    width = hi - lo
    a, b = special.ndtri(np.clip(lo, 0.0, 1.0)), special.ndtri(np.clip(hi, 0.0, 1.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = (np.exp(-0.5 * a * a) - np.exp(-0.5 * b * b)) / (np.sqrt(2 * np.pi) * width)
    point = special.ndtri(np.clip((lo + hi) / 2, 1e-15, 1 - 1e-15))
    return np.where(width > 1e-12, mean, point)


def _category_interval(series: pd.Series, model: CategoricalColumn) -> tuple[np.ndarray, np.ndarray]:
    codes = model.codes_of(series)
    cumulative = np.concatenate(([0.0], np.cumsum(model.probs)))
    known = codes < len(model.categories)
    lo = np.where(known, cumulative[np.minimum(codes, len(model.categories) - 1)], np.nan)
    hi = np.where(known, cumulative[np.minimum(codes, len(model.categories) - 1) + 1], np.nan)
    return lo, hi


def _numeric_interval(series: pd.Series, model: NumericColumn, column: ColumnDomain) -> tuple[np.ndarray, np.ndarray]:
    """The interval of the mixture's distribution function each value occupies (a point off the atoms)."""
    x = np.clip(numeric_axis(series), *column.bounds)
    lo, hi = _mixture_interval(x, model)
    missing = np.isnan(x)
    return np.where(missing, np.nan, lo), np.where(missing, np.nan, hi)


def _mixture_interval(x: np.ndarray, model: NumericColumn) -> tuple[np.ndarray, np.ndarray]:
    """The interval of the mixture's distribution function each value on its axis occupies."""
    marginal = model.marginal
    atoms = np.asarray(marginal.atoms, dtype=float)
    probs = np.asarray(marginal.atom_probs, dtype=float)
    if marginal.family is None:
        probs = probs / probs.sum()
        cumulative = np.concatenate(([0.0], np.cumsum(probs)))
        nearest = np.abs(np.nan_to_num(x)[:, None] - atoms[None, :]).argmin(axis=1)
        lo, hi = cumulative[nearest], cumulative[nearest + 1]
    else:
        cumulative = np.concatenate(([0.0], np.cumsum(probs)))
        position = np.searchsorted(atoms, x, side="left")
        continuous = max(1.0 - float(probs.sum()), 0.0)
        lo = cumulative[position] + continuous * np.nan_to_num(family_cdf(marginal.family, x, marginal.params))
        at = np.minimum(position, max(len(atoms) - 1, 0))
        is_atom = (position < len(atoms)) & (atoms[at] == x) if len(atoms) else np.zeros(len(x), dtype=bool)
        hi = lo + np.where(is_atom, probs[at] if len(atoms) else 0.0, 0.0)
    return lo, hi


def add_statistics(first: Mapping[str, np.ndarray], second: Mapping[str, np.ndarray]) -> Statistics:
    """Blockwise sum of two statistics dicts with the same blocks."""
    if set(first) != set(second):
        raise ValueError(f"statistics blocks differ: {sorted(set(first) ^ set(second))}")
    return {name: np.asarray(first[name], dtype=float) + np.asarray(second[name], dtype=float) for name in first}

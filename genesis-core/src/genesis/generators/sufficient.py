"""Pieces of a fitted Gaussian copula built from pooled counts instead of rows.

Federated training (the ``genesis-federated`` distribution) never sees rows: it pools per-site
histograms on public bins, category counts and sums of normal-score products, then needs the
same fitted-model type as :meth:`GaussianCopulaGenerator.fit` produces. This module supplies
the two steps that need the copula's internals:

- :func:`histogram_marginal`: a numeric marginal from bin counts and point-mass counts;
- :func:`copula_state`: the fitted state from column models and a raw correlation matrix
  (repaired to a valid correlation), ready for :meth:`GaussianCopulaGenerator.from_state`.

Example::

    >>> marginal = histogram_marginal([0.0, 1.0, 2.0], [30, 70], atoms=[0.0], atom_counts=[100])
    >>> round(sum(marginal.atom_probs), 2)
    0.5
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from genesis.errors import ValidationError
from genesis.generators.columns import ColumnModel
from genesis.generators.dependence import correlation_factor, nearest_correlation
from genesis.generators.families import EMPIRICAL, EMPIRICAL_KNOTS, FamilyChoice
from genesis.generators.marginals import NumericMarginal, _quantile_table
from genesis.generators.report import ColumnReport, FitReport
from genesis.generators.state import NULL, CopulaState
from genesis.schema import Schema

__all__ = ["copula_state", "histogram_marginal"]


def histogram_marginal(
    edges: Sequence[float],
    counts: Sequence[float],
    atoms: Sequence[float] = (),
    atom_counts: Sequence[float] = (),
) -> NumericMarginal:
    """A mixture of point masses ``atoms`` and a histogram, uniform within each bin.

    ``edges`` are the ``len(counts) + 1`` increasing bin edges; counts may be weighted or noisy
    (negative ones count as zero). The continuous part is the histogram's piecewise-linear
    distribution function, tabulated as the ``empirical`` family.
    """
    edge = np.asarray(edges, dtype=float)
    count = np.clip(np.asarray(counts, dtype=float), 0.0, None)
    atom = np.asarray(atoms, dtype=float)
    atom_count = np.clip(np.asarray(atom_counts, dtype=float), 0.0, None)
    if edge.ndim != 1 or len(edge) != len(count) + 1 or np.any(np.diff(edge) <= 0):
        raise ValidationError(f"a histogram needs {len(count) + 1} increasing edges, got {edge.tolist()}")
    if len(atom) != len(atom_count):
        raise ValidationError(f"{len(atom)} point masses but {len(atom_count)} point-mass counts")
    total = float(count.sum() + atom_count.sum())
    if total <= 0:
        raise ValidationError("a histogram marginal needs a positive total count")
    keep = atom_count > 0
    atom, probs = atom[keep], atom_count[keep] / total
    choice = None
    if count.sum() > 0:
        levels = np.linspace(0.0, 1.0, EMPIRICAL_KNOTS)
        cumulative = np.concatenate(([0.0], np.cumsum(count))) / count.sum()
        knots = np.interp(levels, cumulative, edge)  # flat stretches of empty bins are skipped
        choice = FamilyChoice(family=EMPIRICAL, params={"knots": knots.tolist()}, notes=["histogram"])
    elif not len(atom):
        raise ValidationError("a histogram marginal needs a positive count somewhere")
    knots_z, knots_x = _quantile_table(atom, probs, choice)
    return NumericMarginal(
        atoms=atom.tolist(),
        atom_probs=probs.tolist(),
        family=choice.family if choice else None,
        params=choice.params if choice else {},
        knots_z=knots_z,
        knots_x=np.clip(knots_x, edge[0], edge[-1]),
        notes=choice.notes if choice else [],
    )


def copula_state(
    schema: Schema,
    columns: dict[str, ColumnModel],
    latent: list[tuple[str, str]],
    correlation: np.ndarray,
    *,
    n_rows: int,
) -> CopulaState:
    """The fitted state of a copula over ``columns`` (in ``schema`` order), with ``correlation`` repaired.

    ``latent`` names the rows of ``correlation`` as ``(column, "value" | "null")``; the null
    cut of each ``"null"`` dimension comes from ``schema[column].null_rate``.
    """
    raw = np.asarray(correlation, dtype=float)
    if raw.shape != (len(latent), len(latent)):
        raise ValidationError(f"correlation has shape {raw.shape}, expected {(len(latent), len(latent))}")
    missing = sorted(set(columns) - set(schema.names))
    if missing:
        raise ValidationError(f"column models name columns missing from the schema: {missing}")
    repaired = nearest_correlation(raw) if len(raw) else raw
    reports = {
        name: ColumnReport(
            name, schema[name].kind, null_indicator=(name, NULL) in latent, **columns[name].describe()
        )
        for name in schema.names
        if name in columns
    }
    report = FitReport(
        n_rows=n_rows,
        n_latent=len(latent),
        fit_seconds=0.0,
        correlation_repair=float(np.linalg.norm(repaired - raw)),
        columns=reports,
    )
    return CopulaState(schema, columns, [], list(latent), repaired, correlation_factor(repaired), report)

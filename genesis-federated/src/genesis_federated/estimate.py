"""From pooled statistics to the core copula's fitted state (what the coordinator computes).

The estimator is a function of the pooled sums only, so fitting it on the pooled rows (one
"site" holding everything) and on any split of them gives the same model up to floating-point
summation order: that is the exact-pooling guarantee.

- marginals: numeric columns are :func:`~genesis.generators.sufficient.histogram_marginal`
  mixtures of the public point masses and the histogram; categorical columns have the pooled
  category frequencies (most frequent first, the vocabulary's order for ordered and boolean
  columns); null rates are the pooled share of missing values;
- dependence: the correlation of normal scores over the rows where both dimensions are present,
  ``(S_ij / P_ij) / sqrt(S_ii / P_ii * S_jj / P_jj)``, solved back to the latent normals' where ties (categories,
  point masses, null flags) hide part of it (as in the central fit, :mod:`genesis.generators.attenuation`), and
  repaired to a valid correlation matrix.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from genesis.generators.attenuation import latent_correlation
from genesis.generators.columns import CategoricalColumn, ColumnModel, ConstantColumn, NumericColumn, tick_unit
from genesis.generators.dependence import pair_weight
from genesis.generators.state import NULL, VALUE, CopulaState
from genesis.generators.sufficient import copula_state, histogram_marginal
from genesis.schema import ColumnKind, ColumnSchema, Schema
from genesis_federated.domain import ColumnDomain, Domain
from genesis_federated.statistics import ROWS, score_ties

__all__ = ["column_summary", "fit_dependence", "fit_marginals", "model_parameters", "square"]


def fit_marginals(domain: Domain, pooled: Mapping[str, np.ndarray]) -> CopulaState:
    """The column models and null rates from pooled phase-1 statistics (identity correlation)."""
    n_rows = max(round(float(pooled[ROWS][0])), 0)
    columns: dict[str, ColumnSchema] = {}
    models: dict[str, ColumnModel] = {}
    for column in domain:
        counts = np.clip(np.asarray(pooled[f"counts:{column.name}"], dtype=float), 0.0, None)
        total = float(counts.sum())
        null_rate = float(counts[-1] / total) if total > 0 else 1.0
        if _never_null(column.column.dtype):  # noise must not invent nulls an int64 or bool column cannot hold
            null_rate = 0.0
        described = replace(column.column, null_rate=null_rate)
        if column.numeric:
            described = replace(described, minimum=_bound(column, 0), maximum=_bound(column, 1))
        columns[column.name] = described
        models[column.name] = _column_model(column, described, counts[:-1])
    schema = Schema(columns=columns, n_rows=n_rows)
    latent: list[tuple[str, str]] = []
    for name, model in models.items():
        if model.has_value:
            latent.append((name, VALUE))
        if 0.0 < schema[name].null_rate < 1.0 and model.has_value:
            latent.append((name, NULL))
    return copula_state(schema, models, latent, np.eye(len(latent)), n_rows=n_rows)


def _bound(column: ColumnDomain, side: int) -> float | str:
    """A public bound as the schema states it: a number, or ISO text for a datetime column."""
    value = column.bounds[side]
    if column.column.kind is not ColumnKind.DATETIME:
        return value
    unit = tick_unit(pd.api.types.pandas_dtype(column.column.dtype))
    return pd.Timestamp(int(value), unit=unit).isoformat()


def _never_null(dtype: str) -> bool:
    try:
        resolved = pd.api.types.pandas_dtype(dtype)
    except TypeError:
        return False
    return isinstance(resolved, np.dtype) and resolved.kind in "iub"


def _column_model(column: ColumnDomain, schema: ColumnSchema, counts: np.ndarray) -> ColumnModel:
    if counts.sum() <= 0:
        return ConstantColumn(schema, None)
    if not column.numeric:
        vocabulary = column.vocabulary
        order = np.arange(len(vocabulary))
        if not (schema.ordered or schema.kind is ColumnKind.BOOLEAN):
            order = np.argsort(-counts, kind="stable")
        order = order[counts[order] > 0]
        probs = counts[order] / counts[order].sum()
        return CategoricalColumn(schema, [vocabulary[i] for i in order], probs.tolist())
    n_atoms = len(column.atoms)
    if column.edges:
        edges, bins = column.edges, counts[n_atoms:].tolist()
    else:  # point masses only: an empty histogram on any valid range
        lower, upper = column.bounds
        edges, bins = (lower, max(upper, lower + 1.0)), [0.0]
    marginal = histogram_marginal(edges, bins, column.atoms, counts[:n_atoms].tolist())
    return NumericColumn(schema, marginal, 0, column.step)


def square(upper: np.ndarray, size: int) -> np.ndarray:
    """The symmetric matrix whose upper triangle (row-major, diagonal included) is ``upper``."""
    matrix = np.zeros((size, size))
    matrix[np.triu_indices(size)] = upper
    return matrix + np.triu(matrix, 1).T


def fit_dependence(state: CopulaState, pooled: Mapping[str, np.ndarray]) -> CopulaState:
    """``state`` with the correlation of normal scores from pooled phase-2 statistics."""
    size = len(state.latent)
    sums, pairs = square(pooled["scores"], size), square(pooled["pairs"], size)
    with np.errstate(divide="ignore", invalid="ignore"):
        cov = sums / pairs
        var = np.diag(cov)
        corr = cov / np.sqrt(np.outer(var, var))
    corr[~np.isfinite(corr)] = 0.0
    corr *= pair_weight(pairs)
    np.fill_diagonal(corr, 1.0)
    corr = np.clip(corr, -1.0, 1.0)
    ties = score_ties(state)
    spread = np.sqrt(ties[:, 0])  # the scores are interval means, not spread over their ties: E[m^2] = a_1
    corr = latent_correlation(corr * np.outer(spread, spread), ties, pairs)
    np.fill_diagonal(corr, 1.0)
    return copula_state(state.schema, state.columns, state.latent, corr, n_rows=state.report.n_rows)


def column_summary(domain: Domain, pooled: Mapping[str, np.ndarray]) -> dict[str, dict[str, Any]]:
    """Pooled per-column facts: count, null rate, and mean/std (numeric) or category counts."""
    summary: dict[str, dict[str, Any]] = {}
    for column in domain:
        counts = np.asarray(pooled[f"counts:{column.name}"], dtype=float)
        present = float(counts[:-1].sum())
        facts: dict[str, Any] = {"count": present, "null_rate": float(counts[-1] / max(counts.sum(), 1e-300))}
        if column.numeric:
            lower, upper = column.bounds
            sum_t, sum_tt = (float(v) for v in pooled[f"moments:{column.name}"])
            mean_t = sum_t / present if present > 0 else float("nan")
            var_t = max(sum_tt / present - mean_t * mean_t, 0.0) if present > 0 else float("nan")
            facts["mean"] = lower + (upper - lower) * mean_t
            facts["std"] = (upper - lower) * float(np.sqrt(var_t))
        else:
            facts["counts"] = {str(v): float(c) for v, c in zip(column.vocabulary, counts[:-1], strict=True)}
        summary[column.name] = facts
    return summary


def model_parameters(
    domain: Domain, marginals: Mapping[str, np.ndarray], dependence: Mapping[str, np.ndarray], state: CopulaState
) -> dict[str, Any]:
    """``AggregatedModel.parameters`` of a fitted model: the state, pooled column facts, the labelled
    correlation, the domain and the pooled statistics of both phases."""
    labels = [name if part != NULL else f"{name}:null" for name, part in state.latent]
    return {
        "state": state.to_dict(),
        "columns": column_summary(domain, marginals),
        "correlation": {"labels": labels, "matrix": state.correlation.tolist()},
        "domain": domain.to_dict(),
        "statistics": {
            "marginals": {k: np.asarray(v, dtype=float).tolist() for k, v in marginals.items()},
            "dependence": {k: np.asarray(v, dtype=float).tolist() for k, v in dependence.items()},
        },
    }

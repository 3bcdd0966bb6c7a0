"""One-shot aggregation: sites that answered without a coordinator's plan, each on its own declared domain.

``DataSite.train_local()`` without a plan runs both protocol phases on the site alone (:func:`local_reply`):
phase-1 statistics on the site's declared domain, the site's own marginals fitted from them, then phase-2
statistics under those marginals. :func:`reconcile` brings such replies onto one merged domain (the coordinator's
usual :meth:`Domain.merge`) so an aggregator can pool them in one call:

- categories, point masses, missing values and the moments of numeric columns carry over exactly (moments by
  the affine change of bounds, since every declared domain contains its site's values);
- histogram counts are re-binned by overlap, assuming values spread uniformly within each of the site's bins
  (exact when the merged bins nest the site's, as for small integer ranges);
- the correlation: each site's normal scores were computed under its own marginals, not the pooled ones.
  A categorical column's pooled score is a function of its category, so the site also sends, per category,
  the count and the sums of the other scores, and a contingency table for each pair of categorical columns:
  every product involving a categorical dimension is then exact. A numeric (or null-flag) dimension is mapped
  onto the pooled scale with a linear fit ``z_pooled ~ a + b z_site`` (least squares over rows drawn from the
  site's own marginals, seeded), which the sums of score products, of scores and of presence flags carry
  exactly: mean shifts and scale differences between sites are kept, only the curvature of the map is lost.
  A site without missing values in a column has no null flag for it; its rows get the pooled "present" score.

So a one-shot model is close to, not equal to, the two-phase protocol's exact pooling, which
:class:`~genesis_federated.generator.FederatedGenerator` runs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from genesis.errors import ValidationError
from genesis.generators.columns import CategoricalColumn
from genesis.generators.copula import GaussianCopulaGenerator
from genesis.generators.state import NULL, VALUE, CopulaState
from genesis_federated.domain import ColumnDomain, Domain
from genesis_federated.estimate import fit_marginals, square
from genesis_federated.statistics import ROWS, dependence_statistics, latent_scores, marginal_statistics

__all__ = [
    "LOCAL_PHASE",
    "Reconciled",
    "SiteScores",
    "category_sums",
    "is_local",
    "local_reply",
    "pooled_dependence",
    "reconcile",
    "score_sums",
]

#: The ``phase`` of a reply made without a plan.
LOCAL_PHASE = "local"
#: Rows drawn from a site's own marginals to fit the map of its normal scores onto the pooled ones.
MAP_SAMPLE = 4000


def score_sums(data: pd.DataFrame, state: CopulaState, domain: Domain, weight: float) -> np.ndarray:
    """``sums[i, j]``: the weighted sum of score ``i`` over the rows where dimensions ``i`` and ``j`` are present."""
    z = latent_scores(data, state, domain)
    present = ~np.isnan(z)
    return weight * (np.where(present, z, 0.0).T @ present.astype(float))


def category_sums(data: pd.DataFrame, state: CopulaState, domain: Domain, weight: float) -> dict[str, Any]:
    """For each categorical latent dimension ``i`` (by index): ``counts[c, j]`` rows of category ``c`` with
    dimension ``j`` present, ``sums[c, j]`` the sum of score ``j`` over them, and ``joint[i2]`` the contingency
    table with each later categorical dimension ``i2`` (all weighted)."""
    z = latent_scores(data, state, domain)
    present = ~np.isnan(z)
    filled, flags = np.where(present, z, 0.0), present.astype(float)
    onehot: dict[int, np.ndarray] = {}
    for i, (name, part) in enumerate(state.latent):
        model = state.columns[name]
        if part == VALUE and isinstance(model, CategoricalColumn) and name in data.columns:
            codes = model.codes_of(data[name])
            onehot[i] = (codes[:, None] == np.arange(len(model.categories))[None, :]).astype(float)
    result: dict[str, Any] = {}
    for i, h in onehot.items():
        joint = {str(k): (weight * h.T @ other).tolist() for k, other in onehot.items() if k > i}
        result[str(i)] = {"counts": (weight * h.T @ flags).tolist(), "sums": (weight * h.T @ filled).tolist(),
                          "joint": joint}  # fmt: skip
    return result


def local_reply(
    name: str, data: pd.DataFrame, *, weight: float, privacy_budget: float, bins: int = 32
) -> dict[str, Any]:
    """Both phases on the site's own declared domain, as one reply (plaintext: see the module docstring)."""
    domain = Domain.infer(data, bins=bins)
    first = marginal_statistics(data, domain, weight)
    state = fit_marginals(domain, first)
    second = dependence_statistics(data, state, domain, weight, None)
    second["sums"] = score_sums(data, state, domain, weight)
    return {
        "categories": category_sums(data, state, domain, weight),
        "site": name,
        "session": "local",
        "round": 0,
        "phase": LOCAL_PHASE,
        "domain": domain.digest(),
        "declared_domain": domain.to_dict(),
        "latent": [list(label) for label in state.latent],
        "n_samples": len(data),
        "weight": weight,
        "privacy_budget": privacy_budget,
        "statistics": {
            "marginals": {block: values.tolist() for block, values in first.items()},
            "dependence": {block: values.tolist() for block, values in second.items()},
        },
    }


def is_local(site_params: Sequence[Mapping[str, Any]]) -> bool:
    """Whether every reply was made without a plan (:func:`local_reply`)."""
    return bool(site_params) and all(reply.get("phase") == LOCAL_PHASE for reply in site_params)


@dataclass(frozen=True)
class SiteScores:
    """One site's phase-2 sums (square matrices) with the marginals and domain its scores were computed on."""

    state: CopulaState
    domain: Domain
    products: np.ndarray
    pairs: np.ndarray
    sums: np.ndarray
    categories: dict[int, dict[str, Any]]
    rows: float


@dataclass(frozen=True)
class Reconciled:
    """Local replies on the merged domain: pooled phase-1 statistics and every site's phase-2 sums."""

    domain: Domain
    marginals: dict[str, np.ndarray]
    sites: list[str]
    n_samples: int
    max_weight: float
    privacy_budget: float
    dependence: list[SiteScores]


def reconcile(site_params: Sequence[Mapping[str, Any]], *, bins: int = 32) -> Reconciled:
    """Merge the sites' declared domains and pool their phase-1 statistics on the merged one."""
    names = [str(reply["site"]) for reply in site_params]
    if len(set(names)) != len(names):
        raise ValidationError(f"a site answered twice: {sorted(n for n in set(names) if names.count(n) > 1)}")
    try:
        declared = [Domain.from_dict(reply["declared_domain"]) for reply in site_params]
        merged = Domain.merge(declared, bins=bins)
        pooled = {ROWS: np.zeros(1)}
        for column in merged:
            pooled[f"counts:{column.name}"] = np.zeros(column.n_cells)
            if column.numeric:
                pooled[f"moments:{column.name}"] = np.zeros(2)
        dependence = []
        for reply, domain in zip(site_params, declared, strict=True):
            stats = {k: np.asarray(v, dtype=float) for k, v in reply["statistics"]["marginals"].items()}
            pooled[ROWS] += stats[ROWS]
            for column in domain:
                target = merged[column.name]
                counts = stats[f"counts:{column.name}"]
                pooled[f"counts:{column.name}"] += rebin(counts, column, target)
                if column.numeric:
                    pooled[f"moments:{column.name}"] += rebound(stats[f"moments:{column.name}"], counts, column,
                                                                target)  # fmt: skip
            state = fit_marginals(domain, stats)  # the very marginals the site scored its rows with
            if [list(label) for label in state.latent] != [list(label) for label in reply["latent"]]:
                raise ValueError(f"site {reply['site']!r}: its latent dimensions do not follow from its statistics")
            size, second = len(state.latent), reply["statistics"]["dependence"]
            dependence.append(SiteScores(
                state, domain, square(np.asarray(second["scores"], dtype=float), size),
                square(np.asarray(second["pairs"], dtype=float), size), np.asarray(second["sums"], dtype=float),
                {int(i): sums for i, sums in reply["categories"].items()}, float(stats[ROWS][0]),
            ))  # fmt: skip
    except (KeyError, TypeError, ValueError) as exc:
        problem = f"{type(exc).__name__}: {exc}"
        raise ValidationError(f"not a reply of DataSite.train_local() without a plan: {problem}") from exc
    return Reconciled(
        domain=merged, marginals=pooled, sites=names, n_samples=sum(int(r["n_samples"]) for r in site_params),
        max_weight=max(float(r["weight"]) for r in site_params),
        privacy_budget=min(float(r["privacy_budget"]) for r in site_params), dependence=dependence,
    )  # fmt: skip


def pooled_dependence(state: CopulaState, reconciled: Reconciled) -> dict[str, np.ndarray]:
    """The ``scores`` and ``pairs`` blocks on ``state``'s latent dimensions (the pooled marginals), summed over
    the sites after mapping each site's scores onto the pooled scale (see the module docstring)."""
    index = {label: i for i, label in enumerate(state.latent)}
    size = len(index)
    scores, pairs = np.zeros((size, size)), np.zeros((size, size))
    for site in reconciled.dependence:
        keep = [i for i, label in enumerate(site.state.latent) if label in index]
        at = [index[site.state.latent[i]] for i in keep]
        a, b = _score_map(site, state, reconciled.domain, keep, at)
        sub = np.ix_(keep, keep)
        products, counts, sums = site.products[sub], site.pairs[sub], site.sums[sub]
        mapped = (np.outer(a, a) * counts + np.outer(b, a) * sums + (np.outer(b, a) * sums).T
                  + np.outer(b, b) * products)  # fmt: skip
        category_scores = {i: _pooled_category_scores(site.state, state, reconciled.domain, i)
                           for i in site.categories if i in keep}  # fmt: skip
        _exact_categorical(mapped, site, category_scores, keep, a, b)
        scores[np.ix_(at, at)] += mapped
        pairs[np.ix_(at, at)] += counts
        _constant_null_flags(scores, pairs, site, state, reconciled.domain, category_scores, keep, at, a, b)
    upper = np.triu_indices(size)
    return {"scores": scores[upper], "pairs": pairs[upper]}


def _constant_null_flags(
    scores: np.ndarray, pairs: np.ndarray, site: SiteScores, pooled: CopulaState, merged: Domain,
    category_scores: dict[int, np.ndarray], keep: list[int], at: list[int], a: np.ndarray, b: np.ndarray,
) -> None:
    """Add the site's rows to the pooled null-flag dimensions of columns it has without any missing value: every
    one of its rows carries the same (present) pooled score there."""
    constants = []
    for name, part in pooled.latent:
        if part == NULL and (name, NULL) not in site.state.latent and name in site.domain.names:
            present = latent_scores(pd.DataFrame({name: [0]}), pooled, merged)[0, pooled.latent.index((name, NULL))]
            constants.append((pooled.latent.index((name, NULL)), float(present)))
    for flag, score in constants:
        for k, j in enumerate(keep):
            if j in category_scores:
                total = score * float(category_scores[j] @ np.asarray(site.categories[j]["counts"])[:, j])
            else:
                total = score * (a[k] * site.pairs[j, j] + b[k] * site.sums[j, j])
            for row, column in ((flag, at[k]), (at[k], flag)):
                scores[row, column] += total
                pairs[row, column] += site.pairs[j, j]
        for other, other_score in constants:
            scores[flag, other] += score * other_score * site.rows
            pairs[flag, other] += site.rows


def _exact_categorical(
    mapped: np.ndarray, site: SiteScores, scores: dict[int, np.ndarray], keep: list[int], a: np.ndarray,
    b: np.ndarray,
) -> None:
    """Overwrite, in ``mapped``, every product involving a categorical dimension with its exact value: the pooled
    score of each of the site's categories times the site's per-category sums (or contingency tables)."""
    position = {i: k for k, i in enumerate(keep)}
    for i, p in scores.items():
        counts, sums = np.asarray(site.categories[i]["counts"]), np.asarray(site.categories[i]["sums"])
        for j in keep:
            if j in scores:
                table = (np.diag(counts[:, i]) if j == i else
                         np.asarray(site.categories[i]["joint"][str(j)]) if j > i else
                         np.asarray(site.categories[j]["joint"][str(i)]).T)  # fmt: skip
                value = float(p @ table @ scores[j])
            else:
                value = float(p @ (a[position[j]] * counts[:, j] + b[position[j]] * sums[:, j]))
            mapped[position[i], position[j]] = mapped[position[j], position[i]] = value


def _pooled_category_scores(site: CopulaState, pooled: CopulaState, merged: Domain, i: int) -> np.ndarray:
    """The pooled normal score of each category of the site's categorical dimension ``i`` (0 where unknown)."""
    name = site.latent[i][0]
    model = site.columns[name]
    assert isinstance(model, CategoricalColumn)
    frame = pd.DataFrame({name: model.values})
    z = latent_scores(frame, pooled, merged)[:, pooled.latent.index((name, VALUE))]
    return np.nan_to_num(z, nan=0.0)


def _score_map(
    site: SiteScores, pooled: CopulaState, merged: Domain, keep: list[int], at: list[int]
) -> tuple[np.ndarray, np.ndarray]:
    """Per kept dimension, ``(a, b)`` of the least-squares line from the site's scores to the pooled ones, over
    rows drawn (seeded) from the site's own marginals."""
    rows = GaussianCopulaGenerator.from_state(site.state).generate(MAP_SAMPLE, seed=0)
    local, mapped = latent_scores(rows, site.state, site.domain), latent_scores(rows, pooled, merged)
    a, b = np.zeros(len(keep)), np.ones(len(keep))
    for k, (i, j) in enumerate(zip(keep, at, strict=True)):
        x, y = local[:, i], mapped[:, j]
        both = ~(np.isnan(x) | np.isnan(y))
        if not both.any():
            continue
        x, y = x[both], y[both]
        spread = float(np.var(x))
        b[k] = float(np.cov(x, y, bias=True)[0, 1] / spread) if spread > 1e-12 else 0.0
        a[k] = float(y.mean() - b[k] * x.mean())
    return a, b


def rebin(counts: np.ndarray, source: ColumnDomain, target: ColumnDomain) -> np.ndarray:
    """A site's cell counts on ``source`` expressed on the wider ``target`` (see the module docstring)."""
    out = np.zeros(target.n_cells)
    out[-1] = counts[-1]  # missing values
    if not source.numeric:
        cells = {value: i for i, value in enumerate(target.vocabulary)}
        for value, count in zip(source.vocabulary, counts[:-1], strict=True):
            if value in cells:
                out[cells[value]] += count
        return out
    n_atoms = len(target.atoms)
    target_edges = np.asarray(target.edges, dtype=float)
    for value, count in zip(source.atoms, counts[: len(source.atoms)], strict=True):
        out[_cell_of(value, target, target_edges)] += count
    if len(source.edges) > 1:
        edges = np.asarray(source.edges, dtype=float)
        bins = counts[len(source.atoms) : -1]
        if len(target_edges) > 1:
            overlap = np.clip(np.minimum(edges[1:, None], target_edges[None, 1:])
                              - np.maximum(edges[:-1, None], target_edges[None, :-1]), 0.0, None)  # fmt: skip
            share = overlap / np.maximum(edges[1:] - edges[:-1], 1e-300)[:, None]
            out[n_atoms : n_atoms + len(target_edges) - 1] += bins @ share
        else:
            for middle, count in zip((edges[1:] + edges[:-1]) / 2, bins, strict=True):
                out[_cell_of(float(middle), target, target_edges)] += count
    return out


def _cell_of(value: float, target: ColumnDomain, edges: np.ndarray) -> int:
    """The target cell a single value counts in: its point mass, else its bin, else the nearest point mass."""
    atoms = np.asarray(target.atoms, dtype=float)
    if len(atoms) and np.any(atoms == value):
        return int(np.flatnonzero(atoms == value)[0])
    if len(edges) > 1:
        return len(atoms) + int(np.clip(np.searchsorted(edges, value, side="right") - 1, 0, len(edges) - 2))
    return int(np.abs(atoms - value).argmin())


def rebound(moments: np.ndarray, counts: np.ndarray, source: ColumnDomain, target: ColumnDomain) -> np.ndarray:
    """Sums of ``t`` and ``t**2`` on ``source``'s bounds re-expressed on ``target``'s (``t' = a t + b``)."""
    present = float(counts[:-1].sum())
    (low, high), (lower, upper) = source.bounds, target.bounds
    width = max(upper - lower, 1e-300)
    a, b = (high - low) / width, (low - lower) / width
    sum_t, sum_tt = float(moments[0]), float(moments[1])
    return np.array([a * sum_t + b * present, a * a * sum_tt + 2 * a * b * sum_t + b * b * present])

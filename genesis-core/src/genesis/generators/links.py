"""Parent links between categorical columns: a Chow-Liu tree of conditional tables.

A Gaussian copula over category ranks blurs strong associations between categories (Adult's
``relationship == "Husband"`` implies ``sex == "Male"``). Each categorical column may instead
take one categorical parent: its value is drawn from the conditional table P(child | parent),
through its own copula score, which then carries only what the parent does not explain. The
parents form the maximum-mutual-information spanning tree (Chow and Liu, 1968), pruned of weak
edges, so each association kept is the strongest available and no cycle can arise.
"""

from __future__ import annotations

from collections.abc import Set

import numpy as np

__all__ = ["bin_codes", "bin_edges", "choose_parents", "code_entropy", "conditional_table", "mutual_information"]

#: Edges whose mutual information is below this share of the smaller entropy are dropped.
MIN_STRENGTH = 0.05
#: Conditional tables larger than this many cells are not built (too sparse to trust).
MAX_CELLS = 20_000
#: Pseudo-rows, spread by the child's marginal, added to each parent value's row.
SMOOTHING = 1.0
#: A numeric parent is cut into at most this many bins (one per value if it has no more).
MAX_BINS = 16


def bin_edges(x: np.ndarray) -> np.ndarray:
    """Interior cut points of a numeric column (NaN ignored): between values, or at quantiles."""
    present = x[~np.isnan(x)]
    distinct = np.unique(present)
    if len(distinct) <= MAX_BINS:
        return (distinct[1:] + distinct[:-1]) / 2
    return np.unique(np.quantile(present, np.linspace(0.0, 1.0, MAX_BINS + 1)[1:-1]))


def bin_codes(x: np.ndarray, edges: np.ndarray, missing: np.ndarray | None = None) -> np.ndarray:
    """Bin codes ``0..len(edges)`` of ``x``; missing values (NaN or flagged) get ``len(edges) + 1``."""
    codes = np.searchsorted(edges, x, side="right")
    gone = np.isnan(x) if missing is None else missing
    codes[gone] = len(edges) + 1
    return codes


def _entropy(counts: np.ndarray) -> float:
    p = counts[counts > 0] / counts.sum()
    return float(-(p * np.log(p)).sum())


def code_entropy(codes: np.ndarray, size: int) -> float:
    """Entropy (nats) of integer codes in ``range(size)``."""
    return _entropy(np.bincount(codes, minlength=size).astype(float))


def mutual_information(a: np.ndarray, b: np.ndarray, size_a: int, size_b: int) -> tuple[float, float]:
    """Mutual information of two code arrays, and its share of the smaller entropy."""
    joint = np.bincount(a * size_b + b, minlength=size_a * size_b).astype(float)
    h_a, h_b = code_entropy(a, size_a), code_entropy(b, size_b)
    mutual = h_a + h_b - _entropy(joint)
    smaller = min(h_a, h_b)
    return mutual, (mutual / smaller if smaller > 0 else 0.0)


def choose_parents(
    codes: dict[str, np.ndarray], sizes: dict[str, int], children: set[str], leaves: Set[str] = frozenset()
) -> dict[str, str]:
    """``{child: parent}`` along the maximum spanning forest of mutual information (Prim's algorithm).

    ``codes[name]`` are integer codes in ``range(sizes[name])``. Only names in ``children`` may
    get a parent; the others are roots from the start. Names in ``leaves`` are never a parent:
    a column of nearly unique values (replayed free text) would "explain" every other column
    perfectly, and following it would copy whole real rows. Columns are few (tens), so the
    quadratic loop over pairs runs once per fit, never per row.
    """
    names = list(codes)
    weight: dict[tuple[str, str], float] = {}
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            if sizes[a] * sizes[b] > MAX_CELLS:
                continue
            mutual, share = mutual_information(codes[a], codes[b], sizes[a], sizes[b])
            if share >= MIN_STRENGTH:
                weight[(a, b)] = weight[(b, a)] = mutual
    parents: dict[str, str] = {}
    visited = {name for name in names if name not in children}
    roots = sorted((name for name in names if name in children), key=lambda name: (name in leaves, -sizes[name]))
    while True:
        edges = [(w, a, b) for (a, b), w in weight.items() if a in visited and a not in leaves and b not in visited]
        if edges:
            _, parent, child = max(edges)
            parents[child] = parent
            visited.add(child)
            continue
        fresh = [name for name in roots if name not in visited]
        if not fresh:
            return parents
        visited.add(fresh[0])


def conditional_table(child: np.ndarray, parent: np.ndarray, size_child: int, size_parent: int) -> np.ndarray:
    """Rows P(child | parent), smoothed towards the child's marginal so rare parents stay sane."""
    joint = np.bincount(parent * size_child + child, minlength=size_parent * size_child).astype(float)
    joint = joint.reshape(size_parent, size_child)
    marginal = np.bincount(child, minlength=size_child) / len(child)
    smoothed = joint + SMOOTHING * marginal
    return smoothed / smoothed.sum(axis=1, keepdims=True)

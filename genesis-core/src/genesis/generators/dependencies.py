"""Functional dependencies: columns whose value is fixed by another column's value.

Adult's ``education`` and ``education-num`` determine each other; a copula would blur such a
pair, so the dependent column is left out of the copula and looked up from its determinant's
generated value. Missing values count as a value of their own on both sides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from genesis.generators.values import decode_values, encode_values, take
from genesis.schema import ColumnSchema, Scalar

__all__ = ["FunctionalDependency", "detect_functional_dependencies"]

#: A determinant needs at least this many rows per distinct value on average, so chance
#: coincidences in sparse columns are not mistaken for dependencies.
MIN_ROWS_PER_VALUE = 10


@dataclass
class FunctionalDependency:
    """``dependent`` is a function of ``determinant``: ``values[i]`` goes with ``keys[i]``."""

    determinant: str
    dependent: str
    keys: list[Scalar]
    values: list[Scalar]

    def apply(self, determinant: pd.Series, key_column: ColumnSchema, value_column: ColumnSchema) -> pd.Series:
        """The dependent column for a generated ``determinant`` column (vectorised lookup)."""
        positions = pd.Index(decode_values(self.keys, key_column)).get_indexer(pd.Index(determinant))
        values = decode_values(self.values, value_column)
        return take(values, positions).rename(self.dependent)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dictionary."""
        return {"determinant": self.determinant, "dependent": self.dependent, "keys": self.keys, "values": self.values}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FunctionalDependency:
        """Rebuild a dependency from :meth:`to_dict` output."""
        return cls(**data)


def detect_functional_dependencies(
    data: pd.DataFrame, determinants: Sequence[str], dependents: Sequence[str]
) -> list[FunctionalDependency]:
    """Find, greedily, each dependent column fixed by a determinant that is not itself dependent.

    Columns are visited from most to fewest distinct values (numeric before text on ties, so
    an ordinal code such as ``education-num`` stays in the copula and the label follows it).
    """
    codes = {name: pd.factorize(data[name], use_na_sentinel=False)[0] for name in {*determinants, *dependents}}
    sizes = {name: int(c.max()) + 1 if len(c) else 0 for name, c in codes.items()}
    eligible = {name for name in determinants if sizes[name] * MIN_ROWS_PER_VALUE <= len(data)}

    def rank(name: str) -> tuple[int, bool, int]:
        return (-sizes[name], not pd.api.types.is_numeric_dtype(data[name].dtype), list(data.columns).index(name))

    kept: list[str] = []
    found: list[FunctionalDependency] = []
    for name in sorted(codes, key=rank):
        source = next((s for s in kept if name in dependents and _determines(codes[s], codes[name])), None)
        if source is None:
            if name in eligible:
                kept.append(name)
            continue
        first = np.unique(codes[source], return_index=True)[1]
        found.append(
            FunctionalDependency(
                determinant=source,
                dependent=name,
                keys=encode_values(data[source].iloc[first]),
                values=encode_values(data[name].iloc[first]),
            )
        )
    return found


def _determines(source: np.ndarray, target: np.ndarray) -> bool:
    """True when each source code goes with exactly one target code."""
    n_source, n_target = int(source.max()) + 1, int(target.max()) + 1
    if n_target > n_source:
        return False
    pairs = source.astype(np.int64) * n_target + target
    if n_source * n_target <= 4_000_000:
        return int(np.count_nonzero(np.bincount(pairs, minlength=n_source * n_target))) == n_source
    return len(np.unique(pairs)) == n_source

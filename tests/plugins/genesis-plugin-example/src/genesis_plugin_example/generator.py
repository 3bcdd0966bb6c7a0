"""A generator that samples every column independently from its observed values.

It keeps each column's distribution and drops every dependency between columns: a baseline.
"""

from __future__ import annotations

from typing import Any, Self

import numpy as np
import pandas as pd

from genesis.errors import NotFittedError, ValidationError
from genesis.schema import Schema, infer_schema

__all__ = ["IndependentMarginals"]


class IndependentMarginals:
    """Resample each column independently (with replacement) from the training data."""

    def __init__(self) -> None:
        self._data: pd.DataFrame | None = None
        self._schema: Schema | None = None

    def fit(self, data: pd.DataFrame, schema: Schema | None = None) -> Self:
        """Remember the training columns (and their schema, inferred unless given)."""
        if data.empty:
            raise ValidationError("cannot fit on an empty frame")
        self._data = data.reset_index(drop=True)
        self._schema = schema if schema is not None else infer_schema(data)
        return self

    @property
    def schema(self) -> Schema:
        """The schema of the training data."""
        if self._schema is None:
            raise NotFittedError("IndependentMarginals has no schema before fit")
        return self._schema

    def generate(self, n: int, *, conditions: Any = None, seed: int | None = None) -> pd.DataFrame:
        """Draw ``n`` rows; conditions are left to the run pipeline (rejection sampling), not done here."""
        if self._data is None:
            raise NotFittedError("IndependentMarginals.generate called before fit")
        if conditions is not None:
            raise ValidationError("the independent-marginals generator does not support conditions")
        rng = np.random.default_rng(seed)
        columns = {
            name: self._data[name].iloc[rng.integers(0, len(self._data), size=n)].to_numpy()
            for name in self._data.columns
        }
        return pd.DataFrame(columns).astype(self._data.dtypes.to_dict())

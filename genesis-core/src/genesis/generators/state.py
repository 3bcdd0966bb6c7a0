"""The fitted state of a Gaussian copula: everything sampling needs, and nothing else.

It is small (a few hundred kilobytes for a wide table) and JSON-safe through
:meth:`CopulaState.to_dict`, so it can be broadcast to workers or shipped between sites.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from genesis.constraints import enforce
from genesis.errors import ValidationError
from genesis.generators.columns import (
    CategoricalColumn,
    ColumnModel,
    IdentifierColumn,
    NumericColumn,
    TextColumn,
    model_from_dict,
)
from genesis.generators.dependence import serial_blas
from genesis.generators.dependencies import FunctionalDependency
from genesis.generators.links import bin_codes
from genesis.generators.report import FitReport
from genesis.schema import Schema

__all__ = ["NULL", "VALUE", "CopulaState"]

VALUE, NULL = "value", "null"
#: Rows generated at once; larger requests are concatenated chunks of this size.
_CHUNK = 262_144


@dataclass
class CopulaState:
    """Column models, functional dependencies and the latent Gaussian's correlation.

    ``latent`` names each copula dimension as ``(column, "value" | "null")``; ``factor`` is a
    matrix ``A`` with ``A.T @ A == correlation``. ``labels`` are the original column labels when
    some were not strings (the schema names are their text).
    """

    schema: Schema
    columns: dict[str, ColumnModel]
    dependencies: list[FunctionalDependency]
    latent: list[tuple[str, str]]
    correlation: np.ndarray
    factor: np.ndarray
    report: FitReport
    labels: list[Any] | None = None

    def __post_init__(self) -> None:
        self._order = _parents_first(self.columns)
        self._labels = dict(zip(self.schema.names, self.labels or self.schema.names, strict=True))
        self._mixing = self.factor.T.astype(np.float32)
        self._parents = {m.parent for m in self.columns.values() if m.parent}
        self._index = {key: i for i, key in enumerate(self.latent)}
        self._steps = {name: m.step for name, m in self.columns.items() if isinstance(m, NumericColumn) and m.step}
        self._null_cut = {
            name: float(special.ndtri(1.0 - self.schema[name].null_rate)) for name, part in self.latent if part == NULL
        }

    def sample(self, n: int, rng: np.random.Generator) -> pd.DataFrame:
        """``n`` rows, drawn in chunks of fixed size so memory stays bounded and results do not
        depend on anything but the seed."""
        with serial_blas():
            if n <= _CHUNK:
                return self._sample_chunk(n, rng)
            chunks = [self._sample_chunk(min(_CHUNK, n - start), rng, False) for start in range(0, n, _CHUNK)]
        return self.refresh_identifiers(pd.concat(chunks, ignore_index=True), rng)

    def refresh_identifiers(self, frame: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
        """Redraw identifier columns over the whole frame (keeping their nulls), so rows assembled
        from several draws still carry unique identifiers."""
        for name, model in self.columns.items():
            if isinstance(model, IdentifierColumn):
                label = self._labels[name]
                frame[label] = model.sample(None, len(frame), rng, frame[label].isna().to_numpy())
        return frame

    def _sample_chunk(self, n: int, rng: np.random.Generator, fresh_ids: bool = True) -> pd.DataFrame:
        """Correlated normal scores, then :meth:`decode`.

        Scores are single precision: ample for a copula, and half the memory of the largest array.
        """
        latent = rng.standard_normal((len(self.latent), n), dtype=np.float32)
        latent[...] = self._mixing @ latent
        return self.decode(latent, rng, fresh_ids)

    def decode(self, latent: np.ndarray, rng: np.random.Generator, fresh_ids: bool = True) -> pd.DataFrame:
        """Rows from correlated normal scores of shape ``(len(self.latent), n)``, one row per dimension.

        Each column is decoded in whole-array steps (parents before their linked children);
        ``rng`` draws heaps, text, fresh identifiers and repairs of fixed combinations; without ``fresh_ids``
        identifier columns hold only their nulls, for :meth:`refresh_identifiers` to fill once the frame is assembled.
        Latent-space conditioning decodes its own scores here.
        """
        n = latent.shape[1]
        out: dict[str, pd.Series] = {}
        kept: dict[str, tuple[np.ndarray, np.ndarray | None]] = {}  # parents' codes or values, and nulls
        for name in self._order:
            model = self.columns[name]
            z = latent[self._index[(name, VALUE)]] if model.has_value else None
            null = self._index.get((name, NULL))
            missing = latent[null] > self._null_cut[name] if null is not None else None
            if isinstance(model, CategoricalColumn):
                drawn = model.draw_codes(latent[self._index[(name, VALUE)]], missing, self._parent_codes(model, kept))
                out[name] = model.from_codes(drawn)
                if name in self._parents:
                    kept[name] = (drawn, None)
            elif isinstance(model, NumericColumn) and name in self._parents:
                values = model.draw(latent[self._index[(name, VALUE)]], rng)
                out[name] = model.to_series(values, missing)
                kept[name] = (values, missing)
            elif isinstance(model, TextColumn) and model.parent is not None:
                out[name] = model.sample_given(kept[model.parent][0], rng, missing)
            elif isinstance(model, IdentifierColumn) and not fresh_ids:
                out[name] = _nulls(n, missing)
            else:
                out[name] = model.sample(z, n, rng, missing)
        del latent, kept
        for dependency in self.dependencies:
            out[dependency.dependent] = dependency.apply(
                out[dependency.determinant], self.schema[dependency.determinant], self.schema[dependency.dependent]
            )
        frame = pd.DataFrame({name: out[name] for name in self.schema.names}, index=pd.RangeIndex(n), copy=False)
        frame = enforce(frame, self.schema.constraints, rng, self._steps)
        return frame if self.labels is None else frame.set_axis(self.labels, axis=1)

    @staticmethod
    def _parent_codes(
        model: CategoricalColumn, kept: dict[str, tuple[np.ndarray, np.ndarray | None]]
    ) -> np.ndarray | None:
        if model.parent is None:
            return None
        values, missing = kept[model.parent]
        return values if model.parent_edges is None else bin_codes(values, model.parent_edges, missing)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dictionary."""
        return {
            "schema": self.schema.to_dict(),
            "columns": {name: model.to_dict() for name, model in self.columns.items()},
            "dependencies": [d.to_dict() for d in self.dependencies],
            "latent": [list(key) for key in self.latent],
            "correlation": self.correlation.tolist(),
            "factor": self.factor.tolist(),
            "report": self.report.to_dict(),
            "labels": self.labels,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CopulaState:
        """Rebuild the state from :meth:`to_dict` output."""
        schema = Schema.from_dict(data["schema"])
        size = len(data["latent"])
        return cls(
            schema=schema,
            columns={name: model_from_dict(schema[name], model) for name, model in data["columns"].items()},
            dependencies=[FunctionalDependency.from_dict(d) for d in data["dependencies"]],
            latent=[(str(name), str(part)) for name, part in data["latent"]],
            correlation=np.asarray(data["correlation"], dtype=float).reshape(size, size),
            factor=np.asarray(data["factor"], dtype=float).reshape(size, size),
            report=FitReport.from_dict(data["report"]),
            labels=data.get("labels"),
        )


def _nulls(n: int, missing: np.ndarray | None) -> pd.Series:
    """A stand-in column that only records where values are missing."""
    flags = np.ones(n, dtype=object)
    if missing is not None:
        flags[missing] = None
    return pd.Series(flags, dtype=object)


def _parents_first(columns: dict[str, ColumnModel]) -> list[str]:
    """Column names ordered so every linked column (categorical or text) comes after its parent."""
    parent = {n: m.parent for n, m in columns.items() if m.parent}
    order: list[str] = []
    placed: set[str] = set()
    pending = list(columns)
    while pending:
        ready = [n for n in pending if parent.get(n) is None or parent[n] in placed]
        if not ready:
            raise ValidationError(f"categorical parent links form a cycle or name missing columns: {parent}")
        order.extend(ready)
        placed.update(ready)
        pending = [n for n in pending if n not in placed]
    return order

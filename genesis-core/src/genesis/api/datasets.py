"""The datasets a server answers for: a name, a fitted model and the schema the parser grounds prompts in.

``genesis serve --data customers=customers.csv`` fits the chosen generator on the table at start; a
``.json`` path is a saved Gaussian copula model (``GaussianCopulaGenerator.save``) loaded without refitting.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from genesis.errors import ConfigError, UnknownComponentError, ValidationError
from genesis.schema import Schema

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Dataset", "DatasetRegistry", "parse_data_option"]


@dataclass(frozen=True)
class Dataset:
    """A named, fitted model and the schema of the data it learned."""

    name: str
    model: Any
    schema: Schema
    source: str = ""

    def describe(self) -> dict[str, Any]:
        """Name, training rows, source and column kinds (never data values)."""
        return {
            "name": self.name,
            "rows": self.schema.n_rows,
            "source": self.source,
            "columns": [{"name": c.name, "kind": str(c.kind)} for c in self.schema],
        }


def parse_data_option(option: str) -> tuple[str, Path]:
    """``"customers=data/customers.csv"`` → ``("customers", Path("data/customers.csv"))``."""
    name, sep, path = option.partition("=")
    if not sep or not name.strip() or not path.strip():
        raise ConfigError(f"--data {option!r}: write NAME=PATH, e.g. customers=customers.csv")
    return name.strip(), Path(path.strip())


class DatasetRegistry:
    """Datasets by name; thread-safe, since requests are served from worker threads."""

    def __init__(self) -> None:
        self._datasets: dict[str, Dataset] = {}
        self._lock = threading.Lock()

    def add(self, name: str, model: Any, schema: Schema | None = None, source: str = "") -> Dataset:
        """Register a fitted ``model`` (its ``schema`` attribute is used when ``schema`` is not given)."""
        schema = schema if schema is not None else getattr(model, "schema", None)
        if not isinstance(schema, Schema):
            raise ConfigError(f"dataset {name!r}: the model has no schema; pass schema=infer_schema(frame)")
        dataset = Dataset(name=name, model=model, schema=schema, source=source)
        with self._lock:
            self._datasets[name] = dataset
        return dataset

    def load(self, name: str, path: str | Path, method: str = "gaussian_copula") -> Dataset:
        """Fit ``method`` on the table at ``path``, or load a saved copula model from a ``.json`` file."""
        source = Path(path)
        if source.suffix.lower() == ".json":
            from genesis.generators.copula import GaussianCopulaGenerator

            if not source.is_file():
                raise ValidationError(f"no such model file: {source}")
            return self.add(name, GaussianCopulaGenerator.load(source), source=str(source))
        from genesis.io import read_table

        return self.fit(name, read_table(source), method=method, source=str(source))

    def fit(self, name: str, frame: pd.DataFrame, method: str = "gaussian_copula", source: str = "") -> Dataset:
        """Fit ``method`` on ``frame`` and serve the model as ``name``."""
        from genesis.plugins import GeneratorSpec, get_plugin_manager
        from genesis.schema import infer_schema

        model = get_plugin_manager().get(GeneratorSpec, method).create().fit(frame)
        return self.add(name, model, infer_schema(frame), source=source)

    def get(self, name: str | None) -> Dataset:
        """The dataset called ``name``; with no name, the only one registered."""
        with self._lock:
            if not self._datasets:
                raise ValidationError("no datasets are served: start the server with --data NAME=PATH")
            if name is None:
                if len(self._datasets) == 1:
                    return next(iter(self._datasets.values()))
                known = ", ".join(sorted(self._datasets))
                raise ValidationError(f"data_context is required: name one of the datasets ({known})")
            if name not in self._datasets:
                raise UnknownComponentError("data_context", name, sorted(self._datasets))
            return self._datasets[name]

    def __iter__(self) -> Iterator[Dataset]:
        with self._lock:
            return iter(list(self._datasets.values()))

    def __len__(self) -> int:
        return len(self._datasets)

"""The datasets a server answers for: a name, a fitted model and the schema the parser grounds prompts in.

``genesis serve --data customers=customers.csv`` fits the chosen generator on the table at start; a
``.json`` path is a saved Gaussian copula model (``GaussianCopulaGenerator.save``) loaded without refitting.
``--data customers=customers.csv:customers.schema.yaml`` fits with the schema file ``genesis discover`` wrote
(see :func:`split_schema`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from genesis.errors import ConfigError, UnknownComponentError, ValidationError
from genesis.pipeline import DEFAULT_METHOD, Pipeline, fit
from genesis.schema import Schema

if TYPE_CHECKING:
    import pandas as pd

    from genesis.lineage.recorder import LineageRecorder

__all__ = ["Dataset", "DatasetRegistry", "parse_data_option", "split_schema"]


@dataclass(frozen=True)
class Dataset:
    """A named, fitted model behind its run pipeline, and the schema of the data it learned."""

    name: str
    pipeline: Pipeline
    schema: Schema
    source: str = ""

    @property
    def model(self) -> Any:
        """The fitted generator."""
        return self.pipeline.model

    def describe(self) -> dict[str, Any]:
        """Name, training rows, source file name and column kinds (never data values, never a server path)."""
        return {
            "name": self.name,
            "rows": self.schema.n_rows,
            "source": Path(self.source).name if self.source else "",
            "columns": [{"name": c.name, "kind": str(c.kind)} for c in self.schema],
        }


def parse_data_option(option: str) -> tuple[str, Path]:
    """``"customers=data/customers.csv"`` → ``("customers", Path("data/customers.csv"))``."""
    name, sep, path = option.partition("=")
    if not sep or not name.strip() or not path.strip():
        raise ConfigError(f"--data {option!r}: write NAME=PATH, e.g. customers=customers.csv")
    return name.strip(), Path(path.strip())


def split_schema(path: Path) -> tuple[Path, Path | None]:
    """``data.csv:data.schema.yaml`` → the table and its schema file; a path without one → ``(path, None)``.

    The split is made only when the part after the last ``:`` is a schema file (``.yaml``, ``.yml``,
    ``.json``) and the part before it a data file, so paths holding a colon are left alone.
    """
    from genesis.io import SUPPORTED_SUFFIXES
    from genesis.schema_file import SCHEMA_SUFFIXES

    head, sep, tail = str(path).rpartition(":")
    if sep and Path(tail).suffix.lower() in SCHEMA_SUFFIXES and Path(head).suffix.lower() in SUPPORTED_SUFFIXES:
        return Path(head), Path(tail)
    return path, None


class DatasetRegistry:
    """Datasets by name; thread-safe, since requests are served from worker threads."""

    def __init__(self, *, lineage: LineageRecorder | None = None) -> None:
        self._datasets: dict[str, Dataset] = {}
        self._lock = threading.Lock()
        #: The recorder every dataset's runs are appended to (``genesis serve --lineage``), if any.
        self.lineage = lineage

    def add(self, name: str, model: Any, schema: Schema | None = None, source: str = "",
            method: str | None = None) -> Dataset:
        """Register a fitted ``model`` (its ``schema`` attribute is used when ``schema`` is not given)."""
        schema = schema if schema is not None else getattr(model, "schema", None)
        if not isinstance(schema, Schema):
            raise ConfigError(f"dataset {name!r}: the model has no schema; pass schema=infer_schema(frame)")
        pipeline = Pipeline(model, method=method, schema=schema, lineage=self.lineage)
        dataset = Dataset(name=name, pipeline=pipeline, schema=schema, source=source)
        with self._lock:
            self._datasets[name] = dataset
        return dataset

    def load(self, name: str, path: str | Path, method: str = DEFAULT_METHOD,
             schema: str | Path | None = None) -> Dataset:
        """Fit ``method`` on the table at ``path`` (with the schema file ``schema``, if given), or load a
        saved copula model from a ``.json`` file."""
        source = Path(path)
        if source.suffix.lower() == ".json":
            from genesis.generators.copula import GaussianCopulaGenerator

            if not source.is_file():
                raise ValidationError(f"no such model file: {source}")
            return self.add(name, GaussianCopulaGenerator.load(source), source=str(source), method=DEFAULT_METHOD)
        from genesis.io import read_table
        from genesis.schema_file import load_schema

        declared = load_schema(schema) if schema is not None else None
        return self.fit_table(name, read_table(source), method=method, source=str(source), schema=declared)

    def fit_table(self, name: str, frame: pd.DataFrame, method: str = DEFAULT_METHOD, source: str = "",
                  schema: Schema | None = None) -> Dataset:
        """Fit ``method`` on ``frame`` (with ``schema`` instead of an inferred one, if given) and serve it as
        ``name``."""
        from genesis.plugins import GeneratorSpec, get_plugin_manager
        from genesis.schema import infer_schema

        canonical = get_plugin_manager().get(GeneratorSpec, method).name
        model = fit(frame, canonical, schema=schema)
        found = getattr(model, "schema", None)
        return self.add(name, model, found if isinstance(found, Schema) else infer_schema(frame), source=source,
                        method=canonical)

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

"""``genesis.fit``: look a generator up by name, create it and fit it: the one place every surface does this."""

from __future__ import annotations

import inspect
from typing import Any

import pandas as pd

from genesis.errors import ConfigError, ValidationError
from genesis.protocols import Generator
from genesis.schema import Schema

__all__ = ["DEFAULT_METHOD", "fit"]

#: The generator every surface uses unless told otherwise (canonical spelling; ``gaussian_copula`` is accepted).
DEFAULT_METHOD = "gaussian-copula"


def _takes_schema(model: Generator) -> bool:
    try:
        parameters = inspect.signature(model.fit).parameters
    except (TypeError, ValueError):
        return False
    return "schema" in parameters or any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())


def fit(data: pd.DataFrame, method: str = DEFAULT_METHOD, *, schema: Schema | None = None,
        **options: Any) -> Generator:
    """Create the registered generator ``method`` with ``options`` and fit it on ``data``.

    ``schema`` (for example the one ``genesis discover --output`` wrote, loaded) replaces the inferred one for
    generators that take it; a generator that cannot take a schema is refused rather than silently ignoring it.
    """
    from genesis.plugins import GeneratorSpec, get_plugin_manager

    if not isinstance(data, pd.DataFrame) or data.empty:
        raise ValidationError("fit needs a non-empty pandas DataFrame")
    spec = get_plugin_manager().get(GeneratorSpec, method)
    model = spec.create(**options)
    if schema is None:
        return model.fit(data)
    if not _takes_schema(model):
        raise ConfigError(f"generator '{spec.name}' does not take a schema; drop --schema or pick another method")
    return model.fit(data, schema=schema)

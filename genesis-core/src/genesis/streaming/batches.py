"""BatchIterator: exactly ``total_samples`` rows from any generator, in batches, reproducibly (through the run
pipeline, so the rows are the same for any batch size)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd

from genesis.conditions import ConditionSet, as_condition_set
from genesis.errors import ConfigError
from genesis.pipeline import GenerationRequest, Pipeline
from genesis.validation import require_int

__all__ = ["BatchIterator", "underlying_model"]


def underlying_model(generator: Any) -> Any:
    """The fitted model to draw from: ``generator`` itself, or the model a wrapper (``StreamingGenerator``) holds."""
    from genesis.streaming.generator import StreamingGenerator

    if isinstance(generator, StreamingGenerator):
        return generator.model
    if not callable(getattr(generator, "generate", None)):
        raise ConfigError(f"{type(generator).__name__} has no generate() method")
    return generator


class BatchIterator:
    """Iterate over ``total_samples`` generated rows in batches of ``batch_size`` (the last one shorter).

    ``generator`` is a fitted generator or a :class:`~genesis.streaming.StreamingGenerator`. Re-iterable: each
    iteration is a new run of the pipeline, with the same rows when ``seed`` is given (fresh entropy per
    iteration otherwise); the rows do not depend on ``batch_size``.
    """

    def __init__(self, generator: Any, total_samples: int, batch_size: int = 1000, *, seed: int | None = None,
                 conditions: ConditionSet | dict[str, Any] | None = None) -> None:
        require_int("total_samples", total_samples, minimum=0)
        require_int("batch_size", batch_size, minimum=1)
        self.generator = generator
        self._pipeline = Pipeline(underlying_model(generator))
        self.total_samples = total_samples
        self.batch_size = batch_size
        self.seed = seed
        self.conditions = conditions

    def __len__(self) -> int:
        return -(-self.total_samples // self.batch_size)

    def __iter__(self) -> Iterator[pd.DataFrame]:
        conditions = as_condition_set(self.conditions) if self.conditions is not None else None
        request = GenerationRequest(self.total_samples, self.seed, conditions, self.batch_size)
        return iter(self._pipeline.run(request, surface="batch-iterator"))

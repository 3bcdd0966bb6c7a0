"""StreamingGenerator: fit once, then draw rows as a stream of reproducible, bounded-size batches."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Self

import pandas as pd

from genesis.conditions import ConditionSet, as_condition_set
from genesis.errors import NotFittedError
from genesis.pipeline import DEFAULT_METHOD, GenerationRequest, Pipeline, fit
from genesis.pipeline.drawing import empty_frame
from genesis.pipeline.seeding import fresh_seed
from genesis.schema import Schema
from genesis.streaming.config import StreamingConfig, StreamingStats
from genesis.streaming.metadata import add_metadata, check_no_metadata_clash
from genesis.validation import require_int

__all__ = ["StreamingGenerator"]


class StreamingGenerator:
    """Memory-efficient batch generation on top of any registered generator, through the run pipeline.

    A seeded stream (``config.seed``, or fresh entropy per call, reported as :attr:`last_seed`) is the same on
    every run and for every batch size: ``generate(n)`` returns the first ``n`` rows of ``generate_stream()``,
    and the same rows as ``genesis generate`` and the servers give for that seed. With ``lineage`` (a chain
    file) every run is appended to it.
    """

    def __init__(self, config: StreamingConfig | None = None, *, generator: Any = None,
                 lineage: str | Path | None = None) -> None:
        self.config = config or StreamingConfig()
        self.lineage = lineage
        self._pipeline = Pipeline(generator, lineage=lineage) if generator is not None else None
        self.method: str | None = type(generator).__name__ if generator is not None else None
        self._stats = StreamingStats()
        self.last_seed: int | None = None

    @property
    def stats(self) -> StreamingStats:
        """Rows and batches generated so far, with throughput."""
        return self._stats

    @property
    def pipeline(self) -> Pipeline:
        """The run pipeline over the fitted model."""
        if self._pipeline is None:
            raise NotFittedError("StreamingGenerator is not fitted: call fit(data) first")
        return self._pipeline

    @property
    def model(self) -> Any:
        """The fitted generator underneath."""
        return self.pipeline.model

    def fit(self, data: pd.DataFrame, method: str = DEFAULT_METHOD, *, schema: Schema | None = None,
            **kwargs: Any) -> Self:
        """Fit the registered generator ``method`` (any plugin's name) on ``data``; ``kwargs`` go to its factory."""
        from genesis.plugins import GeneratorSpec, get_plugin_manager

        if self.config.include_metadata:
            check_no_metadata_clash(data.columns)
        name = get_plugin_manager().get(GeneratorSpec, method).name
        if self._pipeline is not None:
            self._pipeline.close()
        self._pipeline = Pipeline(fit(data, name, schema=schema, **kwargs), method=name, lineage=self.lineage)
        self.method = name
        return self

    def _batches(self, conditions: ConditionSet | dict[str, Any] | None, *, limit: int | None,
                 delay: float) -> Iterator[pd.DataFrame]:
        config = self.config
        self.last_seed = config.seed if config.seed is not None else fresh_seed()
        request = GenerationRequest(limit, self.last_seed, as_condition_set(conditions) if conditions else None,
                                    config.batch_size)
        run = self.pipeline.run(request, surface="streaming")
        produced = 0
        self._stats.start()
        for batch_id, batch in enumerate(run):
            if batch_id and delay:
                time.sleep(delay)
            if config.include_metadata:
                batch = add_metadata(batch, batch_id, produced)
            produced += len(batch)
            self._stats.record(len(batch))
            yield batch

    def generate_stream(self, conditions: ConditionSet | dict[str, Any] | None = None) -> Iterator[pd.DataFrame]:
        """Yield batches of ``config.batch_size`` rows until ``config.max_batches`` (``None``: without end)."""
        limit = None if self.config.max_batches is None else self.config.max_batches * self.config.batch_size
        return self._batches(conditions, limit=limit, delay=self.config.delay_between_batches)

    def generate(self, n_samples: int, conditions: ConditionSet | dict[str, Any] | None = None) -> pd.DataFrame:
        """Exactly ``n_samples`` rows (the first rows of the stream), drawn batch by batch."""
        require_int("n_samples", n_samples, minimum=0)
        batches = list(self._batches(conditions, limit=n_samples, delay=0.0))
        if not batches:
            empty = empty_frame(self.model)
            return add_metadata(empty, 0, 0) if self.config.include_metadata else empty
        return pd.concat(batches, ignore_index=True)

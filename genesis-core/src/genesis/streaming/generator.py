"""StreamingGenerator: fit once, then draw rows as a stream of reproducible, bounded-size batches."""

from __future__ import annotations

import time
from collections.abc import Iterator
from itertools import count
from typing import Any, Self

import pandas as pd

from genesis.errors import NotFittedError
from genesis.streaming.batches import draw_batch
from genesis.streaming.config import StreamingConfig, StreamingStats
from genesis.streaming.metadata import add_metadata, check_no_metadata_clash
from genesis.streaming.seeding import child_seed, fresh_seed
from genesis.validation import require_int

__all__ = ["StreamingGenerator"]


class StreamingGenerator:
    """Memory-efficient batch generation on top of any registered generator.

    Batch ``i`` of a stream is drawn with seed ``SeedSequence(root).spawn(i + 1)[i]`` where ``root`` is
    ``config.seed`` (or fresh entropy per call, reported as :attr:`last_seed`), so a seeded stream is the same on
    every run. ``generate(n)`` returns the first ``n`` rows of that stream.
    """

    def __init__(self, config: StreamingConfig | None = None, *, generator: Any = None) -> None:
        self.config = config or StreamingConfig()
        self._model = generator
        self.method: str | None = type(generator).__name__ if generator is not None else None
        self._stats = StreamingStats()
        self.last_seed: int | None = None

    @property
    def stats(self) -> StreamingStats:
        """Rows and batches generated so far, with throughput."""
        return self._stats

    @property
    def model(self) -> Any:
        """The fitted generator underneath."""
        if self._model is None:
            raise NotFittedError("StreamingGenerator is not fitted: call fit(data) first")
        return self._model

    def fit(self, data: pd.DataFrame, method: str = "gaussian_copula", **kwargs: Any) -> Self:
        """Fit the registered generator ``method`` (any plugin's name) on ``data``; ``kwargs`` go to its factory."""
        from genesis.plugins import GeneratorSpec, get_plugin_manager

        if self.config.include_metadata:
            check_no_metadata_clash(data.columns)
        spec = get_plugin_manager().get(GeneratorSpec, method)
        self._model = spec.create(**kwargs).fit(data)
        self.method = spec.name
        return self

    def _root_seed(self) -> int:
        self.last_seed = self.config.seed if self.config.seed is not None else fresh_seed()
        return self.last_seed

    def _batches(self, conditions: Any, *, limit: int | None, max_batches: int | None,
                 delay: float) -> Iterator[pd.DataFrame]:
        model, config, root = self.model, self.config, self._root_seed()
        produced = 0
        self._stats.start()
        for batch_id in count():
            if max_batches is not None and batch_id >= max_batches:
                return
            wanted = config.batch_size if limit is None else min(config.batch_size, limit - produced)
            if wanted <= 0:
                return
            if batch_id and delay:
                time.sleep(delay)
            # Always draw a whole batch so a short last batch is a prefix of the stream's batch.
            batch = draw_batch(model, config.batch_size, seed=child_seed(root, batch_id), conditions=conditions)
            batch = batch.iloc[:wanted]
            if config.include_metadata:
                batch = add_metadata(batch, batch_id, produced)
            produced += len(batch)
            self._stats.record(len(batch))
            yield batch

    def generate_stream(self, conditions: Any = None) -> Iterator[pd.DataFrame]:
        """Yield batches of ``config.batch_size`` rows until ``config.max_batches`` (``None``: without end)."""
        return self._batches(conditions, limit=None, max_batches=self.config.max_batches,
                             delay=self.config.delay_between_batches)

    def generate(self, n_samples: int, conditions: Any = None) -> pd.DataFrame:
        """Exactly ``n_samples`` rows (the first rows of the stream), drawn batch by batch."""
        require_int("n_samples", n_samples, minimum=0)
        if n_samples == 0:
            empty = self.model.generate(1, seed=0).iloc[:0]
            return add_metadata(empty, 0, 0) if self.config.include_metadata else empty
        batches = self._batches(conditions, limit=n_samples, max_batches=None, delay=0.0)
        return pd.concat(list(batches), ignore_index=True)

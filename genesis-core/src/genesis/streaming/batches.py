"""BatchIterator: exactly ``total_samples`` rows from any generator, in batches, reproducibly."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd

from genesis.errors import ConfigError, GenerationError
from genesis.streaming.seeding import child_seed, fresh_seed
from genesis.validation import require_int

__all__ = ["BatchIterator", "draw_batch"]


def draw_batch(generator: Any, n: int, *, seed: int, conditions: Any = None) -> pd.DataFrame:
    """Ask ``generator`` for ``n`` rows with ``seed``; refuse a generator that returns none."""
    batch = generator.generate(n, conditions=conditions, seed=seed)
    if len(batch) == 0:
        raise GenerationError(f"{type(generator).__name__}.generate({n}) returned no rows")
    return batch.iloc[:n] if len(batch) > n else batch


class BatchIterator:
    """Iterate over ``total_samples`` generated rows in batches of ``batch_size``.

    Re-iterable: each iteration starts again from the first batch, with the same seeds when ``seed`` is given
    (fresh entropy per iteration otherwise). A generator returning fewer rows than asked is asked again for
    the rest; one returning no rows raises :class:`GenerationError` instead of looping forever.
    """

    def __init__(self, generator: Any, total_samples: int, batch_size: int = 1000, *, seed: int | None = None,
                 conditions: Any = None) -> None:
        require_int("total_samples", total_samples, minimum=0)
        require_int("batch_size", batch_size, minimum=1)
        if not callable(getattr(generator, "generate", None)):
            raise ConfigError(f"{type(generator).__name__} has no generate() method")
        self.generator = generator
        self.total_samples = total_samples
        self.batch_size = batch_size
        self.seed = seed
        self.conditions = conditions

    def __len__(self) -> int:
        return -(-self.total_samples // self.batch_size)

    def __iter__(self) -> Iterator[pd.DataFrame]:
        root = self.seed if self.seed is not None else fresh_seed()
        draws = 0
        for index in range(len(self)):
            wanted = min(self.batch_size, self.total_samples - index * self.batch_size)
            parts = []
            while wanted > 0:
                part = draw_batch(self.generator, wanted, seed=child_seed(root, draws), conditions=self.conditions)
                draws += 1
                parts.append(part)
                wanted -= len(part)
            yield parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)

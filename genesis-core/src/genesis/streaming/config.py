"""Streaming configuration and thread-safe statistics."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from genesis.errors import ConfigError
from genesis.validation import require_int

__all__ = ["METADATA_COLUMNS", "StreamingConfig", "StreamingStats"]

#: Columns added to every batch when ``include_metadata`` is true: the batch number (from 0), the row's index
#: within the whole stream (from 0), and the UTC time the batch was generated.
METADATA_COLUMNS = ("_batch_id", "_row_index", "_generated_at")


@dataclass(frozen=True)
class StreamingConfig:
    """How a stream is cut into batches.

    ``max_batches=None`` streams without end, ``0`` yields nothing. ``seed`` makes a stream reproducible:
    batch ``i`` is drawn with ``SeedSequence(seed).spawn(i + 1)[i]``; ``None`` draws fresh entropy once per
    generator, which :attr:`StreamingGenerator.seed` then reports.
    """

    batch_size: int = 1000
    max_batches: int | None = None
    delay_between_batches: float = 0.0
    include_metadata: bool = True
    seed: int | None = None

    def __post_init__(self) -> None:
        require_int("batch_size", self.batch_size, minimum=1)
        if self.max_batches is not None and (not isinstance(self.max_batches, int) or self.max_batches < 0):
            raise ConfigError(f"max_batches must be None or a non-negative integer, got {self.max_batches!r}")
        if self.delay_between_batches < 0:
            raise ConfigError(f"delay_between_batches must be >= 0, got {self.delay_between_batches!r}")
        if self.seed is not None and (not isinstance(self.seed, int) or self.seed < 0):
            raise ConfigError(f"seed must be None or a non-negative integer, got {self.seed!r}")


class StreamingStats:
    """Counts and throughput of generated rows; safe to read and update from several threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.total_samples = 0
        self.total_batches = 0
        self.start_time = 0.0
        self._end_time: float | None = None

    def start(self) -> None:
        """Mark the beginning of a run (only the first call counts)."""
        with self._lock:
            if not self.start_time:
                self.start_time = time.time()

    def record(self, rows: int) -> None:
        """Count one batch of ``rows`` rows."""
        with self._lock:
            if not self.start_time:
                self.start_time = time.time()
            self.total_samples += rows
            self.total_batches += 1
            self._end_time = time.time()

    @property
    def elapsed_time(self) -> float:
        """Seconds from the start to the last batch (0 before anything was generated)."""
        with self._lock:
            if not self.start_time or self._end_time is None:
                return 0.0
            return self._end_time - self.start_time

    @property
    def samples_per_second(self) -> float:
        """Rows per second over :attr:`elapsed_time` (0 when nothing was timed yet)."""
        elapsed = self.elapsed_time
        with self._lock:
            return self.total_samples / elapsed if elapsed > 0 else 0.0

    def __repr__(self) -> str:
        return (f"StreamingStats(total_samples={self.total_samples}, total_batches={self.total_batches}, "
                f"elapsed_time={self.elapsed_time:.3f}, samples_per_second={self.samples_per_second:.1f})")

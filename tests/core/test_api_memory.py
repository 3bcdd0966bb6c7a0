"""A server gives the memory of a large response back once it is sent (#21)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from genesis.api.memory import give_back_memory

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")


def _rss_mib() -> float:
    line = next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def test_freed_string_columns_go_back_to_the_system() -> None:
    """pyarrow's pool keeps the pages of freed buffers (the string columns of every batch) until told otherwise."""
    import pyarrow as pa

    before = _rss_mib()
    batches = [pa.array([f"row {i} of batch {b}" for i in range(200_000)], type=pa.large_string()) for b in range(20)]
    size = sum(batch.nbytes for batch in batches) / 2**20
    del batches
    held = _rss_mib()
    give_back_memory()
    after = _rss_mib()
    assert size > 50
    assert held - before > size / 2, "the freed buffers are still resident before give_back_memory"
    assert held - after > size / 2, f"only {held - after:.0f} of {size:.0f} MiB were given back"

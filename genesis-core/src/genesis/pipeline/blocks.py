"""The fixed layout of seeded blocks every run is drawn from.

Row ``r`` of a run always comes from the same block, drawn with the same seed, whatever the batch size, the
worker count, the executor or the number of rows asked for; so the same ``(n, seed, conditions)`` gives the same
rows on every surface, and ``n`` rows are a prefix of ``m > n`` rows. Blocks start small (a 20-row request draws
1,024 rows, not 65,536) and double up to :data:`MAX_BLOCK_ROWS`.
"""

from __future__ import annotations

from collections.abc import Iterator

__all__ = ["FIRST_BLOCK_ROWS", "MAX_BLOCK_ROWS", "block_of", "block_spans", "block_start"]

FIRST_BLOCK_ROWS = 1_024
MAX_BLOCK_ROWS = 65_536
#: The first block of full size: blocks 1..7 double from FIRST_BLOCK_ROWS (1,024 .. 32,768 rows).
_FULL_FROM = (MAX_BLOCK_ROWS // FIRST_BLOCK_ROWS).bit_length()


def block_start(index: int) -> int:
    """The first row of block ``index``."""
    if index <= 0:
        return 0
    if index < _FULL_FROM:
        return FIRST_BLOCK_ROWS << (index - 1)
    return MAX_BLOCK_ROWS * (index - _FULL_FROM + 1)


def block_of(row: int) -> int:
    """The index of the block holding ``row``."""
    if row < FIRST_BLOCK_ROWS:
        return 0
    if row < MAX_BLOCK_ROWS:
        return (row // FIRST_BLOCK_ROWS).bit_length()
    return row // MAX_BLOCK_ROWS + _FULL_FROM - 1


def block_spans(start: int, stop: int) -> Iterator[tuple[int, int, int]]:
    """``(index, first, end)`` of every block that holds rows of ``[start, stop)``, in order."""
    if stop <= start:
        return
    index = block_of(start)
    while block_start(index) < stop:
        yield index, block_start(index), block_start(index + 1)
        index += 1

"""Per-batch and per-partition seeds derived from one root seed, independent of how work is split."""

from __future__ import annotations

import numpy as np

__all__ = ["child_seed", "fresh_seed"]


def child_seed(root: int, index: int) -> int:
    """The integer seed of child ``index`` of ``SeedSequence(root)``: equal to ``spawn(index + 1)[index]``."""
    state = np.random.SeedSequence(root, spawn_key=(index,)).generate_state(2, dtype=np.uint32)
    return int(state[0]) << 32 | int(state[1])


def fresh_seed() -> int:
    """A new root seed from the operating system's entropy, as a non-negative integer."""
    return int(np.random.SeedSequence().generate_state(2, dtype=np.uint32).view(np.uint64)[0] >> 1)

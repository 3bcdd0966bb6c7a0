"""``np.searchsorted`` over a fixed step list, answered mostly by arithmetic.

Sampling maps millions of scores to codes through a few sorted cut points. A binary search
per score is the slow part, so the domain is cut into equal cells and each cell that no cut
point touches stores its answer; only scores in the few cells around a cut point (and in the
two end cells, which also catch values outside the domain) are searched. The answer is always
exactly ``np.searchsorted(steps, values, side)``.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

__all__ = ["StepLookup"]

#: Widening of each cell when deciding that no cut point touches it (guards float rounding).
_MARGIN = 1e-9


class StepLookup:
    """Exact ``np.searchsorted(steps, values, side)`` with a per-cell table over ``[low, high]``."""

    def __init__(
        self, steps: np.ndarray, low: float, high: float, cells: int, side: Literal["left", "right"] = "left"
    ) -> None:
        self.steps, self.side = np.asarray(steps, dtype=np.float64), side
        self.low, self.cells = float(low), max(int(cells), 2)
        self.scale = self.cells / (float(high) - self.low)
        edges = np.linspace(self.low, float(high), self.cells + 1)
        width = _MARGIN * max(1.0, abs(self.low), abs(float(high)))
        first = np.searchsorted(self.steps, edges[:-1] - width, side)
        last = np.searchsorted(self.steps, edges[1:] + width, side)
        self.table = np.where(first == last, first, -1)
        self.table[[0, -1]] = -1

    def __call__(self, values: np.ndarray) -> np.ndarray:
        """The insertion points of ``values`` (any shape-(n,) float array)."""
        position = (values.astype(np.float64) - self.low) * self.scale
        cell = np.clip(position, 0, self.cells - 1).astype(np.intp)
        codes = self.table[cell]
        search = codes < 0
        if search.any():
            codes[search] = np.searchsorted(self.steps, values[search], self.side)
        return codes

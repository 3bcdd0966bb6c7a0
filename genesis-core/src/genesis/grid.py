"""Numbers on a step grid (``0.01`` for cents, 1 for integers), computed so float noise never moves a value.

``0.57 / 0.01`` is ``56.99999999999999`` in floats: :func:`grid_units` snaps such quotients onto the whole
number they stand for before anything is floored or ceiled, and :func:`on_grid` gives each decimal value its
shortest float (``0.57``, not ``0.5700000000000001``), so generation, constraint repairs and conditions agree
on which grid point a value is.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["grid_units", "on_grid"]

#: Quotients this close to a whole number are that number.
_SNAP = 1e-9


def grid_units(x: np.ndarray | float, step: float) -> np.ndarray:
    """``x / step``, with quotients within float noise of a whole number set to it."""
    q = np.asarray(x, dtype=float) / step
    near = np.round(q)
    return np.where(np.abs(q - near) < _SNAP, near, q)


def on_grid(x: np.ndarray, step: float, direction: int = 0) -> np.ndarray:
    """``x`` on multiples of ``step`` (0: unchanged): the nearest one (``direction`` 0), the one below (-1) or
    above (+1); decimal steps give the shortest float of each value."""
    if not step:
        return x
    units = grid_units(x, step)
    whole = (np.floor(units) if direction < 0 else np.ceil(units) if direction > 0 else np.rint(units)) * step
    return np.round(whole, round(-math.log10(step))) if step < 1.0 else whole

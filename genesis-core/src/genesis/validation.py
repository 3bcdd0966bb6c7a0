"""Checks of user-supplied arguments, shared so every component words its errors the same way."""

from __future__ import annotations

from typing import Any

import numpy as np

from genesis.errors import ConfigError

__all__ = ["require_int"]


def require_int(name: str, value: Any, *, minimum: int) -> int:
    """Return ``value`` as an ``int`` if it is an integer (not a bool) of at least ``minimum``; else ConfigError."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        kind = "a positive integer" if minimum == 1 else f"an integer >= {minimum}"
        raise ConfigError(f"{name} must be {kind}, got {value!r}")
    return int(value)

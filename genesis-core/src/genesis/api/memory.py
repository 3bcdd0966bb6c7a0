"""Handing freed memory back to the operating system after a large response.

A streamed response frees every batch it encoded, but the allocators keep freed pages for reuse: glibc's arenas
(one per worker thread) and pyarrow's memory pool (mimalloc or jemalloc, holding the string columns' buffers), so
a server's resident size stays near its peak after a burst of large requests. ``malloc_trim`` and the pool's
``release_unused`` return those pages (measured: 16 responses of 1,000,000 rows, see ``benchmarks/rest_load.py``).
Elsewhere than glibc the first is a no-op.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sys
from collections.abc import Callable

__all__ = ["give_back_memory"]


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def give_back_memory() -> None:
    """Return the allocators' free pages to the system (pyarrow's pool only when pyarrow is already loaded)."""
    pyarrow = sys.modules.get("pyarrow")
    if pyarrow is not None:
        pyarrow.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)

"""Where the CLI writes: results on stdout, everything for people (progress, warnings, errors) on stderr."""

from __future__ import annotations

from functools import lru_cache

from rich.console import Console

__all__ = ["EXIT_CAVEATS", "stderr_console", "stdout_console"]

#: Exit code of a run that wrote every row but whose destination may hold more (rows produced twice).
EXIT_CAVEATS = 3


@lru_cache(maxsize=1)
def stderr_console() -> Console:
    """Console for progress, warnings and errors."""
    return Console(stderr=True, highlight=False)


@lru_cache(maxsize=1)
def stdout_console() -> Console:
    """Console for command results."""
    return Console(highlight=False)

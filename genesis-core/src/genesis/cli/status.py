"""Status lines on stderr for steps that take seconds (fitting, scoring, rendering), so no step is a silence.

``with phase("fitting gaussian-copula on adult.csv (2,000 rows x 15 columns)", "fitted", quiet=quiet):`` prints
the first text with "..." once the step has run for ``after`` seconds (1 by default) and ``fitted in 2.3 s`` when
it ends; a step quicker than that prints nothing, and nothing prints under ``--quiet``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["phase", "table_shape"]

SILENT_SECONDS = 1.0


@contextmanager
def phase(doing: str, done: str, *, quiet: bool = False, after: float = SILENT_SECONDS) -> Iterator[None]:
    """Say what is happening once the step has taken ``after`` seconds, then how long it took.

    A step that fails prints no "done" line: its error is what the user needs to read.
    """
    if quiet:
        yield
        return
    from rich.markup import escape

    from genesis.cli.console import stderr_console

    console = stderr_console()
    lock = threading.Lock()
    state = {"announced": False, "finished": False}

    def announce() -> None:
        with lock:
            if not state["finished"]:
                console.print(f"{escape(doing)}...", soft_wrap=True)
                state["announced"] = True

    start = time.perf_counter()
    timer = threading.Timer(after, announce)
    timer.daemon = True
    if after <= 0:
        announce()
    else:
        timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["finished"] = True
    if state["announced"]:
        console.print(f"{escape(done)} in {time.perf_counter() - start:.1f} s", soft_wrap=True)


def table_shape(rows: int, columns: int) -> str:
    """``"2,000 rows x 15 columns"``: how status lines describe a table."""
    return f"{rows:,} rows x {columns} column{'s' if columns != 1 else ''}"

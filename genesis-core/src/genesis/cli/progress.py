"""Progress reporting on stderr: a Rich bar on a terminal, plain lines under CI or a pipe, nothing when quiet."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

__all__ = ["Progress", "progress"]


class Progress(Protocol):
    """Something that is told how much work is done."""

    def advance(self, amount: int = 1) -> None: ...


class _Silent:
    def advance(self, amount: int = 1) -> None:
        return None


class _PlainLines:
    """Writes ``label: done/total`` at most once per ``interval`` seconds, and once at the end."""

    def __init__(self, label: str, total: int | None, interval: float) -> None:
        self.label, self.total, self.interval = label, total, interval
        self.done = 0
        self._last = 0.0
        self._written = -1

    def advance(self, amount: int = 1) -> None:
        self.done += amount
        now = time.monotonic()
        if now - self._last >= self.interval:
            self._last = now
            self.write()

    def write(self) -> None:
        if self._written == self.done:
            return
        self._written = self.done
        of_total = f"/{self.total:,} ({100 * self.done // max(self.total, 1)}%)" if self.total else ""
        print(f"{self.label}: {self.done:,}{of_total}", file=sys.stderr, flush=True)


class _RichBar:
    def __init__(self, bar: object, task: object) -> None:
        self._bar, self._task = bar, task

    def advance(self, amount: int = 1) -> None:
        self._bar.advance(self._task, amount)  # type: ignore[attr-defined]


def _interactive() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


@contextmanager
def progress(label: str, total: int | None = None, *, quiet: bool = False, interval: float = 1.0) -> Iterator[Progress]:
    """Report progress of ``total`` units (``None``: unknown, a spinner) on stderr."""
    if quiet:
        yield _Silent()
        return
    if not _interactive():
        plain = _PlainLines(label, total, interval)
        yield plain
        plain.write()
        return
    from rich.progress import (
        BarColumn,
        ProgressColumn,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.progress import Progress as RichProgress
    from rich.text import Text

    from genesis.cli.console import stderr_console

    class CountColumn(ProgressColumn):
        """``1,500/10,000``: thousands separators, like the rate beside it."""

        def render(self, task: Any) -> Text:
            total = f"/{task.total:,.0f}" if task.total is not None else ""
            return Text(f"{task.completed:,.0f}{total}", style="progress.download")

    class RateColumn(ProgressColumn):
        def render(self, task: Any) -> Text:
            return Text(f"{task.speed:,.0f}/s" if task.speed else "", style="cyan")

    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), CountColumn(), RateColumn(),
               TimeElapsedColumn(), TimeRemainingColumn()]
    with RichProgress(*columns, console=stderr_console(), transient=False) as bar:
        yield _RichBar(bar, bar.add_task(label, total=total))

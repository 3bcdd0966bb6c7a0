"""Ctrl-C and SIGTERM end a command like an error: outputs are rolled back and one line says so.

Python turns SIGINT into :class:`KeyboardInterrupt`; SIGTERM would kill the process without unwinding, leaving
temporary files and no message, so while a command runs it raises :class:`Terminated` instead. Both unwind every
``with`` block (sinks abort, staging folders are removed) before the CLI prints its line and exits with the shell's
usual code, 128 + the signal number (130, 143). Typer turns KeyboardInterrupt into a silent exit code 130, so the
SIGINT handler also records the signal (:func:`interrupted_by_sigint`) for the CLI to say what happened.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["Terminated", "exit_code_for", "interrupted_by_sigint", "terminate_by_exception"]

_SIGINT_SEEN = threading.Event()


class Terminated(BaseException):
    """The process received SIGTERM (a :class:`BaseException`, like KeyboardInterrupt, so ``except Exception``
    does not swallow it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"terminated by {signal.Signals(signum).name}")
        self.signum = signum


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated(signum)


def _raise_keyboard_interrupt(signum: int, frame: FrameType | None) -> None:
    _SIGINT_SEEN.set()
    raise KeyboardInterrupt


def interrupted_by_sigint() -> bool:
    """True when SIGINT arrived inside :func:`terminate_by_exception` (the last one entered)."""
    return _SIGINT_SEEN.is_set()


@contextmanager
def terminate_by_exception() -> Iterator[None]:
    """While inside, SIGTERM raises :class:`Terminated` in the main thread and SIGINT (unless ignored, as in a
    background job) raises KeyboardInterrupt, recorded; outside the main thread this does nothing."""
    _SIGINT_SEEN.clear()
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous_term = signal.signal(signal.SIGTERM, _raise_terminated)
    previous_int = signal.getsignal(signal.SIGINT)
    if previous_int is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, _raise_keyboard_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous_term)
        signal.signal(signal.SIGINT, previous_int)


def exit_code_for(interruption: BaseException) -> int:
    """128 + the signal number: 130 for Ctrl-C, 143 for SIGTERM."""
    signum = interruption.signum if isinstance(interruption, Terminated) else signal.SIGINT
    return 128 + int(signum)

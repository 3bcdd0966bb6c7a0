"""Atomic outputs: write beside the target, rename over it only when the whole file is written.

A failed or interrupted run must never leave the user's previous file truncated or a half-written one behind.
Every Genesis file writer therefore writes to a hidden temporary file in the target's own folder (the same file
system, so the final :func:`os.replace` is atomic on POSIX and Windows), flushes it to disk, and renames it on
success; on failure the temporary file is removed and the target is untouched. Only a hard kill (SIGKILL, power
loss) can leave a ``.NAME.*.partial`` file beside the target, never a damaged target.

The targets given up are recorded (:func:`take_discarded`), as are targets a command announced
(:func:`expect_output`) but never committed, so the CLI can say in its one error line which files were left as
they were.
"""

from __future__ import annotations

import os
import shutil
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

__all__ = ["AtomicDirectory", "AtomicFile", "atomic_write_text", "expect_output", "take_discarded"]

_UNFINISHED: list[Path] = []
_UNFINISHED_LOCK = threading.Lock()


def _key(target: Path) -> Path:
    return target.absolute()


def expect_output(target: str | Path) -> None:
    """Announce that the current command will write ``target``; until committed it counts as given up."""
    _note_discarded(Path(target))


def _note_discarded(target: Path) -> None:
    with _UNFINISHED_LOCK:
        if all(_key(known) != _key(target) for known in _UNFINISHED):
            _UNFINISHED.append(target)


def _note_committed(target: Path) -> None:
    with _UNFINISHED_LOCK:
        _UNFINISHED[:] = [known for known in _UNFINISHED if _key(known) != _key(target)]


def take_discarded() -> list[Path]:
    """The targets given up (or announced and never committed) since the last call, and forget them."""
    with _UNFINISHED_LOCK:
        taken = list(_UNFINISHED)
        _UNFINISHED.clear()
    return taken


def _partial_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}.partial")


class AtomicFile:
    """A temporary file beside ``target`` that becomes ``target`` on :meth:`commit`, or vanishes on :meth:`discard`.

    Write to :attr:`temp_path` (or open it with :meth:`open_text`); the target's folder is created if missing
    unless ``create_folder`` is false (a writer inside a staging folder must fail, not recreate it, once the folder
    was given up). Committing twice or discarding after a commit does nothing.
    """

    def __init__(self, target: str | Path, *, create_folder: bool = True) -> None:
        self.target = Path(target)
        if create_folder:
            self.target.parent.mkdir(parents=True, exist_ok=True)
        self.temp_path = _partial_name(self.target)
        self._done = False

    def open_text(self) -> IO[str]:
        """The temporary file opened for writing UTF-8 text (no newline translation)."""
        return self.temp_path.open("w", encoding="utf-8", newline="")

    def commit(self) -> None:
        """Flush the temporary file to disk and rename it over the target."""
        if self._done:
            return
        self._done = True
        if not self.temp_path.exists():  # nothing was written: an empty output is still an output
            self.temp_path.touch()
        with self.temp_path.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(self.temp_path, self.target)
        _note_committed(self.target)

    def discard(self) -> None:
        """Remove the temporary file; the target keeps its previous content (or stays absent)."""
        if self._done:
            return
        self._done = True
        self.temp_path.unlink(missing_ok=True)
        _note_discarded(self.target)


class AtomicDirectory:
    """A staging folder beside ``target`` that replaces ``target`` as a whole on :meth:`commit`.

    A folder cannot be renamed over a non-empty one, so commit moves the previous folder aside, moves the staged
    one in and only then deletes the previous one: at every instant either the old or the new folder is complete.
    """

    def __init__(self, target: str | Path) -> None:
        self.target = Path(target)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.temp_path = _partial_name(self.target)
        self.temp_path.mkdir()
        self._done = False

    def commit(self) -> None:
        """Swap the staged folder in for the target."""
        if self._done:
            return
        self._done = True
        previous = None
        if self.target.exists():
            previous = self.target.with_name(f".{self.target.name}.{uuid.uuid4().hex[:12]}.previous")
            os.replace(self.target, previous)
        os.replace(self.temp_path, self.target)
        if previous is not None:
            shutil.rmtree(previous, ignore_errors=True)
        _note_committed(self.target)

    def discard(self) -> None:
        """Remove the staged folder; the target is left as it was."""
        if self._done:
            return
        self._done = True
        shutil.rmtree(self.temp_path, ignore_errors=True)
        _note_discarded(self.target)


@contextmanager
def _committed(writer: AtomicFile) -> Iterator[AtomicFile]:
    try:
        yield writer
    except BaseException:
        writer.discard()
        raise
    writer.commit()


def atomic_write_text(path: str | Path, text: str) -> None:
    """Replace the file ``path`` with ``text`` (UTF-8) in one step: readers see the old or the new file, no mix."""
    with _committed(AtomicFile(path)) as writer, writer.open_text() as handle:
        handle.write(text)

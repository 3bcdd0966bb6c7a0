"""Where partitions go: a local folder or any fsspec filesystem URL, addressed the same way.

``Storage("out/parts")`` and ``Storage("file:///data/parts")`` write to this machine; ``Storage("memory://parts")``
to fsspec's in-memory filesystem; any other protocol fsspec knows (shared storage for a Dask cluster) works the
same once its fsspec package is installed. Files are put whole: written locally first, then moved or uploaded.
"""

from __future__ import annotations

import posixpath
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["Storage"]


def _is_url(location: str) -> bool:
    return "://" in location


class Storage:
    """A folder (or a single file, with ``name=""``) at a local path or a filesystem URL."""

    def __init__(self, location: str | Path) -> None:
        self.location = str(location).rstrip("/")
        self._fs: Any = None
        if _is_url(self.location):
            from fsspec.core import url_to_fs

            self._fs, self._root = url_to_fs(self.location)
        else:
            self._root = self.location

    def ensure(self) -> None:
        """Create the folder (and its parents) if it is missing."""
        if self._fs is None:
            Path(self._root).mkdir(parents=True, exist_ok=True)
        else:
            self._fs.makedirs(self._root, exist_ok=True)

    def _path(self, name: str) -> str:
        return f"{self._root}/{name}" if name else self._root

    def url(self, name: str) -> str:
        """The location of ``name`` inside this folder, in the same form (path or URL) as the folder."""
        return f"{self.location}/{name}" if name else self.location

    @contextmanager
    def writer(self, name: str) -> Iterator[Path]:
        """A local path to write ``name`` to; it takes ``name``'s place only if the block ends without error.

        Locally the file is written beside its target and renamed over it (atomic, and an existing directory
        in the way is an error); for a URL it is written to a temporary folder and uploaded whole.
        """
        if self._fs is None:
            target = Path(self._path(name))
            if not target.parent.is_dir():  # ensure() made it: a late write into a discarded folder must fail
                raise FileNotFoundError(f"{target.parent} is gone; nothing is written there")
            partial = target.with_name(f".{target.name}.partial")
            try:
                yield partial
                partial.replace(target)
            finally:
                partial.unlink(missing_ok=True)
            return
        with tempfile.TemporaryDirectory(prefix="genesis-part-") as folder:
            local = Path(folder) / "part"
            yield local
            remote = self._path(name)
            self._fs.makedirs(posixpath.dirname(remote), exist_ok=True)
            self._fs.put_file(str(local), remote)

    def write_bytes(self, name: str, data: bytes) -> None:
        """Write ``data`` to ``name`` whole."""
        with self.writer(name) as local:
            local.write_bytes(data)

    def read_bytes(self, name: str) -> bytes:
        """The bytes of ``name``."""
        if self._fs is None:
            return Path(self._path(name)).read_bytes()
        with self._fs.open(self._path(name), "rb") as handle:
            return bytes(handle.read())

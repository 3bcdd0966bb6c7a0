"""Checks of CLI inputs made before any work starts, each failing as one :class:`~genesis.errors.ConfigError`.

A command that fits a model for a minute and then finds its output folder read-only, or starts writing 4 GB for a
mistyped row count, wastes the user's time or disk; so row counts, seeds and output paths are checked first.

Row limit: a command writes at most :data:`DEFAULT_MAX_ROWS` rows unless ``--max-rows`` raises the limit; the
limit guards against typos (``-n 10000000000``), not against memory use, which stays bounded at any row count.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from genesis.errors import ConfigError

__all__ = [
    "DEFAULT_MAX_ROWS",
    "MAX_SEED",
    "check_generate",
    "check_output_folder",
    "check_output_path",
    "check_paths_differ",
    "check_rows",
    "check_seed",
    "parse_count",
]

#: Rows a command writes without an explicit ``--max-rows``.
DEFAULT_MAX_ROWS = 10_000_000
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:/")  # a Path turns "memory://x" into "memory:/x"
#: Largest seed: seeds are stored as signed 64-bit integers (Parquet metadata, lineage, Kafka headers).
MAX_SEED = 2**63 - 1


_COUNT = re.compile(r"^\s*(-?)(\d[\d_,]*)(?:\.(\d*))?(?:[eE]\+?(\d{1,3}))?\s*$")


def parse_count(text: str) -> int:
    """A row count as people type it: ``1000000``, ``1_000_000``, ``1,000,000`` or ``1e6`` (a whole number).

    A typed count that is too large is then refused by :func:`check_rows` in one line, instead of failing to parse.
    """
    if isinstance(text, int):
        return text
    match = _COUNT.match(str(text))
    if match is None:
        raise ValueError(f"{text!r} is not a whole number of rows (e.g. 1000, 1_000_000 or 1e6)")
    sign, whole, fraction, exponent = match.group(1), match.group(2), match.group(3) or "", match.group(4)
    digits, shift = whole.replace("_", "").replace(",", "") + fraction, int(exponent or 0) - len(fraction)
    if shift < 0 and int(digits[shift:] or 0):
        raise ValueError(f"{text!r} is not a whole number of rows")
    count = int(digits) * 10**shift if shift >= 0 else int(digits[:shift] or 0)
    return -count if sign else count


def check_rows(rows: int, *, max_rows: int = DEFAULT_MAX_ROWS, option: str = "--rows") -> None:
    """``rows`` must be between 0 and ``max_rows``; the error names the flag that allows more."""
    if max_rows < 0:
        raise ConfigError(f"--max-rows must be >= 0, got {max_rows}")
    if rows < 0:
        raise ConfigError(f"{option} must be >= 0, got {rows}")
    if rows > MAX_SEED:
        raise ConfigError(f"{option} {rows:,} is beyond what any generator can count (2**63 - 1 rows)")
    if rows > max_rows:
        raise ConfigError(f"{option} {rows:,} is above the limit of {max_rows:,} rows; "
                          f"if you mean it, add --max-rows {rows}")


def check_seed(seed: int | None, *, option: str = "--seed") -> None:
    """A seed must be a whole number from 0 to 2**63 - 1 (or absent: a fresh one is drawn)."""
    if seed is not None and not 0 <= seed <= MAX_SEED:
        raise ConfigError(f"{option} must be between 0 and {MAX_SEED} (2**63 - 1), got {seed}")


def _nearest_existing(path: Path) -> Path:
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return Path.cwd()


def _probe_writable(folder: Path, target: Path) -> None:
    """Create and remove a file in ``folder`` (permission bits lie for root and read-only file systems)."""
    import tempfile

    if not folder.is_dir():
        raise ConfigError(f"cannot write {target}: {folder} is not a folder")
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".genesis-check-"):
            pass
    except OSError as error:
        raise ConfigError(f"cannot write {target}: {error.strerror or error} in {folder}") from None


def check_output_path(path: Path, *, what: str = "output") -> None:
    """``path`` must be a file Genesis can create or replace: not a folder, in a folder it may write to."""
    if path.is_dir():
        raise ConfigError(f"{what} {path} is a folder; give a file name")
    _probe_writable(_nearest_existing(path.absolute().parent), path)


def check_output_folder(path: Path, *, what: str = "output folder") -> None:
    """``path`` must be a folder Genesis can create or fill: not a file, inside a writable folder."""
    if path.exists() and not path.is_dir():
        raise ConfigError(f"{what} {path} is a file; give a folder")
    _probe_writable(_nearest_existing(path.absolute()), path)


def check_paths_differ(paths: Iterable[Path]) -> None:
    """No two outputs of one command may be the same file (one would overwrite the other)."""
    seen: dict[str, Path] = {}
    for path in paths:
        key = os.path.realpath(path)
        if key in seen:
            raise ConfigError(f"{seen[key]} and {path} are the same file; give each output its own path")
        seen[key] = path


def check_generate(*, rows: int, max_rows: int, seed: int | None, output: Path, partitioned: bool,
                   lineage: Path | None) -> None:
    """Every check ``genesis generate`` needs before it reads or fits anything; the outputs are announced
    (:func:`~genesis.atomic.expect_output`) so an error or interruption can say they were left as they were.
    A filesystem URL (``memory://``, ``s3://``, with ``--engine``) is checked by its own filesystem when written."""
    from genesis.atomic import expect_output

    local = str(output) != "-" and not _URL.match(str(output))
    if local:
        expect_output(output)
    check_rows(rows, max_rows=max_rows)
    check_seed(seed)
    if local:
        (check_output_folder if partitioned else check_output_path)(output)
    if lineage is not None:
        check_output_path(lineage, what="lineage file")
        if local:
            check_paths_differ([output, lineage])

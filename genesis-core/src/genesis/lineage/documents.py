"""Lineage files on disk: one normal form, strict readers, strict hex.

A lineage file (chain, manifest, proof bundle) is written in exactly one layout (sorted keys, two-space indent,
UTF-8, final newline). Readers re-render what they parsed and reject the file when the bytes differ, so even an
edit that leaves the meaning alone (extra whitespace, an escaped character, upper-case hex) is reported.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from genesis.atomic import atomic_write_text
from genesis.errors import LineageError

__all__ = [
    "is_hex",
    "parse_document",
    "read_document",
    "render_document",
    "require_fields",
    "require_hex",
    "write_document",
]

_HEX = re.compile(r"^[0-9a-f]*$")


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not allowed")


def render_document(document: dict[str, Any]) -> str:
    """The normal form of a lineage document."""
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write_document(path: str | Path, document: dict[str, Any]) -> None:
    """Write ``document`` to ``path`` in normal form, atomically: a reader or a crash sees the old or the new file."""
    atomic_write_text(path, render_document(document))


def parse_document(text: str, *, kind: str, version: int) -> dict[str, Any]:
    """Parse a lineage document of ``kind``, rejecting bad JSON, another format or a non-normal layout."""
    try:
        document = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise LineageError(f"{kind} is not valid JSON: {error}") from None
    except ValueError as error:  # NaN/Infinity literals: not JSON data
        raise LineageError(f"{kind} holds a value that is not JSON data: {error}") from None
    if not isinstance(document, dict) or document.get("format") != kind:
        raise LineageError(f"not a {kind} document (expected \"format\": \"{kind}\")")
    if document.get("version") != version:
        raise LineageError(f"{kind} version {document.get('version')!r} is not supported (expected {version})")
    try:
        normal = render_document(document)
    except ValueError:  # a number too large for a float reads as infinity
        raise LineageError(f"{kind} holds a number outside JSON's range") from None
    if normal != text:
        raise LineageError(f"{kind} is not in its normal form: the file was edited after it was written")
    return document


def read_document(path: str | Path, *, kind: str, version: int) -> dict[str, Any]:
    """Read and parse a lineage document file (see :func:`parse_document`)."""
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise LineageError(f"cannot read {kind} {path}: {error.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise LineageError(f"{kind} {path} is not UTF-8 text") from None
    return parse_document(text, kind=kind, version=version)


def require_fields(record: Any, fields: frozenset[str], what: str) -> dict[str, Any]:
    """Check that ``record`` is an object with exactly ``fields``; return it."""
    if not isinstance(record, dict):
        raise LineageError(f"{what} must be a JSON object, got {type(record).__name__}")
    if set(record) != fields:
        missing, extra = sorted(fields - set(record)), sorted(set(record) - fields)
        raise LineageError(f"{what} has missing fields {missing} or unexpected fields {extra}")
    return record


def is_hex(value: Any, n_bytes: int | None = 32) -> bool:
    """True for lower-case hex of ``n_bytes`` bytes (any whole number of bytes if None)."""
    if not isinstance(value, str) or not _HEX.match(value) or len(value) % 2:
        return False
    return n_bytes is None or len(value) == 2 * n_bytes


def require_hex(value: Any, what: str, n_bytes: int | None = 32) -> bytes:
    """Decode lower-case hex (``n_bytes`` long unless None); anything else is a :class:`LineageError`."""
    if not is_hex(value, n_bytes):
        size = f"{n_bytes} bytes of " if n_bytes is not None else ""
        raise LineageError(f"{what} must be {size}lower-case hex, got {value!r}")
    return bytes.fromhex(value)

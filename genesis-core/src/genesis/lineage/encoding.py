"""Canonical encoding: one documented conversion to JSON, then RFC 8785 bytes, then a domain-separated hash.

Everything lineage hashes goes through :func:`to_jsonable` (so numpy scalars, datetimes, sets and Decimals never
crash block creation and always encode the same way) and :func:`canonical_json` (RFC 8785, the JSON
Canonicalization Scheme, so key order and number spelling cannot change a hash). :func:`domain_hash` prefixes the
bytes with ``genesis-lineage/v1/<domain>\\n`` so a block hash can never be confused with a checkpoint or a
DataFrame hash. The rules are listed in ``docs/lineage.md``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import math
import uuid
from collections.abc import Mapping
from decimal import Decimal
from pathlib import PurePath
from typing import Any, TypeAlias

import numpy as np
import pandas as pd
import rfc8785

from genesis.errors import LineageError

__all__ = [
    "FORMAT_VERSION",
    "HASH_ALGORITHM",
    "MAX_SAFE_INTEGER",
    "JSONValue",
    "canonical_json",
    "domain_hash",
    "domain_message",
    "domain_prefix",
    "to_jsonable",
]

JSONValue: TypeAlias = bool | int | float | str | list["JSONValue"] | dict[str, "JSONValue"] | None

#: Version of every lineage format (blocks, chains, checkpoints, bundles); part of each hashed body.
FORMAT_VERSION = 1
#: The one hash algorithm of format version 1; also part of each hashed body.
HASH_ALGORITHM = "sha256"
#: Largest integer RFC 8785 (I-JSON) represents exactly; larger ones are encoded as decimal strings.
MAX_SAFE_INTEGER = 2**53 - 1

_CYCLE = "<cycle>"


def _text(value: str) -> str:
    """``value`` itself unless it holds lone surrogates (not encodable as UTF-8): those become U+FFFD."""
    if value.isascii():
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return value


def _float(value: float) -> JSONValue:
    if math.isfinite(value):
        return float(value)
    if math.isnan(value):
        return "NaN"
    return "Infinity" if value > 0 else "-Infinity"


def _int(value: int) -> JSONValue:
    return int(value) if -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER else str(int(value))


def _datetime(value: dt.datetime) -> str:
    if value.tzinfo is not None and value.utcoffset() is not None:
        value = value.astimezone(dt.UTC)
    return value.isoformat()


def _frame_summary(value: pd.DataFrame | pd.Series) -> JSONValue:
    from genesis.lineage.datahash import hash_dataframe

    frame = value.to_frame() if isinstance(value, pd.Series) else value
    return {"$dataframe_sha256": hash_dataframe(frame), "rows": len(frame), "columns": len(frame.columns)}


def _scalar(value: Any) -> tuple[bool, JSONValue]:
    """Encode a leaf value; the flag says whether ``value`` was a leaf."""
    if value is None:
        return True, None
    if isinstance(value, str):
        return True, _text(value)
    if isinstance(value, bool | np.bool_):
        return True, bool(value)
    if isinstance(value, int | np.integer):
        return True, _int(int(value))
    if isinstance(value, float | np.floating):
        return True, _float(float(value))
    if value is pd.NA or value is pd.NaT:
        return True, None
    if isinstance(value, Decimal):
        return True, str(value)
    if isinstance(value, complex | np.complexfloating):
        return True, [_float(float(value.real)), _float(float(value.imag))]
    if isinstance(value, dt.datetime):
        return True, _datetime(value)
    if isinstance(value, dt.date | dt.time):
        return True, value.isoformat()
    if isinstance(value, dt.timedelta):
        return True, _float(value.total_seconds())
    if isinstance(value, np.datetime64 | np.timedelta64):
        return True, None if np.isnat(value) else str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return True, bytes(value).hex()
    if isinstance(value, PurePath | uuid.UUID):
        return True, str(value)
    if isinstance(value, pd.DataFrame | pd.Series):
        return True, _frame_summary(value)
    return False, None


def _sort_key(value: JSONValue) -> bytes:
    return canonical_json(value)


def _mapping(value: Mapping[Any, Any], seen: set[int]) -> dict[str, JSONValue]:
    out: dict[str, JSONValue] = {}
    for raw_key, raw_item in value.items():
        key = _text(raw_key) if isinstance(raw_key, str) else _sort_key(_encode(raw_key, seen)).decode()
        item = _encode(raw_item, seen)
        if key in out and _sort_key(out[key]) <= _sort_key(item):
            continue  # colliding keys (1 and "1"): the value whose canonical form sorts first wins
        out[key] = item
    return out


def _encode(value: Any, seen: set[int]) -> JSONValue:
    is_leaf, encoded = _scalar(value)
    if is_leaf:
        return encoded
    if isinstance(value, enum.Enum):
        return _encode(value.value, seen)
    if id(value) in seen:
        return _CYCLE
    seen.add(id(value))
    try:
        if isinstance(value, Mapping):
            return _mapping(value, seen)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return _mapping({f.name: getattr(value, f.name) for f in dataclasses.fields(value)}, seen)
        if isinstance(value, set | frozenset):
            return sorted((_encode(item, seen) for item in value), key=_sort_key)
        if isinstance(value, np.ndarray):
            return [_encode(item, seen) for item in value.tolist()]
        if isinstance(value, list | tuple | pd.Index):
            return [_encode(item, seen) for item in value]
    finally:
        seen.discard(id(value))
    return _text(f"<{type(value).__module__}.{type(value).__qualname__}> {value}")


def to_jsonable(value: Any) -> JSONValue:
    """Convert ``value`` to plain JSON data by the documented rules; never raises for odd input.

    >>> to_jsonable({"n": np.int64(3), "when": dt.datetime(2024, 1, 1), "tags": {"b", "a"}})
    {'n': 3, 'when': '2024-01-01T00:00:00', 'tags': ['a', 'b']}
    """
    return _encode(value, set())


def canonical_json(value: JSONValue) -> bytes:
    """RFC 8785 canonical UTF-8 bytes of JSON data (run odd values through :func:`to_jsonable` first).

    Strict on purpose: NaN, infinities and integers beyond 2**53 are not JSON data and raise
    :class:`~genesis.errors.LineageError`, so a record edited to contain them fails verification.
    """
    try:
        return rfc8785.dumps(value)
    except (rfc8785.CanonicalizationError, TypeError, UnicodeError) as error:
        raise LineageError(f"value is not canonical JSON data: {error}") from None


def domain_prefix(domain: str) -> bytes:
    """``b"genesis-lineage/v1/<domain>\\n"``: separates what is hashed for a block, a checkpoint, a DataFrame."""
    return f"genesis-lineage/v{FORMAT_VERSION}/{domain}\n".encode()


def domain_message(domain: str, value: JSONValue) -> bytes:
    """:func:`domain_prefix` followed by the canonical JSON of ``value``: the bytes that are hashed or signed."""
    return domain_prefix(domain) + canonical_json(value)


def domain_hash(domain: str, value: JSONValue) -> str:
    """Hex SHA-256 of :func:`domain_message`."""
    return hashlib.sha256(domain_message(domain, value)).hexdigest()

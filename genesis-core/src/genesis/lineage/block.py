"""One lineage block: what happened, when, linked to the block before it by hash.

A block's ``data_hash`` is SHA-256 over ``genesis-lineage/v1/block\\n`` and the RFC 8785 JSON of every other field
(format version and hash algorithm included), so changing any field, even the id or the time, breaks
:meth:`LineageBlock.verify`. Content and metadata are converted once, on creation, by
:func:`~genesis.lineage.encoding.to_jsonable`; what is stored is exactly what is hashed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

import pandas as pd

from genesis.errors import LineageError
from genesis.lineage.datahash import ROW_ORDERS, hash_dataframe
from genesis.lineage.documents import require_fields, require_hex
from genesis.lineage.encoding import FORMAT_VERSION, HASH_ALGORITHM, JSONValue, domain_hash, to_jsonable

__all__ = ["LineageBlock", "verify_data"]

_FIELDS = frozenset(
    {"version", "hash_algorithm", "block_id", "block_type", "timestamp", "previous_hash", "content", "metadata",
     "data_hash"}
)


def _as_object(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise LineageError(f"block {what} must be a mapping, got {type(value).__name__}")
    encoded = to_jsonable(value)
    assert isinstance(encoded, dict)
    return encoded


class LineageBlock:
    """Single block in a lineage chain.

    >>> block = LineageBlock("source", {"name": "patients"})
    >>> block.verify()
    True
    """

    def __init__(
        self,
        block_type: str,
        content: dict[str, Any],
        previous_hash: str | None = None,
        metadata: dict[str, Any] | None = None,
        *,
        block_id: str | None = None,
        timestamp: dt.datetime | None = None,
    ) -> None:
        if not isinstance(block_type, str) or not block_type:
            raise LineageError(f"block_type must be a non-empty string, got {block_type!r}")
        if previous_hash is not None:
            require_hex(previous_hash, "previous_hash")
        when = timestamp or dt.datetime.now(dt.UTC)
        if when.tzinfo is None:
            raise LineageError("block timestamp must be timezone-aware")
        self.block_id: str = block_id or str(uuid.uuid4())
        self.block_type: str = block_type
        self.timestamp: dt.datetime = when.astimezone(dt.UTC)
        self.previous_hash: str | None = previous_hash
        self.content: dict[str, Any] = _as_object(content, "content")
        self.metadata: dict[str, Any] = _as_object(metadata or {}, "metadata")
        self.data_hash: str = self.compute_hash()

    def _body(self) -> dict[str, JSONValue]:
        return {
            "version": FORMAT_VERSION,
            "hash_algorithm": HASH_ALGORITHM,
            "block_id": self.block_id,
            "block_type": self.block_type,
            "timestamp": self.timestamp.isoformat(),
            "previous_hash": self.previous_hash,
            "content": self.content,
            "metadata": self.metadata,
        }

    def compute_hash(self) -> str:
        """SHA-256 (hex) of the block's canonical form; raises :class:`LineageError` if a field is not JSON data."""
        return domain_hash("block", self._body())

    def verify(self) -> bool:
        """True when ``data_hash`` matches the block's current fields."""
        try:
            return self.compute_hash() == self.data_hash
        except (LineageError, AttributeError, TypeError, ValueError):
            return False

    def to_dict(self) -> dict[str, Any]:
        """The block as JSON data (what :meth:`from_dict` reads back)."""
        return {**self._body(), "data_hash": self.data_hash}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> LineageBlock:
        """Rebuild a block exactly as recorded (the stored ``data_hash`` is kept, so :meth:`verify` can judge it)."""
        record = require_fields(dict(d) if isinstance(d, Mapping) else d, _FIELDS, "block")
        if record["version"] != FORMAT_VERSION or record["hash_algorithm"] != HASH_ALGORITHM:
            raise LineageError(f"unsupported block version {record['version']!r} / {record['hash_algorithm']!r}")
        if not isinstance(record["block_id"], str) or not record["block_id"]:
            raise LineageError(f"block_id must be a non-empty string, got {record['block_id']!r}")
        stamp = record["timestamp"]
        try:
            when = dt.datetime.fromisoformat(stamp)
        except (TypeError, ValueError):
            raise LineageError(f"block timestamp is not ISO 8601: {stamp!r}") from None
        if when.tzinfo is None or when.utcoffset() != dt.timedelta(0) or when.isoformat() != stamp:
            raise LineageError(f"block timestamp must be UTC in normal ISO form, got {stamp!r}")
        block = cls.__new__(cls)
        block.block_id, block.block_type, block.timestamp = record["block_id"], record["block_type"], when
        block.previous_hash = record["previous_hash"]
        block.content, block.metadata = record["content"], record["metadata"]
        if not isinstance(block.block_type, str) or not block.block_type:
            raise LineageError(f"block_type must be a non-empty string, got {block.block_type!r}")
        if block.previous_hash is not None:
            require_hex(block.previous_hash, "previous_hash")
        if not isinstance(block.content, dict) or not isinstance(block.metadata, dict):
            raise LineageError("block content and metadata must be JSON objects")
        block.data_hash = record["data_hash"]
        require_hex(block.data_hash, "data_hash")
        return block

    def __repr__(self) -> str:
        return f"LineageBlock({self.block_type!r}, id={self.block_id!r}, hash={self.data_hash[:12]}...)"


def verify_data(data: pd.DataFrame | pd.Series, block: LineageBlock) -> bool:
    """True when ``block`` is intact and records exactly this DataFrame's content hash.

    Uses the row-order policy recorded in the block. A block that records no dataset is a :class:`LineageError`.
    """
    recorded = block.content.get("dataset_hash")
    if not isinstance(recorded, str):
        raise LineageError(f"{block.block_type} block {block.block_id} records no dataset hash")
    row_order = block.content.get("row_order", "ordered")
    if row_order not in ROW_ORDERS:
        raise LineageError(f"block {block.block_id} records an unknown row_order {row_order!r}")
    return block.verify() and hash_dataframe(data, row_order=row_order) == recorded

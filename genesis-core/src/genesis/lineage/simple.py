"""``DataLineage``: name-based lineage tracking on top of a :class:`LineageChain`, and its ``LineageManifest``.

Datasets are referred to by name; every call appends a block to ``DataLineage.chain``, so the simple API gets the
same tamper evidence, proofs and exports as the chain itself. The manifest lists what was recorded (names,
descriptions, tags, content hashes, schemas) and pins the chain head and Merkle root it was made from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from genesis.errors import LineageError
from genesis.lineage.chain import LineageChain
from genesis.lineage.documents import read_document, require_fields, write_document
from genesis.lineage.encoding import FORMAT_VERSION, to_jsonable

__all__ = ["MANIFEST_FORMAT", "DataLineage", "LineageManifest"]

MANIFEST_FORMAT = "genesis-lineage-manifest"
_ENTRY_FIELDS = ("origin", "chain_head", "root_hash", "tree_size", "created_at", "sources", "transformations",
                 "generations")


@dataclass
class LineageManifest:
    """What a :class:`DataLineage` recorded, pinned to the chain head and Merkle root it came from."""

    origin: str
    chain_head: str | None
    root_hash: str
    tree_size: int
    created_at: str
    sources: list[dict[str, Any]] = field(default_factory=list)
    transformations: list[dict[str, Any]] = field(default_factory=list)
    generations: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The manifest as one JSON document."""
        return {"format": MANIFEST_FORMAT, "version": FORMAT_VERSION, **asdict(self)}

    @classmethod
    def from_dict(cls, d: Any) -> LineageManifest:
        """Parse a manifest document; a missing or unknown field is a :class:`LineageError`."""
        record = require_fields(d, frozenset({"format", "version", *_ENTRY_FIELDS}), "manifest")
        if record["format"] != MANIFEST_FORMAT or record["version"] != FORMAT_VERSION:
            raise LineageError(f"not a version {FORMAT_VERSION} {MANIFEST_FORMAT} document")
        return cls(**{name: record[name] for name in _ENTRY_FIELDS})

    def save(self, path: str | Path) -> None:
        """Write the manifest as JSON."""
        write_document(path, self.to_dict())

    @classmethod
    def load(cls, path: str | Path) -> LineageManifest:
        """Read a manifest written by :meth:`save`."""
        return cls.from_dict(read_document(path, kind=MANIFEST_FORMAT, version=FORMAT_VERSION))

    def matches(self, chain: LineageChain) -> bool:
        """True when ``chain`` is intact and is the chain (at ``tree_size``) this manifest was made from."""
        return (
            chain.verify()
            and chain.origin == self.origin
            and 0 < self.tree_size <= len(chain)
            and chain.root_hash(self.tree_size) == self.root_hash
            and chain.get(self.tree_size - 1).data_hash == self.chain_head
        )


class DataLineage:
    """Simple lineage tracking.

    >>> lineage = DataLineage()
    >>> lineage.record_source("patients", pd.DataFrame({"age": [31, 45]}), tags=["pii"])
    >>> lineage.record_generation("synthetic", "gaussian_copula", 1000)
    >>> lineage.create_manifest().generations[0]["input_name"]
    'patients'
    """

    def __init__(self, *, chain: LineageChain | None = None) -> None:
        self.chain: LineageChain = chain if chain is not None else LineageChain()
        self._hashes: dict[str, str] = {}
        self._order: list[str] = []
        self._manifest: dict[str, list[dict[str, Any]]] = {"sources": [], "transformations": [], "generations": []}

    def _remember(self, name: str, kind: str, entry: dict[str, Any]) -> None:
        block = self.chain.get(len(self.chain) - 1)
        self._hashes[name] = str(block.content.get("dataset_hash") or block.data_hash)
        self._order.append(name)
        self._manifest[kind].append({"name": name, "block_id": block.block_id, **entry})

    def _new_name(self, name: str) -> str:
        if not isinstance(name, str) or not name:
            raise LineageError(f"a lineage name must be a non-empty string, got {name!r}")
        if name in self._hashes:
            raise LineageError(f"{name!r} is already recorded; give each dataset a unique name")
        return name

    def _known(self, name: str) -> str:
        if name not in self._hashes:
            raise LineageError(f"unknown input {name!r} (recorded: {', '.join(self._order) or 'nothing yet'})")
        return self._hashes[name]

    def record_source(self, name: str, data: pd.DataFrame, description: str | None = None,
                      tags: Iterable[str] | None = None) -> None:
        """Record a source dataset by content hash and schema."""
        tag_list = sorted({str(tag) for tag in tags or ()})
        self.chain.add_source_block(data, self._new_name(name), {"description": description, "tags": tag_list})
        content = self.chain.get(len(self.chain) - 1).content
        self._remember(name, "sources", {"description": description, "tags": tag_list,
                                         "dataset_hash": content["dataset_hash"], "schema": content["schema"]})

    def record_transformation(self, name: str, input_name: str, description: str | None = None) -> None:
        """Record that dataset ``name`` was derived from the recorded dataset ``input_name``."""
        input_hash = self._known(input_name)
        self.chain.add_transform_block(self._new_name(name), input_hash, {},
                                       metadata={"input_name": input_name, "description": description})
        self._remember(name, "transformations", {"input_name": input_name, "input_hash": input_hash,
                                                 "description": description})

    def record_generation(self, name: str, method: str, n_samples: int, parameters: dict[str, Any] | None = None,
                          *, input_name: str | None = None) -> None:
        """Record that dataset ``name`` was generated by ``method``, from ``input_name`` (default: latest recorded)."""
        source = input_name if input_name is not None else (self._order[-1] if self._order else None)
        input_hash = self._known(source) if source is not None else None
        self._new_name(name)
        self.chain.add_generation_block(method, parameters or {}, int(n_samples),
                                        metadata={"name": name, "input_name": source, "input_hash": input_hash})
        self._remember(name, "generations", {"method": method, "n_samples": int(n_samples),
                                             "parameters": to_jsonable(parameters or {}), "input_name": source,
                                             "input_hash": input_hash})

    def create_manifest(self) -> LineageManifest:
        """A manifest of everything recorded so far, pinned to the current chain head."""
        return LineageManifest(
            origin=self.chain.origin,
            chain_head=self.chain.latest_hash,
            root_hash=self.chain.root_hash(),
            tree_size=len(self.chain),
            created_at=dt.datetime.now(dt.UTC).isoformat(),
            **{kind: [dict(entry) for entry in entries] for kind, entries in self._manifest.items()},
        )

"""The lineage chain: hash-linked blocks that are also the leaves of an append-only Merkle tree.

The hash links make any edit of a block visible to :meth:`LineageChain.verify`. A file that was edited *and*
re-hashed throughout is self-consistent, so only an anchor kept outside it can expose it: the head hash you wrote
down (``load(path, trusted_head=...)``) or checkpoints signed with your key (``load(path, public_key=...)``).
The Merkle tree (RFC 6962) gives compact proofs: that a block is in the chain (inclusion) and that a later chain
extends an earlier one without rewriting it (consistency), both checked against signed checkpoints.

The chain's ``origin`` is hashed content too: the first block links to :func:`origin_hash` of it instead of to
nothing, so renaming a chain breaks its first link. A chain cut back to an earlier signed size (blocks and
checkpoints removed together) is consistent with itself; only a checkpoint the verifier already trusts exposes it
(``load(path, public_key=..., trusted_checkpoint=...)``, and :mod:`genesis.lineage.trust` remembers them).
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import pandas as pd
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from genesis.errors import LineageError
from genesis.lineage.block import LineageBlock, verify_data
from genesis.lineage.checkpoints import Checkpoint, PublicKeyLike, sign_checkpoint
from genesis.lineage.datahash import RowOrder, describe_dataset
from genesis.lineage.documents import is_hex, read_document, require_fields, write_document
from genesis.lineage.encoding import FORMAT_VERSION, domain_hash
from genesis.lineage.merkle import MerkleTree

__all__ = ["CHAIN_FORMAT", "BlockRef", "LineageChain", "origin_hash"]

CHAIN_FORMAT = "genesis-lineage-chain"
_FIELDS = frozenset({"format", "version", "origin", "tree_size", "root_hash", "blocks", "checkpoints"})

#: A block, its index in the chain, or its ``block_id``.
BlockRef = LineageBlock | int | str


def origin_hash(origin: str) -> str:
    """What the first block of the chain called ``origin`` links to: SHA-256 of the origin's canonical form."""
    return domain_hash("origin", {"origin": origin})


class LineageChain:
    """Blockchain-style immutable audit trail.

    >>> chain = LineageChain()
    >>> chain.add_source_block(pd.DataFrame({"age": [31, 45]}), "patients")
    >>> chain.verify()
    True
    """

    def __init__(self, *, origin: str | None = None) -> None:
        self.origin: str = origin or f"urn:uuid:{uuid.uuid4()}"
        self._blocks: list[LineageBlock] = []
        self._tree = MerkleTree()
        self.checkpoints: list[Checkpoint] = []

    # -- reading -------------------------------------------------------------------------------------------------
    @property
    def blocks(self) -> list[LineageBlock]:
        """All blocks, oldest first (a new list; append through the ``add_*`` methods)."""
        return list(self._blocks)

    @property
    def latest_hash(self) -> str | None:
        """Hash of the latest block (None for an empty chain)."""
        return self._blocks[-1].data_hash if self._blocks else None

    def __len__(self) -> int:
        return len(self._blocks)

    def get(self, block: BlockRef) -> LineageBlock:
        """The block at an index, with a ``block_id``, or ``block`` itself if it belongs to this chain."""
        return self._blocks[self.index_of(block)]

    def index_of(self, block: BlockRef) -> int:
        """Position of ``block`` (a block of this chain, an index or a ``block_id``)."""
        if isinstance(block, int) and not isinstance(block, bool):
            if 0 <= block < len(self._blocks):
                return block
        else:
            for i, candidate in enumerate(self._blocks):
                if candidate is block or candidate.block_id == block:
                    return i
        raise LineageError(f"block {block!r} is not in this chain")

    # -- appending -----------------------------------------------------------------------------------------------
    def append(self, block_type: str, content: dict[str, Any],
               metadata: dict[str, Any] | None = None) -> LineageBlock:
        """Append a block of any type linked to the current head; return it."""
        block = LineageBlock(block_type, content, previous_hash=self.latest_hash or origin_hash(self.origin),
                             metadata=metadata)
        self._blocks.append(block)
        self._tree.append(bytes.fromhex(block.data_hash))
        return block

    def add_source_block(self, data: pd.DataFrame, name: str, metadata: dict[str, Any] | None = None, *,
                         row_order: RowOrder = "ordered") -> None:
        """Record a data source by content hash and schema (never its values)."""
        self.append("source", {"name": name, **describe_dataset(data, row_order)}, metadata)

    def add_transform_block(self, operation: str, input_hash: str, parameters: dict[str, Any], *,
                            output: pd.DataFrame | None = None, row_order: RowOrder = "ordered",
                            metadata: dict[str, Any] | None = None) -> None:
        """Record a transformation of the dataset or block with hash ``input_hash`` (and its output, if given)."""
        content = {"operation": operation, "input_hash": input_hash, "parameters": parameters}
        dataset = describe_dataset(output, row_order) if output is not None else {}
        self.append("transform", content | dataset, metadata)

    def add_generation_block(self, method: str, parameters: dict[str, Any], n_samples: int,
                             quality_metrics: dict[str, Any] | None = None, *, output: pd.DataFrame | None = None,
                             row_order: RowOrder = "ordered", metadata: dict[str, Any] | None = None) -> None:
        """Record a generation run (and the hash of its output, if given)."""
        content = {"method": method, "parameters": parameters, "n_samples": n_samples,
                   "quality_metrics": quality_metrics}
        dataset = describe_dataset(output, row_order) if output is not None else {}
        self.append("generation", content | dataset, metadata)

    def add_quality_check(self, metrics: dict[str, Any], passed: bool, threshold: float | None = None) -> None:
        """Record the outcome of a quality check."""
        self.append("quality_check", {"metrics": metrics, "passed": bool(passed), "threshold": threshold})

    # -- verifying -----------------------------------------------------------------------------------------------
    def problems(self) -> list[str]:
        """Every integrity problem found (empty when the chain verifies)."""
        found: list[str] = []
        rebuilt = MerkleTree()
        seen_ids: set[str] = set()
        for i, block in enumerate(self._blocks):
            expected_previous = self._blocks[i - 1].data_hash if i else origin_hash(self.origin)
            if not block.verify():
                found.append(f"block {i} ({block.block_id}): hash does not match its fields")
            if block.previous_hash != expected_previous:
                target = f"block {i - 1}" if i else f"the chain's origin {self.origin}"
                found.append(f"block {i} ({block.block_id}): previous_hash does not link to {target}")
            if block.block_id in seen_ids:
                found.append(f"block {i}: duplicate block_id {block.block_id}")
            seen_ids.add(block.block_id)
            rebuilt.append(bytes.fromhex(block.data_hash) if is_hex(block.data_hash) else b"")
        if self._blocks and rebuilt.root() != self._tree.root():
            found.append("blocks no longer match the Merkle tree built when they were appended")
        for checkpoint in self.checkpoints:
            if not checkpoint.verify():
                found.append(f"checkpoint for size {checkpoint.tree_size} has an invalid signature")
            elif checkpoint.origin != self.origin:
                found.append(f"checkpoint for size {checkpoint.tree_size} names another chain ({checkpoint.origin})")
            elif checkpoint.tree_size > len(rebuilt):
                found.append(f"checkpoint for size {checkpoint.tree_size} is beyond the chain ({len(rebuilt)} blocks)")
            elif rebuilt.root(checkpoint.tree_size).hex() != checkpoint.root_hash:
                found.append(f"chain does not match its checkpoint at size {checkpoint.tree_size}")
        return found

    def verify(self) -> bool:
        """True when every block, link, Merkle leaf and recorded checkpoint root is intact."""
        return not self.problems()

    def verify_data(self, data: pd.DataFrame | pd.Series, block: BlockRef) -> bool:
        """True when ``block`` (of this chain) records exactly this DataFrame's content hash."""
        return verify_data(data, self.get(block))

    def verify_checkpoint(self, checkpoint: Checkpoint, public_key: PublicKeyLike) -> bool:
        """True when ``checkpoint`` is signed by ``public_key`` and this chain extends it (no edit, cut or fork)."""
        return self.extension_problem(checkpoint, public_key) is None

    def extension_problem(self, checkpoint: Checkpoint, public_key: PublicKeyLike | None = None) -> str | None:
        """Why this chain does not extend ``checkpoint`` (signed by ``public_key`` if given), or None if it does.

        The cases a trusted checkpoint catches: another signer, another chain, a chain cut back below the signed
        size (rollback), and a chain whose first ``tree_size`` blocks differ from the signed ones (fork).
        """
        if not checkpoint.verify(public_key):
            return f"the checkpoint for size {checkpoint.tree_size} is not validly signed by that key"
        if checkpoint.origin != self.origin:
            return f"the checkpoint names another chain ({checkpoint.origin}, this is {self.origin})"
        if checkpoint.tree_size > len(self):
            return (f"rolled back: the chain has {len(self)} blocks but a trusted checkpoint signed "
                    f"{checkpoint.tree_size}")
        if self.root_hash(checkpoint.tree_size) != checkpoint.root_hash:
            return f"forked: the first {checkpoint.tree_size} blocks differ from the ones the trusted checkpoint signed"
        return None

    # -- Merkle proofs and checkpoints ---------------------------------------------------------------------------
    def root_hash(self, tree_size: int | None = None) -> str:
        """Merkle root (hex) of the first ``tree_size`` blocks (all by default)."""
        return self._tree.root(tree_size).hex()

    def inclusion_proof(self, block: BlockRef, tree_size: int | None = None) -> list[str]:
        """Audit path (hex) proving ``block`` is in the tree of the first ``tree_size`` blocks."""
        return [node.hex() for node in self._tree.inclusion_proof(self.index_of(block), tree_size)]

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[str]:
        """Proof (hex) that the first ``old_size`` blocks are a prefix of the first ``new_size`` blocks."""
        return [node.hex() for node in self._tree.consistency_proof(old_size, new_size)]

    def checkpoint(self, key: Ed25519PrivateKey, *, timestamp: dt.datetime | None = None) -> Checkpoint:
        """Sign the current size and root with ``key``, keep the checkpoint with the chain, and return it."""
        if not self._blocks:
            raise LineageError("cannot checkpoint an empty chain")
        signed = sign_checkpoint(key, origin=self.origin, tree_size=len(self), root_hash=self._tree.root(),
                                 timestamp=timestamp)
        self.checkpoints.append(signed)
        return signed

    # -- reporting and files -------------------------------------------------------------------------------------
    def get_audit_trail(self) -> list[dict[str, Any]]:
        """One plain dict per block, oldest first: index, id, type, UTC time, short hashes, summary, intact."""
        return [
            {
                "index": i,
                "block_id": block.block_id,
                "block_type": block.block_type,
                "timestamp": block.timestamp.isoformat(),
                "hash": block.data_hash[:16],
                "previous_hash": (block.previous_hash or "")[:16] or None,
                "summary": _summary(block),
                "verified": block.verify(),
            }
            for i, block in enumerate(self._blocks)
        ]

    def to_dict(self) -> dict[str, Any]:
        """The chain as one JSON document."""
        return {
            "format": CHAIN_FORMAT,
            "version": FORMAT_VERSION,
            "origin": self.origin,
            "tree_size": len(self),
            "root_hash": self.root_hash(),
            "blocks": [block.to_dict() for block in self._blocks],
            "checkpoints": [checkpoint.to_dict() for checkpoint in self.checkpoints],
        }

    def export(self, path: str | Path) -> None:
        """Save the chain to a JSON file (normal form; any later byte edit is detected by :meth:`load`)."""
        write_document(path, self.to_dict())

    @classmethod
    def load(cls, path: str | Path, *, trusted_head: str | None = None, public_key: PublicKeyLike | None = None,
             trusted_checkpoint: Checkpoint | None = None) -> LineageChain:
        """Load and verify a chain file; raise :class:`LineageError` naming the first problem.

        Without an anchor this proves the file is internally consistent. ``trusted_head`` (a ``latest_hash`` kept
        elsewhere) rejects any other head; ``public_key`` requires every checkpoint to carry a valid signature by
        that key, with the latest one covering every block (so an empty chain never passes), so an edited and
        re-hashed file is rejected either way. ``trusted_checkpoint`` (the newest checkpoint the verifier has
        seen, e.g. from :class:`~genesis.lineage.trust.TrustStore`) must be extended: a chain cut back below its
        size or forked from it is rejected, though it is consistent with itself.
        """
        document = require_fields(read_document(path, kind=CHAIN_FORMAT, version=FORMAT_VERSION), _FIELDS, "chain")
        chain = cls(origin=_string(document["origin"], "origin"))
        for i, record in enumerate(_list(document["blocks"], "blocks")):
            block = LineageBlock.from_dict(record)
            if not block.verify():
                raise LineageError(f"{path}: block {i} ({block.block_id}) was modified: its hash does not match")
            chain._blocks.append(block)
            chain._tree.append(bytes.fromhex(block.data_hash))
        chain.checkpoints = [Checkpoint.from_dict(item) for item in _list(document["checkpoints"], "checkpoints")]
        found = chain.problems()
        if document["tree_size"] != len(chain) or (chain._blocks and document["root_hash"] != chain.root_hash()):
            found.append("recorded tree_size/root_hash do not match the blocks")
        if found:
            raise LineageError(f"{path}: {found[0]}")
        if trusted_head is not None and chain.latest_hash != trusted_head:
            raise LineageError(f"{path}: head {chain.latest_hash} is not the trusted head {trusted_head}")
        if public_key is not None:
            if not chain._blocks:
                raise LineageError(f"{path}: an empty chain carries no signed checkpoint, so no key can vouch for it")
            for checkpoint in chain.checkpoints:
                if not checkpoint.verify(public_key):
                    raise LineageError(f"{path}: checkpoint at size {checkpoint.tree_size} is not signed by that key")
            signed = max((checkpoint.tree_size for checkpoint in chain.checkpoints), default=0)
            if signed < len(chain):
                raise LineageError(f"{path}: blocks after {signed} of {len(chain)} are not covered by a checkpoint")
        if trusted_checkpoint is not None and (problem := chain.extension_problem(trusted_checkpoint,
                                                                                   public_key)) is not None:
            raise LineageError(f"{path}: {problem}")
        return chain


def _string(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise LineageError(f"chain {what} must be a non-empty string")
    return value


def _list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise LineageError(f"chain {what} must be a JSON array")
    return value


def _summary(block: LineageBlock) -> str:
    content = block.content
    dataset = ""
    if isinstance(content.get("schema"), dict):
        schema = content["schema"]
        dataset = f" {schema.get('rows')} rows x {len(schema.get('columns') or [])} columns"
    if isinstance(content.get("dataset_hash"), str):
        dataset += f" (sha256 {content['dataset_hash'][:12]})"
    label = content.get("name") or content.get("operation") or content.get("method") or ""
    if block.block_type == "quality_check":
        label = "passed" if content.get("passed") else "failed"
    return f"{block.block_type} {label}{dataset}".strip()

"""Self-contained proof bundles (``.proof.json``): one block, its inclusion proof, a signed checkpoint, the key.

A third party who has only the bundle can check, offline, that the block is intact (its hash), that it sits at
``leaf_index`` of the chain the checkpoint describes (the RFC 6962 inclusion proof reaches the signed root), and
that the checkpoint was signed by the embedded Ed25519 key. Pinning the key (``public_key=``, obtained from the
signer through another channel) turns "signed by someone" into "signed by the party I trust".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from genesis.errors import LineageError
from genesis.lineage.block import LineageBlock
from genesis.lineage.chain import BlockRef, LineageChain
from genesis.lineage.checkpoints import Checkpoint, PublicKeyLike, load_public_key, public_key_hex
from genesis.lineage.documents import read_document, require_fields, require_hex, write_document
from genesis.lineage.encoding import FORMAT_VERSION
from genesis.lineage.merkle import leaf_hash, verify_inclusion

__all__ = ["BUNDLE_FORMAT", "BundleVerification", "ProofBundle", "create_proof_bundle", "verify_bundle"]

BUNDLE_FORMAT = "genesis-lineage-proof"
_FIELDS = frozenset({"format", "version", "block", "leaf_index", "inclusion_path", "checkpoint", "public_key"})


@dataclass(frozen=True)
class BundleVerification:
    """Outcome of checking a proof bundle: ``ok`` and, when not, every reason."""

    ok: bool
    problems: list[str] = field(default_factory=list)
    key_pinned: bool = False

    def __bool__(self) -> bool:
        return self.ok


@dataclass(frozen=True)
class ProofBundle:
    """Everything needed to prove one block offline."""

    block: LineageBlock
    leaf_index: int
    inclusion_path: list[str]
    checkpoint: Checkpoint
    public_key: str

    def to_dict(self) -> dict[str, Any]:
        """The bundle as one JSON document."""
        return {
            "format": BUNDLE_FORMAT,
            "version": FORMAT_VERSION,
            "block": self.block.to_dict(),
            "leaf_index": self.leaf_index,
            "inclusion_path": list(self.inclusion_path),
            "checkpoint": self.checkpoint.to_dict(),
            "public_key": self.public_key,
        }

    def save(self, path: str | Path) -> None:
        """Write the bundle (normal form) to ``path``, conventionally ``*.proof.json``."""
        write_document(path, self.to_dict())

    @classmethod
    def from_dict(cls, d: Any) -> ProofBundle:
        """Parse a bundle strictly (exact fields, lower-case hex); raise :class:`LineageError` otherwise."""
        record = require_fields(d, _FIELDS, "proof bundle")
        index = record["leaf_index"]
        if type(index) is not int or index < 0:
            raise LineageError(f"proof bundle leaf_index must be a non-negative integer, got {index!r}")
        path = record["inclusion_path"]
        if not isinstance(path, list):
            raise LineageError("proof bundle inclusion_path must be a JSON array")
        for node in path:
            require_hex(node, "inclusion path node")
        require_hex(record["public_key"], "public_key")
        return cls(block=LineageBlock.from_dict(record["block"]), leaf_index=index, inclusion_path=path,
                   checkpoint=Checkpoint.from_dict(record["checkpoint"]), public_key=record["public_key"])

    @classmethod
    def load(cls, path: str | Path) -> ProofBundle:
        """Read a bundle file (any edit of its bytes is a :class:`LineageError`)."""
        return cls.from_dict(read_document(path, kind=BUNDLE_FORMAT, version=FORMAT_VERSION))

    def verify(self, public_key: PublicKeyLike | None = None, *,
               trusted_head: str | None = None) -> BundleVerification:
        """Check block hash, inclusion in the signed root and the signature (by ``public_key`` if pinned).

        With ``trusted_head`` (the head hash you wrote down) the bundle must prove exactly that block as the last
        block of the signed chain.
        """
        problems: list[str] = []
        if trusted_head is not None and (self.block.data_hash != trusted_head
                                         or self.leaf_index != self.checkpoint.tree_size - 1):
            problems.append(f"the bundle proves block {self.leaf_index} ({self.block.data_hash}) of "
                            f"{self.checkpoint.tree_size}, not the trusted head {trusted_head}")
        if not self.block.verify():
            problems.append("block hash does not match its fields")
        leaf = leaf_hash(bytes.fromhex(self.block.data_hash))
        nodes = [bytes.fromhex(node) for node in self.inclusion_path]
        if not verify_inclusion(leaf, self.leaf_index, self.checkpoint.tree_size, nodes,
                                bytes.fromhex(self.checkpoint.root_hash)):
            problems.append(f"inclusion proof does not lead from block {self.leaf_index} to the checkpoint root")
        if self.checkpoint.public_key != self.public_key:
            problems.append("the bundle's public key is not the checkpoint's signing key")
        elif public_key is not None and public_key_hex(load_public_key(public_key)) != self.public_key:
            problems.append("bundle was signed with a different key than the one given")
        elif not self.checkpoint.verify():
            problems.append("checkpoint signature is not valid for the bundle's key")
        return BundleVerification(ok=not problems, problems=problems, key_pinned=public_key is not None)


def create_proof_bundle(chain: LineageChain, block: BlockRef, *, signing_key: Ed25519PrivateKey | None = None,
                        public_key: PublicKeyLike | None = None) -> ProofBundle:
    """Bundle ``block`` of ``chain`` with its proof.

    With ``signing_key`` a new checkpoint of the whole chain is signed (and kept with the chain); otherwise the
    latest stored checkpoint that covers the block and was signed by ``public_key`` is used.
    """
    index = chain.index_of(block)
    if signing_key is not None:
        checkpoint = chain.checkpoint(signing_key)
        key_hex = public_key_hex(signing_key)
    elif public_key is not None:
        key = load_public_key(public_key)
        usable = [c for c in chain.checkpoints if c.tree_size > index and c.verify(key)]
        if not usable:
            raise LineageError(f"no checkpoint signed by that key covers block {index}; pass signing_key")
        checkpoint, key_hex = usable[-1], public_key_hex(key)
    else:
        raise LineageError("a proof bundle needs signing_key (to sign a checkpoint) or public_key (to pick one)")
    path = chain.inclusion_proof(index, checkpoint.tree_size)
    return ProofBundle(block=chain.get(index), leaf_index=index, inclusion_path=path, checkpoint=checkpoint,
                       public_key=key_hex)


def verify_bundle(source: ProofBundle | str | Path, public_key: PublicKeyLike | None = None, *,
                  trusted_head: str | None = None) -> BundleVerification:
    """Verify a bundle or bundle file; an unreadable or malformed file yields ``ok=False`` with the reason."""
    try:
        bundle = source if isinstance(source, ProofBundle) else ProofBundle.load(source)
        return bundle.verify(public_key, trusted_head=trusted_head)
    except LineageError as error:
        return BundleVerification(ok=False, problems=[str(error)], key_pinned=public_key is not None)

"""What a verifier remembers: the newest checkpoint it has accepted for each chain and signer.

A chain cut back to an earlier signed size, its later checkpoints removed with the blocks, is consistent with
itself and signed by the right key; nothing inside the file can expose it. The protection is the one transparency
log clients use (Go's checksum database client, ``rekor-cli``): remember the newest signed size you have verified
and refuse anything shorter or different from then on. :class:`TrustStore` keeps one small file per (origin,
signer) pair, written atomically; ``genesis lineage verify --key`` uses it by default.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from genesis.errors import LineageError
from genesis.lineage.checkpoints import Checkpoint
from genesis.lineage.documents import read_document, write_document
from genesis.lineage.encoding import FORMAT_VERSION

__all__ = ["TRUST_FORMAT", "TrustStore", "default_state_dir"]

TRUST_FORMAT = "genesis-lineage-trust"


def default_state_dir() -> Path:
    """``$GENESIS_LINEAGE_STATE``, else ``$XDG_STATE_HOME/genesis/lineage``, else ``~/.local/state/genesis/lineage``."""
    if explicit := os.environ.get("GENESIS_LINEAGE_STATE"):
        return Path(explicit)
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "genesis" / "lineage"


class TrustStore:
    """The newest trusted checkpoint per chain and signer, in ``folder``."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_state_dir()

    def _path(self, origin: str, public_key: str) -> Path:
        name = hashlib.sha256(f"{origin}\n{public_key}".encode()).hexdigest()[:32]
        return self.folder / f"{name}.json"

    def newest(self, origin: str, public_key: str) -> Checkpoint | None:
        """The newest checkpoint remembered for the chain ``origin`` signed by ``public_key`` (64 hex), if any."""
        path = self._path(origin, public_key)
        if not path.exists():
            return None
        document = read_document(path, kind=TRUST_FORMAT, version=FORMAT_VERSION)
        checkpoint = Checkpoint.from_dict(document.get("checkpoint"))
        if checkpoint.origin != origin or checkpoint.public_key != public_key or not checkpoint.verify():
            raise LineageError(f"trust state {path} does not hold a valid checkpoint of {origin}; remove it")
        return checkpoint

    def remember(self, checkpoint: Checkpoint) -> None:
        """Keep ``checkpoint`` if it is newer (larger) than the one remembered; the caller has verified it."""
        known = self.newest(checkpoint.origin, checkpoint.public_key)
        if known is not None and known.tree_size >= checkpoint.tree_size:
            return
        write_document(self._path(checkpoint.origin, checkpoint.public_key),
                       {"format": TRUST_FORMAT, "version": FORMAT_VERSION, "checkpoint": checkpoint.to_dict()})

"""An append-only Merkle tree with RFC 6962 hashing, inclusion proofs and consistency proofs.

Leaves hash as ``SHA-256(0x00 || entry)`` and inner nodes as ``SHA-256(0x01 || left || right)``, so a leaf can
never pass for a node. The tree keeps every complete subtree's hash, so appending is amortised O(1) and the root,
an inclusion proof or a consistency proof for any earlier size costs O(log n) hashes. Verification follows the
algorithms of RFC 9162 sections 2.1.3.2 and 2.1.4.2 and needs nothing but the proof, the sizes and the roots.
"""

from __future__ import annotations

import hashlib

from genesis.errors import LineageError

__all__ = [
    "MerkleTree",
    "leaf_hash",
    "node_hash",
    "root_from_inclusion",
    "verify_consistency",
    "verify_inclusion",
]


def leaf_hash(entry: bytes) -> bytes:
    """RFC 6962 leaf hash of one entry."""
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """RFC 6962 hash of an inner node."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two strictly smaller than ``n`` (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


class MerkleTree:
    """Append-only RFC 6962 tree over leaf hashes; ``levels[k][i]`` is the complete subtree of 2**k leaves at i."""

    def __init__(self) -> None:
        self.levels: list[list[bytes]] = [[]]

    def __len__(self) -> int:
        return len(self.levels[0])

    def append(self, entry: bytes) -> int:
        """Add one entry; return its leaf index."""
        index = len(self)
        node = leaf_hash(entry)
        self.levels[0].append(node)
        level, position = 0, index
        while position % 2 == 1:  # a right child completes its parent
            node = node_hash(self.levels[level][position - 1], node)
            level, position = level + 1, position // 2
            if level == len(self.levels):
                self.levels.append([])
            self.levels[level].append(node)
        return index

    def _range_hash(self, start: int, end: int) -> bytes:
        """MTH of leaves [start, end), where start is aligned to the largest power of two <= end - start."""
        if end - start == 1:
            return self.levels[0][start]
        size = end - start
        if size & (size - 1) == 0:
            return self.levels[size.bit_length() - 1][start // size]
        k = _split(size)
        return node_hash(self._range_hash(start, start + k), self._range_hash(start + k, end))

    def _check_size(self, size: int) -> None:
        if not 0 < size <= len(self):
            raise LineageError(f"tree size {size} is out of range (the tree has {len(self)} leaves)")

    def root(self, size: int | None = None) -> bytes:
        """Root hash of the first ``size`` leaves (all of them by default); the empty tree hashes to SHA-256("")."""
        size = len(self) if size is None else size
        if size == 0:
            return hashlib.sha256(b"").digest()
        self._check_size(size)
        return self._range_hash(0, size)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """Audit path proving that leaf ``index`` is in the tree of the first ``size`` leaves."""
        size = len(self) if size is None else size
        self._check_size(size)
        if not 0 <= index < size:
            raise LineageError(f"leaf index {index} is not in a tree of size {size}")
        path: list[bytes] = []
        start, end = 0, size
        while end - start > 1:
            k = _split(end - start)
            if index < start + k:
                path.append(self._range_hash(start + k, end))
                end = start + k
            else:
                path.append(self._range_hash(start, start + k))
                start += k
        return path[::-1]

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        """Proof that the tree of ``old_size`` leaves is a prefix of the tree of ``new_size`` leaves."""
        new_size = len(self) if new_size is None else new_size
        self._check_size(new_size)
        if not 0 < old_size <= new_size:
            raise LineageError(f"old size {old_size} must be between 1 and the new size {new_size}")
        proof: list[bytes] = []
        start, end, complete = 0, new_size, True
        m = old_size
        while m != end - start:
            k = _split(end - start)
            if m <= k:
                proof.append(self._range_hash(start + k, end))
                end = start + k
            else:
                proof.append(self._range_hash(start, start + k))
                start, m, complete = start + k, m - k, False
        if not complete:
            proof.append(self._range_hash(start, end))
        return proof[::-1]


def root_from_inclusion(leaf: bytes, index: int, size: int, path: list[bytes]) -> bytes | None:
    """The root that ``path`` implies for leaf hash ``leaf`` at ``index`` of ``size``; None if the path is malformed."""
    if not 0 <= index < size:
        return None
    fn, sn, node = index, size - 1, leaf
    for sibling in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            node = node_hash(sibling, node)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            node = node_hash(node, sibling)
        fn, sn = fn >> 1, sn >> 1
    return node if sn == 0 else None


def verify_inclusion(leaf: bytes, index: int, size: int, path: list[bytes], root: bytes) -> bool:
    """True when ``path`` proves leaf hash ``leaf`` sits at ``index`` in the tree of ``size`` with ``root``."""
    return root_from_inclusion(leaf, index, size, path) == root


def verify_consistency(old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: list[bytes]) -> bool:
    """True when ``proof`` shows the tree (old_size, old_root) is a prefix of the tree (new_size, new_root)."""
    if not 0 < old_size <= new_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    if not path:
        return False
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    first = second = path[0]
    for node in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            first, second = node_hash(node, first), node_hash(node, second)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            second = node_hash(second, node)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and first == old_root and second == new_root

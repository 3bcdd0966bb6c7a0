"""RFC 6962 Merkle tree: roots match the recursive definition; proofs verify and catch truncation and forks."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genesis.errors import LineageError
from genesis.lineage.merkle import MerkleTree, leaf_hash, node_hash, verify_consistency, verify_inclusion


def _reference_root(entries: list[bytes]) -> bytes:
    """MTH straight from RFC 6962 section 2.1."""
    if not entries:
        return hashlib.sha256(b"").digest()
    if len(entries) == 1:
        return leaf_hash(entries[0])
    k = 1
    while k * 2 < len(entries):
        k *= 2
    return node_hash(_reference_root(entries[:k]), _reference_root(entries[k:]))


def _tree(n: int, tag: bytes = b"e") -> tuple[MerkleTree, list[bytes]]:
    tree, entries = MerkleTree(), [tag + i.to_bytes(4, "big") for i in range(n)]
    for entry in entries:
        tree.append(entry)
    return tree, entries


def test_known_vector_and_domain_separation() -> None:
    # Empty tree hash from RFC 6962; leaves and nodes use different prefixes.
    assert MerkleTree().root().hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert leaf_hash(b"") == hashlib.sha256(b"\x00").digest()
    assert node_hash(b"a", b"b") == hashlib.sha256(b"\x01ab").digest()


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=1, max_value=300), st.data())
def test_roots_and_inclusion_proofs_for_random_sizes(n: int, data: st.DataObject) -> None:
    tree, entries = _tree(n)
    size = data.draw(st.integers(min_value=1, max_value=n))
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    root = tree.root(size)
    assert root == _reference_root(entries[:size])
    path = tree.inclusion_proof(index, size)
    assert len(path) <= max(1, size - 1).bit_length()
    assert verify_inclusion(leaf_hash(entries[index]), index, size, path, root)
    assert not verify_inclusion(leaf_hash(b"forged"), index, size, path, root)
    if size > 1:
        assert not verify_inclusion(leaf_hash(entries[index]), (index + 1) % size, size, path, root)
    if path:
        bad = [bytes(32), *path[1:]]
        assert not verify_inclusion(leaf_hash(entries[index]), index, size, bad, root)


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=2, max_value=300), st.data())
def test_consistency_proofs_hold_and_catch_truncation_and_forks(n: int, data: st.DataObject) -> None:
    tree, entries = _tree(n)
    old = data.draw(st.integers(min_value=1, max_value=n - 1))
    proof = tree.consistency_proof(old, n)
    assert verify_consistency(old, n, tree.root(old), tree.root(), proof)
    # A fork: same size, one earlier entry rewritten.
    forked_entries = list(entries)
    forked_entries[data.draw(st.integers(min_value=0, max_value=old - 1))] = b"rewritten"
    fork = MerkleTree()
    for entry in forked_entries:
        fork.append(entry)
    assert not verify_consistency(old, n, tree.root(old), fork.root(), fork.consistency_proof(old, n))
    # Truncation: a tree that lost its tail cannot be shown to extend the old checkpoint at the old size.
    shorter = data.draw(st.integers(min_value=1, max_value=old))
    if shorter < old:
        assert not verify_consistency(old, shorter, tree.root(old), tree.root(shorter), [])
    assert not verify_consistency(old, n, tree.root(old), tree.root(), proof[:-1] if proof else [bytes(32)])


def test_out_of_range_requests_name_the_problem() -> None:
    tree, _ = _tree(3)
    with pytest.raises(LineageError, match="leaf index"):
        tree.inclusion_proof(3)
    with pytest.raises(LineageError, match="tree size"):
        tree.root(4)
    with pytest.raises(LineageError, match="old size"):
        tree.consistency_proof(0)

"""Tamper classes a signed chain must catch beyond edits: rollback, fork, empty chains, origin, bundle heads (#21).

Each test builds the forgery an attacker without the signing key can make (or a signer who equivocates) and checks
that verification with the key, and the checkpoint the verifier already trusts, rejects it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from genesis.cli.app import main
from genesis.errors import LineageError
from genesis.lineage import LineageChain, create_proof_bundle, generate_key, public_key_hex
from genesis.lineage.chain import origin_hash
from genesis.lineage.documents import render_document
from genesis.lineage.encoding import domain_hash
from genesis.lineage.trust import TrustStore


def _signed_chain(key: object, sizes: tuple[int, ...] = (2, 4, 6)) -> LineageChain:
    """A chain with a checkpoint signed at each of ``sizes`` (as the recorder signs after every run)."""
    chain = LineageChain()
    for size in sizes:
        while len(chain) < size:
            chain.add_quality_check({"run": len(chain)}, True)
        chain.checkpoint(key)  # type: ignore[arg-type]
    return chain


def _cut_back(chain: LineageChain, size: int, path: Path) -> Path:
    """The chain as it was at a signed size: later blocks and checkpoints removed, totals rewritten."""
    document = chain.to_dict()
    document["blocks"] = document["blocks"][:size]
    document["checkpoints"] = [c for c in document["checkpoints"] if c["tree_size"] <= size]
    document["tree_size"], document["root_hash"] = size, chain.root_hash(size)
    path.write_text(render_document(document), encoding="utf-8")
    return path


def test_a_chain_cut_back_to_an_earlier_signed_size_is_self_consistent(tmp_path: Path) -> None:
    """Why a remembered checkpoint is needed: the cut file alone verifies, even with the key."""
    key = generate_key()
    chain = _signed_chain(key)
    cut = LineageChain.load(_cut_back(chain, 4, tmp_path / "cut.json"), public_key=key.public_key())
    assert len(cut) == 4


@pytest.mark.parametrize("size", [2, 4])
def test_a_rollback_below_a_trusted_checkpoint_fails(tmp_path: Path, size: int) -> None:
    key = generate_key()
    chain = _signed_chain(key)
    newest = chain.checkpoints[-1]
    path = _cut_back(chain, size, tmp_path / "cut.json")
    with pytest.raises(LineageError, match=f"rolled back: the chain has {size} blocks but a trusted checkpoint "
                                           "signed 6"):
        LineageChain.load(path, public_key=key.public_key(), trusted_checkpoint=newest)


def test_the_cli_remembers_the_newest_checkpoint_and_then_refuses_a_rollback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = generate_key()
    chain = _signed_chain(key)
    path = tmp_path / "lineage.json"
    chain.export(path)
    pub = public_key_hex(key)
    assert main(["lineage", "verify", str(path), "--key", pub]) == 0
    _cut_back(chain, 4, path)
    capsys.readouterr()
    assert main(["lineage", "verify", str(path), "--key", pub]) == 1
    assert "rolled back: the chain has 4 blocks but a trusted checkpoint signed 6" in capsys.readouterr().err
    assert main(["lineage", "verify", str(path), "--key", pub, "--no-state"]) == 0  # the file alone cannot tell


def test_the_cli_takes_a_trusted_checkpoint_from_a_proof_bundle(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    key = generate_key()
    chain = _signed_chain(key)
    bundle = tmp_path / "published.proof.json"
    create_proof_bundle(chain, len(chain) - 1, public_key=key.public_key()).save(bundle)
    path = _cut_back(chain, 2, tmp_path / "lineage.json")
    assert main(["lineage", "verify", str(path), "--key", public_key_hex(key), "--no-state",
                 "--trusted-checkpoint", str(bundle)]) == 1
    assert "rolled back" in capsys.readouterr().err


def test_a_fork_signed_by_the_same_key_fails_against_the_remembered_checkpoint(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = generate_key()
    chain = _signed_chain(key, (3,))
    path = tmp_path / "lineage.json"
    chain.export(path)
    pub = public_key_hex(key)
    assert main(["lineage", "verify", str(path), "--key", pub]) == 0
    fork = LineageChain(origin=chain.origin)  # the signer rewrites history under the same name
    for _ in range(5):
        fork.add_quality_check({"rewritten": True}, False)
    fork.checkpoint(key)
    fork.export(path)
    capsys.readouterr()
    assert main(["lineage", "verify", str(path), "--key", pub]) == 1
    assert "forked: the first 3 blocks differ" in capsys.readouterr().err


def test_an_empty_chain_is_never_valid_with_a_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.json"
    LineageChain().export(path)
    with pytest.raises(LineageError, match="an empty chain carries no signed checkpoint"):
        LineageChain.load(path, public_key=generate_key().public_key())
    assert main(["lineage", "verify", str(path), "--key", public_key_hex(generate_key())]) == 1
    assert "empty chain" in capsys.readouterr().err
    assert len(LineageChain.load(path)) == 0  # without a key an empty file is merely intact


def test_the_origin_is_hashed_content(tmp_path: Path) -> None:
    chain = LineageChain()
    chain.add_source_block(pd.DataFrame({"a": [1]}), "src")
    assert chain.blocks[0].previous_hash == origin_hash(chain.origin)
    document = chain.to_dict()
    document["origin"] = "urn:uuid:00000000-0000-0000-0000-000000000000"
    path = tmp_path / "renamed.json"
    path.write_text(render_document(document), encoding="utf-8")
    with pytest.raises(LineageError, match="does not link to the chain's origin"):
        LineageChain.load(path)


def test_a_renamed_and_rehashed_chain_fails_with_the_key(tmp_path: Path) -> None:
    key = generate_key()
    chain = _signed_chain(key, (2,))
    document = chain.to_dict()
    document["origin"] = "urn:uuid:00000000-0000-0000-0000-000000000000"
    previous = origin_hash(document["origin"])
    for record in document["blocks"]:
        record["previous_hash"] = previous
        record["data_hash"] = previous = domain_hash("block", {k: v for k, v in record.items() if k != "data_hash"})
    path = tmp_path / "renamed.json"
    path.write_text(render_document(document), encoding="utf-8")
    with pytest.raises(LineageError, match="checkpoint"):
        LineageChain.load(path, public_key=key.public_key())


def test_trusted_head_applies_to_proof_bundles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = generate_key()
    chain = _signed_chain(key, (4,))
    head, older = tmp_path / "head.proof.json", tmp_path / "older.proof.json"
    create_proof_bundle(chain, 3, public_key=key.public_key()).save(head)
    create_proof_bundle(chain, 1, public_key=key.public_key()).save(older)
    assert main(["lineage", "verify", str(head), "--trusted-head", str(chain.latest_hash)]) == 0
    capsys.readouterr()
    assert main(["lineage", "verify", str(older), "--trusted-head", str(chain.latest_hash)]) == 1
    assert "not the trusted head" in capsys.readouterr().err
    assert main(["lineage", "verify", str(head), "--trusted-head", "0" * 64]) == 1


def test_an_edited_trust_state_is_refused(tmp_path: Path) -> None:
    key = generate_key()
    chain = _signed_chain(key, (2,))
    store = TrustStore(tmp_path / "state")
    store.remember(chain.checkpoints[-1])
    (state_file,) = (tmp_path / "state").iterdir()
    document = json.loads(state_file.read_text())
    document["checkpoint"]["tree_size"] = 1
    state_file.write_text(render_document(document), encoding="utf-8")
    with pytest.raises(LineageError, match="does not hold a valid checkpoint"):
        store.newest(chain.origin, public_key_hex(key))


def test_the_store_keeps_only_the_newest_checkpoint(tmp_path: Path) -> None:
    key = generate_key()
    chain = _signed_chain(key)
    store = TrustStore(tmp_path)
    store.remember(chain.checkpoints[2])
    store.remember(chain.checkpoints[0])
    newest = store.newest(chain.origin, public_key_hex(key))
    assert newest is not None and newest.tree_size == 6

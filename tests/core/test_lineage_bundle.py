"""Proof bundles: verify offline with only the bundle (and a pinned key); any byte edit or wrong key fails."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from genesis.errors import LineageError
from genesis.lineage import (
    LineageChain,
    ProofBundle,
    create_proof_bundle,
    generate_key,
    public_key_hex,
    save_keypair,
    verify_bundle,
)


def _chain(n: int = 6) -> LineageChain:
    chain = LineageChain()
    chain.add_source_block(pd.DataFrame({"x": [1, 2, 3]}), "source")
    for i in range(n - 1):
        chain.add_quality_check({"step": i}, True)
    return chain


def test_bundle_verifies_and_names_each_failure(tmp_path: Path) -> None:
    key = generate_key()
    chain = _chain()
    bundle = create_proof_bundle(chain, 2, signing_key=key)
    assert bundle.verify(key.public_key()).ok
    assert bundle.verify().ok and not bundle.verify().key_pinned
    wrong = bundle.verify(generate_key().public_key())
    assert not wrong.ok and "different key" in wrong.problems[0]
    bundle.save(tmp_path / "b.proof.json")
    assert ProofBundle.load(tmp_path / "b.proof.json").to_dict() == bundle.to_dict()


def test_a_checkpoint_signed_by_another_key_fails() -> None:
    chain = _chain()
    bundle = create_proof_bundle(chain, 1, signing_key=generate_key())
    other = public_key_hex(generate_key())
    swapped = ProofBundle(block=bundle.block, leaf_index=1, inclusion_path=bundle.inclusion_path,
                          checkpoint=bundle.checkpoint, public_key=other)
    assert "not the checkpoint's signing key" in swapped.verify().problems[0]
    relabelled = ProofBundle(block=bundle.block, leaf_index=1, inclusion_path=bundle.inclusion_path,
                             checkpoint=replace(bundle.checkpoint, public_key=other), public_key=other)
    result = relabelled.verify(other)
    assert not result.ok and "signature" in result.problems[0]


def test_bundle_from_a_stored_checkpoint_and_inclusion_at_every_index() -> None:
    key = generate_key()
    chain = _chain(11)
    chain.checkpoint(key)
    chain.add_quality_check({"late": True}, True)
    for index in range(11):
        assert create_proof_bundle(chain, index, public_key=key.public_key()).verify(key.public_key()).ok
    with pytest.raises(LineageError, match="covers block 11"):
        create_proof_bundle(chain, 11, public_key=key.public_key())
    with pytest.raises(LineageError, match="signing_key"):
        create_proof_bundle(chain, 0)


def test_edited_block_or_proof_fails() -> None:
    key = generate_key()
    bundle = create_proof_bundle(_chain(), 3, signing_key=key)
    bundle.block.content["metrics"] = {"step": 99}
    assert "block hash" in bundle.verify(key.public_key()).problems[0]
    moved = create_proof_bundle(_chain(), 3, signing_key=key)
    other = ProofBundle(block=moved.block, leaf_index=2, inclusion_path=moved.inclusion_path,
                        checkpoint=moved.checkpoint, public_key=moved.public_key)
    assert not other.verify(key.public_key()).ok


@pytest.fixture(scope="module")
def bundle_bytes(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, str]:
    key = generate_key()
    path = tmp_path_factory.mktemp("bundle") / "b.proof.json"
    create_proof_bundle(_chain(), 4, signing_key=key).save(path)
    return path.read_bytes(), public_key_hex(key)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_flipping_any_byte_of_a_proof_is_detected(bundle_bytes: tuple[bytes, str], tmp_path: Path,
                                                  data: st.DataObject) -> None:
    raw, key = bundle_bytes
    position = data.draw(st.integers(min_value=0, max_value=len(raw) - 1))
    edited = bytearray(raw)
    edited[position] ^= data.draw(st.integers(min_value=1, max_value=255))
    path = tmp_path / "edited.proof.json"
    path.write_bytes(bytes(edited))
    assert not verify_bundle(path, public_key=key).ok


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    code = ("import sys; from typer.main import get_command; from genesis.cli.lineage_cmd import app; "
            "sys.exit(get_command(app).main(sys.argv[1:], prog_name='genesis lineage', standalone_mode=False))")
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)


def test_cli_verifies_a_bundle_in_a_fresh_process(tmp_path: Path) -> None:
    key = generate_key()
    public = save_keypair(key, tmp_path / "signer.key")
    bundle = tmp_path / "b.proof.json"
    create_proof_bundle(_chain(), 0, signing_key=key).save(bundle)
    ok = _cli("verify", str(bundle), "--key", str(public))
    assert ok.returncode == 0, ok.stderr
    assert "valid" in ok.stdout
    stranger = save_keypair(generate_key(), tmp_path / "stranger.key")
    bad = _cli("verify", str(bundle), "--key", str(stranger))
    assert bad.returncode == 1 and "different key" in bad.stderr

"""LineageBlock and LineageChain: tamper evidence, files, trust anchors, checkpoints, verify_data."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from genesis.errors import LineageError
from genesis.lineage import LineageBlock, LineageChain, generate_key
from genesis.lineage.chain import origin_hash
from genesis.lineage.encoding import domain_hash


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"age": [31, 45, 27], "income": [52000.5, 61000.0, np.nan], "city": ["Oslo", "Lyon", None]})


def _chain() -> LineageChain:
    chain = LineageChain()
    chain.add_source_block(_frame(), "patients", {"owner": "clinic"})
    chain.add_transform_block("drop-ids", chain.latest_hash, {"columns": ["id"]})
    chain.add_generation_block("gaussian_copula", {"seed": 7}, 100, {"ks": 0.93}, output=_frame())
    chain.add_quality_check({"ks": 0.93}, True, threshold=0.9)
    return chain


BLOCK_EDITS = {
    "block_id": lambda b: setattr(b, "block_id", "other"),
    "block_type": lambda b: setattr(b, "block_type", "transform"),
    "timestamp": lambda b: setattr(b, "timestamp", b.timestamp.replace(year=2001)),
    "previous_hash": lambda b: setattr(b, "previous_hash", "0" * 64),
    "content": lambda b: b.content.update(name="someone-else"),
    "metadata": lambda b: b.metadata.update(owner="attacker"),
    "data_hash": lambda b: setattr(b, "data_hash", "f" * 64),
}


@pytest.mark.parametrize("field", sorted(BLOCK_EDITS))
def test_editing_any_field_of_any_block_is_detected(field: str) -> None:
    chain = _chain()
    assert chain.verify()
    BLOCK_EDITS[field](chain.blocks[0])
    assert not chain.blocks[0].verify()
    assert not chain.verify()


def test_block_api_matches_the_reference() -> None:
    block = LineageBlock("source", {"name": "x"}, previous_hash=None, metadata={"k": 1})
    assert block.verify() and block.compute_hash() == block.data_hash
    assert block.timestamp.tzinfo is not None and block.block_type == "source" and block.block_id
    copy = LineageBlock.from_dict(block.to_dict())
    assert copy.to_dict() == block.to_dict()
    expected_body = {k: v for k, v in block.to_dict().items() if k != "data_hash"}
    assert block.data_hash == domain_hash("block", expected_body)


def test_chain_api_and_audit_trail() -> None:
    chain = _chain()
    assert [b.block_type for b in chain.blocks] == ["source", "transform", "generation", "quality_check"]
    assert chain.latest_hash == chain.blocks[-1].data_hash
    assert all(b.previous_hash == a.data_hash for a, b in zip(chain.blocks, chain.blocks[1:], strict=False))
    trail = chain.get_audit_trail()
    assert [row["verified"] for row in trail] == [True] * 4
    assert trail[0]["summary"].startswith("source patients 3 rows x 3 columns")
    assert "Oslo" not in json.dumps(chain.to_dict()) and "52000" not in json.dumps(chain.to_dict())


def test_reordering_and_dropping_blocks_is_detected() -> None:
    chain = _chain()
    chain._blocks[1], chain._blocks[2] = chain._blocks[2], chain._blocks[1]
    assert not chain.verify()
    chain = _chain()
    del chain._blocks[1]
    assert not chain.verify()


def test_verify_data_checks_a_frame_against_its_block() -> None:
    chain = _chain()
    assert chain.verify_data(_frame(), 0)
    assert chain.verify_data(_frame(), chain.blocks[2])
    assert not chain.verify_data(_frame().assign(age=[31, 45, 28]), 0)
    assert not chain.verify_data(_frame().iloc[::-1], 0)
    with pytest.raises(LineageError, match="records no dataset hash"):
        chain.verify_data(_frame(), 1)


def test_export_load_round_trip(tmp_path: Path) -> None:
    chain = _chain()
    chain.checkpoint(generate_key())
    chain.export(tmp_path / "chain.json")
    loaded = LineageChain.load(tmp_path / "chain.json")
    assert loaded.to_dict() == chain.to_dict()
    assert loaded.verify() and loaded.verify_data(_frame(), 0)


def _rehash_from(document: dict, start: int) -> None:
    """What a careful forger does: edit, then recompute every hash and link after the edit."""
    previous = document["blocks"][start - 1]["data_hash"] if start else origin_hash(document["origin"])
    for record in document["blocks"][start:]:
        record["previous_hash"] = previous
        body = {k: v for k, v in record.items() if k != "data_hash"}
        record["data_hash"] = previous = domain_hash("block", body)


def _forge(tmp_path: Path, chain: LineageChain) -> Path:
    document = chain.to_dict()
    document["blocks"][0]["content"]["name"] = "forged"
    _rehash_from(document, 0)
    forged = LineageChain()
    forged.origin = document["origin"]
    for record in document["blocks"]:
        forged._blocks.append(LineageBlock.from_dict(record))
        forged._tree.append(bytes.fromhex(record["data_hash"]))
    document["root_hash"] = forged.root_hash()
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_load_rejects_an_edited_and_rehashed_file_unless_its_head_is_trusted(tmp_path: Path) -> None:
    chain = _chain()
    path = _forge(tmp_path, chain)
    forged_head = json.loads(path.read_text())["blocks"][-1]["data_hash"]
    with pytest.raises(LineageError, match="not the trusted head"):
        LineageChain.load(path, trusted_head=chain.latest_hash)
    assert LineageChain.load(path, trusted_head=forged_head).blocks[0].content["name"] == "forged"


def test_load_rejects_a_rehashed_file_against_the_signers_key(tmp_path: Path) -> None:
    key = generate_key()
    chain = _chain()
    chain.checkpoint(key)
    path = _forge(tmp_path, chain)
    with pytest.raises(LineageError, match="checkpoint"):
        LineageChain.load(path, public_key=key.public_key())
    document = json.loads(path.read_text())
    document["checkpoints"] = []
    path.write_text(json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(LineageError, match="not covered by a checkpoint"):
        LineageChain.load(path, public_key=key.public_key())


def test_load_with_the_right_key_accepts_and_the_wrong_key_rejects(tmp_path: Path) -> None:
    key = generate_key()
    chain = _chain()
    chain.checkpoint(key)
    chain.export(tmp_path / "c.json")
    assert len(LineageChain.load(tmp_path / "c.json", public_key=key.public_key())) == 4
    with pytest.raises(LineageError, match="not signed by that key"):
        LineageChain.load(tmp_path / "c.json", public_key=generate_key().public_key())


def test_checkpoints_catch_truncation_and_forks() -> None:
    key = generate_key()
    chain = _chain()
    checkpoint = chain.checkpoint(key)
    chain.add_quality_check({"ks": 0.95}, True)
    assert chain.verify_checkpoint(checkpoint, key.public_key())
    assert not chain.verify_checkpoint(checkpoint, generate_key().public_key())
    truncated = _chain()
    truncated.origin = chain.origin
    truncated._blocks, truncated._tree = chain._blocks[:2], type(chain._tree)()
    for block in truncated._blocks:
        truncated._tree.append(bytes.fromhex(block.data_hash))
    assert not truncated.verify_checkpoint(checkpoint, key.public_key())
    fork = _chain()
    fork.origin = chain.origin
    assert not fork.verify_checkpoint(checkpoint, key.public_key())
    # The chain grew after the checkpoint: a consistency proof links the two sizes.
    from genesis.lineage.merkle import verify_consistency

    proof = [bytes.fromhex(node) for node in chain.consistency_proof(checkpoint.tree_size)]
    assert verify_consistency(checkpoint.tree_size, len(chain), bytes.fromhex(checkpoint.root_hash),
                              bytes.fromhex(chain.root_hash()), proof)


@pytest.fixture(scope="module")
def exported_chain(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    chain = _chain()
    chain.checkpoint(generate_key())
    path = tmp_path_factory.mktemp("flip") / "chain.json"
    chain.export(path)
    return path.read_bytes()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_flipping_any_byte_of_an_exported_chain_is_detected(exported_chain: bytes, tmp_path: Path,
                                                            data: st.DataObject) -> None:
    position = data.draw(st.integers(min_value=0, max_value=len(exported_chain) - 1))
    flip = data.draw(st.integers(min_value=1, max_value=255))
    edited = bytearray(exported_chain)
    edited[position] ^= flip
    path = tmp_path / "edited.json"
    path.write_bytes(bytes(edited))
    with pytest.raises(LineageError):
        LineageChain.load(path)


def test_bad_input_names_the_problem(tmp_path: Path) -> None:
    with pytest.raises(LineageError, match="block_type"):
        LineageBlock("", {})
    with pytest.raises(LineageError, match="content must be a mapping"):
        LineageBlock("source", [1, 2])  # type: ignore[arg-type]
    with pytest.raises(LineageError, match="not in this chain"):
        _chain().inclusion_proof(99)
    (tmp_path / "x.json").write_text('{"format": "something-else"}')
    with pytest.raises(LineageError, match="not a genesis-lineage-chain"):
        LineageChain.load(tmp_path / "x.json")


def test_a_number_edited_beyond_float_range_is_rejected(tmp_path: Path) -> None:
    chain = LineageChain()
    chain.add_quality_check({"score": 1.5e300}, True)
    chain.export(tmp_path / "c.json")
    text = (tmp_path / "c.json").read_text()
    (tmp_path / "c.json").write_text(text.replace("1.5e+300", "1.5e+800"))
    with pytest.raises(LineageError, match="outside JSON's range"):
        LineageChain.load(tmp_path / "c.json")

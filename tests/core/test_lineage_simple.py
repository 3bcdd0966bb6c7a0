"""DataLineage and LineageManifest: name-based recording on a verifiable chain; manifests save and load."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from genesis.errors import LineageError
from genesis.lineage import DataLineage, LineageManifest

REAL = pd.DataFrame({"age": [31, 45], "income": [52000.0, 61000.0]})


def _lineage() -> DataLineage:
    lineage = DataLineage()
    lineage.record_source("patients", REAL, description="clinic extract", tags=["pii", "2024"])
    lineage.record_transformation("patients-clean", "patients", description="ids dropped")
    lineage.record_generation("synthetic", "gaussian_copula", 1000, {"seed": 3})
    return lineage


def test_records_land_in_the_chain_and_the_manifest() -> None:
    lineage = _lineage()
    assert lineage.chain.verify()
    assert [b.block_type for b in lineage.chain.blocks] == ["source", "transform", "generation"]
    manifest = lineage.create_manifest()
    source = manifest.sources[0]
    assert source["name"] == "patients" and source["tags"] == ["2024", "pii"]
    assert lineage.chain.verify_data(REAL, source["block_id"])
    assert manifest.transformations[0]["input_hash"] == source["dataset_hash"]
    assert manifest.generations[0]["input_name"] == "patients-clean"
    assert manifest.chain_head == lineage.chain.latest_hash and manifest.matches(lineage.chain)
    assert "52000" not in str(manifest.to_dict())


def test_manifest_save_load_round_trip(tmp_path: Path) -> None:
    manifest = _lineage().create_manifest()
    manifest.save(tmp_path / "manifest.json")
    assert LineageManifest.load(tmp_path / "manifest.json") == manifest


def test_manifest_no_longer_matches_an_edited_chain() -> None:
    lineage = _lineage()
    manifest = lineage.create_manifest()
    lineage.chain.blocks[0].metadata["description"] = "something else"
    assert not manifest.matches(lineage.chain)


def test_bad_names_are_reported() -> None:
    lineage = _lineage()
    with pytest.raises(LineageError, match=r"unknown input 'nope'.*patients"):
        lineage.record_transformation("x", "nope")
    with pytest.raises(LineageError, match="already recorded"):
        lineage.record_source("patients", REAL)

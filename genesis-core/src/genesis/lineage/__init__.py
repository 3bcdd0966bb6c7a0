"""Verifiable data lineage: hash-linked blocks, a Merkle tree, signed checkpoints and offline proof bundles.

``DataLineage`` is the simple name-based API; ``LineageChain`` the audit trail underneath it. ``docs/lineage.md``
explains what is hashed, the file formats, and what a verification does and does not prove.
"""

from genesis.lineage.block import LineageBlock, verify_data
from genesis.lineage.bundle import BundleVerification, ProofBundle, create_proof_bundle, verify_bundle
from genesis.lineage.chain import LineageChain
from genesis.lineage.checkpoints import (
    Checkpoint,
    generate_key,
    load_private_key,
    load_public_key,
    public_key_hex,
    save_keypair,
)
from genesis.lineage.datahash import describe_dataset, hash_dataframe
from genesis.lineage.encoding import canonical_json, to_jsonable
from genesis.lineage.interop import to_openlineage, to_prov
from genesis.lineage.recorder import LineageRecorder, record_lineage
from genesis.lineage.simple import DataLineage, LineageManifest
from genesis.lineage.trust import TrustStore

__all__ = [
    "BundleVerification",
    "Checkpoint",
    "DataLineage",
    "LineageBlock",
    "LineageChain",
    "LineageManifest",
    "LineageRecorder",
    "ProofBundle",
    "TrustStore",
    "canonical_json",
    "create_proof_bundle",
    "describe_dataset",
    "generate_key",
    "hash_dataframe",
    "load_private_key",
    "load_public_key",
    "public_key_hex",
    "record_lineage",
    "save_keypair",
    "to_jsonable",
    "to_openlineage",
    "to_prov",
    "verify_bundle",
    "verify_data",
]

"""Export a chain to the lineage formats other tools read: OpenLineage RunEvents and W3C PROV-JSON.

Runs are found in the chain: a ``generation`` or ``run_failed`` block ends a run (grouped with its ``run_started``,
``batch`` and ``output`` blocks by ``run_id``); a generation block without a run id is a run of its own. Inputs are
the datasets (``source`` blocks, transforms with an output) recorded before the run ended; outputs are the run's
``output`` blocks and the generation block's own dataset. Datasets carry only names, schemas and content hashes.
"""

from __future__ import annotations

import uuid
from typing import Any

from genesis import __version__
from genesis.lineage.block import LineageBlock
from genesis.lineage.chain import LineageChain

__all__ = ["DEFAULT_PRODUCER", "OPENLINEAGE_SCHEMA_URL", "to_openlineage", "to_prov"]

DEFAULT_PRODUCER = f"urn:genesis:genesis-core:{__version__}"
OPENLINEAGE_SCHEMA_URL = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"
_SCHEMA_FACET = "https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet"
_VERSION_FACET = (
    "https://openlineage.io/spec/facets/1-0-1/DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet"
)
_LINEAGE_FACET = "urn:genesis:lineage:facet:run:1"
_RUN_BLOCKS = {"run_started", "batch", "output"}


def _run_id(block: LineageBlock) -> str | None:
    value = block.content.get("run_id", block.metadata.get("run_id"))
    return str(value) if value is not None else None


def _dataset_name(block: LineageBlock) -> str:
    name = block.content.get("name") or block.content.get("operation") or block.metadata.get("name")
    return str(name or f"{block.block_type}-{block.block_id}")


def _runs(chain: LineageChain) -> list[dict[str, Any]]:
    """Each run: start and end block, input and output dataset blocks, in chain order."""
    datasets: list[LineageBlock] = []
    pending: dict[str, dict[str, Any]] = {}
    runs: list[dict[str, Any]] = []
    for block in chain.blocks:
        key = _run_id(block)
        if block.block_type in ("source", "transform") and "dataset_hash" in block.content:
            datasets.append(block)
        elif block.block_type in _RUN_BLOCKS and key is not None:
            run = pending.setdefault(key, {"id": key, "start": block, "outputs": []})
            if block.block_type == "output":
                run["outputs"].append(block)
        elif block.block_type in ("generation", "run_failed"):
            fresh: dict[str, Any] = {"id": key or f"{chain.origin}/{block.block_id}", "start": block, "outputs": []}
            run = pending.pop(key, fresh) if key is not None else fresh
            if "dataset_hash" in block.content:
                run["outputs"].append(block)
            runs.append({**run, "end": block, "inputs": list(datasets)})
    return runs


def _run_uuid(origin: str, key: str) -> str:
    try:
        return str(uuid.UUID(key))
    except ValueError:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{origin}#{key}"))


def _ol_dataset(block: LineageBlock, namespace: str, producer: str) -> dict[str, Any]:
    schema = block.content.get("schema") or {}
    columns = schema.get("columns", [])
    fields = [{"name": str(column.get("name")), "type": str(column.get("dtype"))} for column in columns]
    return {
        "namespace": namespace,
        "name": _dataset_name(block),
        "facets": {
            "schema": {"_producer": producer, "_schemaURL": _SCHEMA_FACET, "fields": fields},
            "version": {"_producer": producer, "_schemaURL": _VERSION_FACET,
                        "datasetVersion": str(block.content["dataset_hash"])},
        },
    }


def to_openlineage(chain: LineageChain, *, namespace: str = "genesis", job_name: str = "generate",
                   producer: str = DEFAULT_PRODUCER) -> list[dict[str, Any]]:
    """OpenLineage RunEvents (a START and a COMPLETE or FAIL per run) with schema and version dataset facets."""
    events: list[dict[str, Any]] = []
    for run in _runs(chain):
        end: LineageBlock = run["end"]
        run_facets = {"genesis_lineage": {"_producer": producer, "_schemaURL": _LINEAGE_FACET, "origin": chain.origin,
                                          "block_id": end.block_id, "block_hash": end.data_hash}}
        base = {
            "run": {"runId": _run_uuid(chain.origin, run["id"]), "facets": run_facets},
            "job": {"namespace": namespace, "name": job_name},
            "inputs": [_ol_dataset(block, namespace, producer) for block in run["inputs"]],
            "producer": producer,
            "schemaURL": OPENLINEAGE_SCHEMA_URL,
        }
        outputs = [_ol_dataset(block, namespace, producer) for block in run["outputs"]]
        final = "COMPLETE" if end.block_type == "generation" else "FAIL"
        events.append({"eventType": "START", "eventTime": run["start"].timestamp.isoformat(), **base, "outputs": []})
        events.append({"eventType": final, "eventTime": end.timestamp.isoformat(), **base, "outputs": outputs})
    return events


def to_prov(chain: LineageChain) -> dict[str, Any]:
    """W3C PROV-JSON: datasets are entities, runs and transforms are activities, Genesis is the agent."""
    doc: dict[str, Any] = {
        "prefix": {"genesis": "urn:genesis:", "block": "urn:genesis:block:", "sha256": "urn:sha256:"},
        "agent": {"genesis:genesis-core": {"prov:type": "prov:SoftwareAgent", "prov:label": f"genesis {__version__}"}},
        **{relation: {} for relation in ("entity", "activity", "used", "wasGeneratedBy", "wasDerivedFrom",
                                         "wasAssociatedWith")},
    }

    def relation(kind: str, record: dict[str, str]) -> None:
        doc[kind][f"_:{kind}{len(doc[kind]) + 1}"] = record

    def entity(block: LineageBlock) -> str:
        ident = f"sha256:{block.content['dataset_hash']}"
        schema = block.content.get("schema") or {}
        doc["entity"][ident] = {"prov:label": _dataset_name(block), "prov:type": "genesis:Dataset",
                                "genesis:rows": schema.get("rows"), "genesis:recordedIn": f"block:{block.block_id}"}
        return ident

    def activity(block: LineageBlock, start: LineageBlock, label: str) -> str:
        ident = f"block:{block.block_id}"
        doc["activity"][ident] = {"prov:startTime": start.timestamp.isoformat(),
                                  "prov:endTime": block.timestamp.isoformat(),
                                  "prov:type": f"genesis:{block.block_type}", "prov:label": label,
                                  "genesis:blockHash": block.data_hash}
        relation("wasAssociatedWith", {"prov:activity": ident, "prov:agent": "genesis:genesis-core"})
        return ident

    for block in chain.blocks:
        if block.block_type == "source" and "dataset_hash" in block.content:
            entity(block)
        elif block.block_type == "transform":
            act = activity(block, block, str(block.content.get("operation")))
            used = f"sha256:{block.content.get('input_hash')}"
            relation("used", {"prov:activity": act, "prov:entity": used})
            if "dataset_hash" in block.content:
                made = entity(block)
                relation("wasGeneratedBy", {"prov:entity": made, "prov:activity": act})
                relation("wasDerivedFrom", {"prov:generatedEntity": made, "prov:usedEntity": used})
    for run in _runs(chain):
        end: LineageBlock = run["end"]
        act = activity(end, run["start"], str(end.content.get("method") or end.block_type))
        inputs = [entity(block) for block in run["inputs"]]
        for used in inputs:
            relation("used", {"prov:activity": act, "prov:entity": used})
        for output in run["outputs"]:
            made = entity(output)
            relation("wasGeneratedBy", {"prov:entity": made, "prov:activity": act})
            for used in inputs:
                relation("wasDerivedFrom", {"prov:generatedEntity": made, "prov:usedEntity": used})
    return doc

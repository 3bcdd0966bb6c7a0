"""OpenLineage RunEvents (validated against the RunEvent schema rules) and W3C PROV-JSON export."""

from __future__ import annotations

import pandas as pd
from jsonschema import Draft202012Validator

from genesis.lineage import DataLineage, LineageChain, to_openlineage, to_prov

# The structural rules of the OpenLineage 2-0-2 RunEvent and of the two dataset facets used, written out here
# (the published schema file is not shipped by any installable package and tests run offline).
_FACET = {"type": "object", "required": ["_producer", "_schemaURL"],
          "properties": {"_producer": {"type": "string", "format": "uri"},
                         "_schemaURL": {"type": "string", "format": "uri"}}}
_DATASET = {
    "type": "object",
    "required": ["namespace", "name"],
    "properties": {
        "namespace": {"type": "string"},
        "name": {"type": "string"},
        "facets": {
            "type": "object",
            "additionalProperties": _FACET,
            "properties": {
                "schema": {"allOf": [_FACET, {"required": ["fields"], "properties": {"fields": {
                    "type": "array", "items": {"type": "object", "required": ["name"],
                                               "properties": {"name": {"type": "string"},
                                                              "type": {"type": "string"}}}}}}]},
                "version": {"allOf": [_FACET, {"required": ["datasetVersion"],
                                               "properties": {"datasetVersion": {"type": "string"}}}]},
            },
        },
    },
}
RUN_EVENT_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["eventTime", "producer", "schemaURL", "run", "job"],
    "properties": {
        "eventType": {"enum": ["START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER"]},
        "eventTime": {"type": "string", "format": "date-time"},
        "producer": {"type": "string", "format": "uri"},
        "schemaURL": {"type": "string", "format": "uri"},
        "run": {"type": "object", "required": ["runId"],
                "properties": {"runId": {"type": "string", "format": "uuid"},
                               "facets": {"type": "object", "additionalProperties": _FACET}}},
        "job": {"type": "object", "required": ["namespace", "name"],
                "properties": {"namespace": {"type": "string"}, "name": {"type": "string"}}},
        "inputs": {"type": "array", "items": _DATASET},
        "outputs": {"type": "array", "items": _DATASET},
    },
}
VALIDATOR = Draft202012Validator(RUN_EVENT_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _recorded_run() -> LineageChain:
    chain = LineageChain()
    chain.add_source_block(pd.DataFrame({"age": [31, 45], "city": ["Oslo", "Lyon"]}), "patients")
    chain.append("run_started", {"run_id": "r1", "method": "gaussian-copula"})
    chain.append("output", {"run_id": "r1", "name": "synthetic", "dataset_hash": "ab" * 32,
                            "schema": {"rows": 2, "columns": [{"name": "age", "dtype": "int64"}]}})
    chain.add_generation_block("gaussian-copula", {"seed": 1}, 2, metadata={"run_id": "r1"})
    chain.append("run_started", {"run_id": "r2", "method": "gaussian-copula"})
    chain.append("run_failed", {"run_id": "r2", "error_type": "RuntimeError", "message": "x"})
    return chain


def test_openlineage_events_are_valid_run_events() -> None:
    chain = _recorded_run()
    events = to_openlineage(chain, namespace="clinic", job_name="synth")
    assert [e["eventType"] for e in events] == ["START", "COMPLETE", "START", "FAIL"]
    for event in events:
        errors = sorted(VALIDATOR.iter_errors(event), key=str)
        assert not errors, errors[0].message
    complete = events[1]
    assert complete["run"]["runId"] == events[0]["run"]["runId"] != events[2]["run"]["runId"]
    source = complete["inputs"][0]
    assert source["name"] == "patients"
    assert source["facets"]["version"]["datasetVersion"] == chain.blocks[0].content["dataset_hash"]
    assert [f["name"] for f in source["facets"]["schema"]["fields"]] == ["age", "city"]
    assert complete["outputs"][0]["facets"]["version"]["datasetVersion"] == "ab" * 32
    assert "Oslo" not in str(events)


def test_validator_rejects_a_broken_event() -> None:
    event = to_openlineage(_recorded_run())[0]
    event["run"]["runId"] = "not-a-uuid"
    del event["producer"]
    assert len(list(VALIDATOR.iter_errors(event))) == 2


def test_prov_json_links_datasets_activities_and_agent() -> None:
    lineage = DataLineage()
    lineage.record_source("patients", pd.DataFrame({"age": [31, 45]}))
    lineage.record_generation("synthetic", "gaussian_copula", 10)
    doc = to_prov(lineage.chain)
    source_hash = lineage.chain.blocks[0].content["dataset_hash"]
    assert doc["entity"][f"sha256:{source_hash}"]["prov:label"] == "patients"
    generation = f"block:{lineage.chain.blocks[1].block_id}"
    assert doc["activity"][generation]["prov:label"] == "gaussian_copula"
    assert {"prov:activity": generation, "prov:entity": f"sha256:{source_hash}"} in doc["used"].values()
    assert {"prov:activity": generation, "prov:agent": "genesis:genesis-core"} in doc["wasAssociatedWith"].values()
    assert set(doc["prefix"]) >= {"genesis", "block", "sha256"}

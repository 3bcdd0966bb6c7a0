"""The REST API through FastAPI's test client: the reference examples, sessions, limits and 4xx errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("fastapi", reason="the REST API needs the 'api' extra")

from fastapi.testclient import TestClient

from genesis.api import (
    ApiSettings,
    DatasetRegistry,
    SessionStore,
    create_app,
    parse_data_option,
    reference_form,
)
from genesis.api.sessions import Session
from genesis.conditions import Condition, ConditionSet
from genesis.errors import ConfigError, ValidationError
from genesis.nl import parse
from genesis.plugins import GeneratorSpec, get_plugin_manager
from genesis.schema import Schema

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

REFERENCE_PROMPT = "Generate 1000 customers over 50 in California"


@pytest.fixture(scope="module")
def registry(customers: pd.DataFrame, schema: Schema) -> DatasetRegistry:
    registry = DatasetRegistry()
    model = get_plugin_manager().get(GeneratorSpec, "gaussian_copula").create().fit(customers)
    registry.add("customers", model, schema)
    return registry


@pytest.fixture
def client(registry: DatasetRegistry) -> Iterator[TestClient]:
    with TestClient(create_app(registry, ApiSettings(max_rows=5_000, max_body_bytes=4_096))) as test_client:
        yield test_client


def frame_of(response: Any) -> pd.DataFrame:
    return pd.DataFrame(response.json()["data"])


def test_reference_natural_language_example(client: TestClient) -> None:
    response = client.post("/v1/generate/natural-language",
                           json={"prompt": REFERENCE_PROMPT, "data_context": "customers"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"data", "interpretation", "run"}  # the reference's fields, and the run behind them
    assert set(body["run"]) == {"run_id", "seed", "lineage_head"}
    interpretation = body["interpretation"]
    assert {k: interpretation[k] for k in ("n_samples", "conditions")} == {
        "n_samples": 1000, "conditions": {"age": [">=", 50], "state": "California"}}
    assert interpretation["ignored"] == [] and 0.5 < interpretation["confidence"] < 1.0  # "over 50" read as age
    rows = frame_of(response)
    assert len(rows) == 1000
    assert (rows["age"] >= 50).all() and (rows["state"] == "California").all()


def test_reference_clarify_example(client: TestClient) -> None:
    response = client.post("/v1/generate/natural-language/clarify",
                           json={"prompt": "Generate some customer data", "session_id": "abc123"})
    assert response.status_code == 200
    body = response.json()
    assert body["needs_clarification"] is True
    assert [{"field": q["field"], "question": q["question"]} for q in body["questions"]] == [
        {"field": "n_samples", "question": "How many samples?"},
        {"field": "conditions", "question": "Any specific conditions?"},
    ]
    assert body["session_id"] == "abc123"


def test_clarified_session_generates_the_merged_request(client: TestClient) -> None:
    client.post("/v1/generate/natural-language/clarify", json={"prompt": "Generate some customer data",
                                                               "session_id": "s1"})
    answered = client.post("/v1/generate/natural-language/clarify",
                           json={"prompt": "300 women over 60", "session_id": "s1"}).json()
    assert answered["needs_clarification"] is False
    assert answered["interpretation"]["n_samples"] == 300
    assert answered["interpretation"]["conditions"] == {"gender": "F", "age": [">=", 60]}
    assert answered["interpretation"]["ignored"] == []
    response = client.post("/v1/generate/natural-language", json={"session_id": "s1", "seed": 5})
    rows = frame_of(response)
    assert len(rows) == 300 and (rows["gender"] == "F").all() and (rows["age"] >= 60).all()
    again = client.post("/v1/generate/natural-language", json={"session_id": "s1"})
    assert again.status_code == 422 and "unknown or expired" in again.json()["detail"]


def test_ambiguous_prompt_is_422_with_questions_and_a_session(client: TestClient) -> None:
    response = client.post("/v1/generate/natural-language", json={"prompt": "120 customers with pets"})
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "needs_clarification" and body["needs_clarification"] is True
    assert "'pets' is not a column or value" in body["questions"][0]["question"]
    declined = client.post("/v1/generate/natural-language/clarify",
                           json={"prompt": "none", "session_id": body["session_id"]})
    assert declined.json()["needs_clarification"] is False
    rows = frame_of(client.post("/v1/generate/natural-language", json={"session_id": body["session_id"]}))
    assert len(rows) == 120


def test_same_seed_same_rows(client: TestClient) -> None:
    body = {"prompt": "50 premium customers in Texas", "seed": 11}
    first = client.post("/v1/generate/natural-language", json=body).json()
    second = client.post("/v1/generate/natural-language", json=body).json()
    assert first["data"] == second["data"] and first["interpretation"] == second["interpretation"]
    assert first["run"]["seed"] == second["run"]["seed"] == 11 and first["run"]["run_id"] != second["run"]["run_id"]


BAD_INPUT = [
    (b"{", 400, "not valid JSON"),
    (b'{"prompt": ""}', 422, "prompt: String should have at least 1 character"),
    (b'{"prompt": "   "}', 422, "the prompt is empty"),
    (json.dumps({"prompt": "a" * 2_001}).encode(), 422, "prompt: String should have at most 2000 characters"),
    (b'{"prompt": "Generate 5000000 customers"}', 422, "exceeds the limit of 5,000 rows"),
    (b'{"prompt": "Generate ten trillion customers"}', 422, "10,000,000,000,000 exceeds the limit of 5,000 rows"),
    (b'{"prompt": "Generate 1e13 customers over 50"}', 422, "10,000,000,000,000 exceeds the limit of 5,000 rows"),
    (b'{"prompt": "100 customers", "data_context": "nope"}', 404, "unknown data_context 'nope'"),
    (b"[]", 422, "valid dictionary"),
    (b'{"prompt": 5}', 422, "prompt: Input should be a valid string"),
    (b'{"prompt": "100 customers", "extra": 1}', 422, "extra: Extra inputs are not permitted"),
    (b'{"session_id": "nobody"}', 422, "prompt is required (session 'nobody' is unknown or expired)"),
    (b'{"prompt": "100 rows", "seed": -1}', 422, "seed"),
    (json.dumps({"prompt": "x" * 5_000}).encode(), 413, "limited to 4,096 bytes"),
]


@pytest.mark.parametrize(("body", "status", "detail"), BAD_INPUT, ids=[d for _, _, d in BAD_INPUT])
def test_bad_input_is_a_4xx_json_error_naming_the_problem(client: TestClient, body: bytes, status: int,
                                                          detail: str) -> None:
    response = client.post("/v1/generate/natural-language", content=body,
                           headers={"content-type": "application/json"})
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert detail in response.json()["detail"]


def test_structured_generation(client: TestClient) -> None:
    body = {"data_context": "customers", "n_samples": 40, "conditions": {"age": [">=", 80], "plan": "premium"},
            "seed": 3}
    response = client.post("/v1/generate", json=body)
    assert response.status_code == 200
    assert response.json()["conditions"] == {"age": [">=", 80], "plan": "premium"}
    rows = frame_of(response)
    assert len(rows) == 40 and (rows["age"] >= 80).all() and (rows["plan"] == "premium").all()


@pytest.mark.parametrize(
    ("conditions", "status", "detail"),
    [
        ({"height": 1}, 422, "unknown column 'height'"),
        ({"age": ["~", 3]}, 422, "cannot read the condition on 'age'"),
        ({"age": [">=", 500]}, 422, "the model gives probability 0 to age >= 500"),
        ({"age": [">=", "old"]}, 422, "type mismatch"),
    ],
)
def test_structured_generation_rejects_bad_conditions(client: TestClient, conditions: dict[str, Any], status: int,
                                                      detail: str) -> None:
    response = client.post("/v1/generate", json={"n_samples": 5, "conditions": conditions})
    assert response.status_code == status and detail in response.json()["detail"]


def test_datasets_health_and_openapi(client: TestClient) -> None:
    (dataset,) = client.get("/v1/datasets").json()["datasets"]
    assert dataset["name"] == "customers" and dataset["rows"] == 300
    assert {"name": "age", "kind": "integer"} in dataset["columns"]
    assert client.get("/healthz").json() == {"status": "ok", "datasets": 1}
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/v1/generate/natural-language", "/v1/generate/natural-language/clarify", "/v1/generate",
            "/v1/datasets", "/healthz"} <= set(paths)


def test_data_context_is_required_when_several_datasets_exist(registry: DatasetRegistry) -> None:
    several = DatasetRegistry()
    for name in ("a", "b"):
        dataset = registry.get("customers")
        several.add(name, dataset.model, dataset.schema)
    with TestClient(create_app(several)) as test_client:
        response = test_client.post("/v1/generate/natural-language", json={"prompt": "10 customers"})
    assert response.status_code == 422 and "data_context is required" in response.json()["detail"]
    with TestClient(create_app(DatasetRegistry())) as test_client:
        response = test_client.post("/v1/generate/natural-language/clarify", json={"prompt": "10 customers"})
    assert response.status_code == 422 and "start the server with --data NAME=PATH" in response.json()["detail"]


def test_registry_loads_tables_and_saved_models(tmp_path: Path, registry: DatasetRegistry,
                                                customers: pd.DataFrame) -> None:
    saved = registry.get("customers").model.save(tmp_path / "customers.model.json")
    table = tmp_path / "customers.parquet"
    customers.head(120).to_parquet(table)
    loaded = DatasetRegistry()
    from_model = loaded.load("model", saved)
    from_table = loaded.load("table", table)
    assert from_model.schema.names == from_table.schema.names == list(customers.columns)
    assert from_table.schema.n_rows == 120 and from_table.describe()["source"] == table.name
    rows = from_model.model.generate(10, conditions=ConditionSet.from_dict({"plan": "basic"}), seed=1)
    assert len(rows) == 10 and (rows["plan"] == "basic").all()
    with pytest.raises(ValidationError, match="no such model file"):
        loaded.load("gone", tmp_path / "missing.json")


def test_data_option_names_its_form() -> None:
    assert parse_data_option("customers=data/c.csv") == ("customers", Path("data/c.csv"))
    with pytest.raises(ConfigError, match="write NAME=PATH"):
        parse_data_option("customers.csv")


def test_session_store_expires_and_evicts_oldest() -> None:
    now = [0.0]
    store = SessionStore(max_sessions=2, ttl=10.0, clock=lambda: now[0])
    session = Session("customers", parse("10 rows"))
    store.put("a", session)
    store.put("b", session)
    store.put("c", session)
    assert store.get("a") is None and store.get("b") is session and len(store) == 2
    now[0] = 10.5
    assert store.get("b") is None and len(store) == 0
    with pytest.raises(ConfigError):
        SessionStore(max_sessions=0)


_CONDITIONS = st.one_of(
    st.builds(Condition, st.sampled_from(["age", "income"]), st.sampled_from(["eq", "ne", "gt", "gte", "lt", "lte"]),
              st.integers(-10**6, 10**6)),
    st.builds(Condition, st.just("state"), st.sampled_from(["eq", "ne"]), st.text(min_size=1, max_size=8)),
    st.builds(Condition, st.just("plan"), st.sampled_from(["in", "not_in"]),
              st.lists(st.text(min_size=1, max_size=5), min_size=1, max_size=3)),
    st.builds(lambda a, b: Condition("age", "between", (min(a, b), max(a, b))), st.integers(0, 99), st.integers(0, 99)),
)


@settings(max_examples=80, deadline=None)
@given(conditions=st.lists(_CONDITIONS, max_size=5))
def test_reference_form_round_trips_through_from_dict(conditions: list[Condition]) -> None:
    condition_set = ConditionSet(conditions)
    rendered = json.loads(json.dumps(reference_form(condition_set)))
    assert ConditionSet.from_dict(rendered) == condition_set


def test_a_request_over_the_time_budget_is_refused_before_any_row(registry: DatasetRegistry) -> None:
    settings = ApiSettings(max_rows=5_000, batch_rows=100, request_seconds=1e-4)
    with TestClient(create_app(registry, settings)) as tight:
        response = tight.post("/v1/generate", json={"n_samples": 5_000})
        assert response.status_code == 422
        body = response.json()
        assert body["error"] == "RequestBudgetError"
        assert "over the budget of 0.0001 s per request" in body["detail"] and "--request-seconds" in body["detail"]
        assert tight.post("/v1/generate", json={"n_samples": 0}).status_code == 200


def test_a_stream_that_overruns_its_budget_is_cut_between_batches() -> None:
    import time

    from genesis.api.budget import RequestBudgetError, within_budget

    def batches() -> Iterator[pd.DataFrame]:
        yield pd.DataFrame({"x": range(1_000)})  # fast: the estimate passes
        time.sleep(0.3)
        yield pd.DataFrame({"x": range(1_000)})
        yield pd.DataFrame({"x": range(1_000)})

    sent = []
    with pytest.raises(RequestBudgetError, match=r"ran past its budget of 0\.2 s"):
        for batch in within_budget(batches(), 3_000, 0.2):
            sent.append(len(batch))
    assert sent == [1_000]

"""The REST API over real HTTP: uvicorn on a free 127.0.0.1 port (in a thread, and as `genesis serve`)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

pytest.importorskip("uvicorn", reason="the REST API needs the 'api' extra")

import httpx
import uvicorn

from genesis.api import ApiSettings, DatasetRegistry, create_app
from genesis.plugins import GeneratorSpec, get_plugin_manager
from genesis.schema import Schema

STARTUP_SECONDS = 120.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_healthy(base: str, deadline: float, process: subprocess.Popen[bytes] | None = None) -> None:
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"server exited early: {process.stderr.read().decode() if process.stderr else ''}")
        try:
            if httpx.get(f"{base}/healthz", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.05)
    raise AssertionError(f"no server at {base} within the deadline")


@pytest.fixture(scope="module")
def live(customers: pd.DataFrame, schema: Schema) -> Iterator[str]:
    registry = DatasetRegistry()
    registry.add("customers", get_plugin_manager().get(GeneratorSpec, "gaussian_copula").create().fit(customers),
                 schema)
    port = free_port()
    app = create_app(registry, ApiSettings(max_rows=2_000, max_body_bytes=2_048))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, time.monotonic() + STARTUP_SECONDS)
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_reference_examples_over_http(live: str) -> None:
    with httpx.Client(base_url=live, timeout=30) as client:
        response = client.post("/v1/generate/natural-language",
                               json={"prompt": "Generate 1000 customers over 50 in California",
                                     "data_context": "customers"})
        assert response.status_code == 200
        body = response.json()
        assert body["interpretation"]["n_samples"] == 1000
        assert body["interpretation"]["conditions"] == {"age": [">=", 50], "state": "California"}
        assert body["interpretation"]["ignored"] == []
        assert len(body["data"]) == 1000
        assert all(row["age"] >= 50 and row["state"] == "California" for row in body["data"])
        clarify = client.post("/v1/generate/natural-language/clarify",
                              json={"prompt": "Generate some customer data", "session_id": "abc123"}).json()
        assert clarify["needs_clarification"] is True
        assert [q["field"] for q in clarify["questions"]] == ["n_samples", "conditions"]


def test_streamed_oversized_body_is_refused(live: str) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"prompt": "'
        for _ in range(10):
            yield b"a" * 1_000
        yield b'"}'

    response = httpx.post(f"{live}/v1/generate/natural-language", content=chunks(),
                          headers={"content-type": "application/json"}, timeout=30)
    assert response.status_code == 413 and response.json()["error"] == "body_too_large"


def test_concurrent_requests_are_all_answered(live: str) -> None:
    prompts = [f"{n} customers over 40" for n in (100, 200, 300, 400)]
    results: list[int] = []

    def call(prompt: str) -> None:
        results.append(len(httpx.post(f"{live}/v1/generate/natural-language", json={"prompt": prompt},
                                      timeout=60).json()["data"]))

    threads = [threading.Thread(target=call, args=(p,)) for p in prompts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == [100, 200, 300, 400]


_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
_JSON = st.recursive(
    _SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
_PROMPTS = st.sampled_from(["Generate 10 customers over 50", "some data", "", "20 rich women", "5 rows in CA",
                            "7 customers with pets", "30 customers in Narnia", "9999999 rows", "n=0"])


def _body_for(schema: dict[str, Any], draw: st.DrawFn) -> Any:
    """A body shaped by an OpenAPI request schema: its properties with typed, odd or missing values."""
    properties = schema.get("properties", {})
    body: dict[str, Any] = {}
    for name in properties:
        if draw(st.booleans()):
            body[name] = draw(_PROMPTS if name == "prompt" else st.one_of(_JSON, st.integers(-5, 3_000)))
    if draw(st.integers(0, 9)) == 0:
        body[draw(st.text(min_size=1, max_size=5))] = draw(_JSON)
    return body


@st.composite
def requests(draw: st.DrawFn, spec: dict[str, Any]) -> tuple[str, bytes]:
    paths = sorted(p for p, ops in spec["paths"].items() if "post" in ops)
    path = draw(st.sampled_from(paths))
    reference = spec["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = spec["components"]["schemas"][reference.rsplit("/", 1)[-1]]
    kind = draw(st.integers(0, 4))
    if kind == 0:
        return path, draw(st.binary(max_size=40))
    body = draw(_JSON) if kind == 1 else _body_for(schema, draw)
    return path, json.dumps(body).encode()


def test_no_request_derived_from_the_openapi_schema_gets_a_500(live: str) -> None:
    spec = httpx.get(f"{live}/openapi.json", timeout=10).json()
    seen: list[int] = []
    good_prompt = json.dumps({"prompt": "Generate 10 customers over 50"}).encode()

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(request=requests(spec))
    @example(request=("/v1/generate/natural-language", good_prompt))
    @example(request=("/v1/generate/natural-language", b"{not json"))
    def check(request: tuple[str, bytes]) -> None:
        path, body = request
        response = httpx.post(f"{live}{path}", content=body, headers={"content-type": "application/json"},
                              timeout=60)
        seen.append(response.status_code)
        assert response.status_code < 500, response.text
        assert response.headers["content-type"] == "application/json"

    check()
    assert any(code == 200 for code in seen) and any(400 <= code < 500 for code in seen)


def test_genesis_serve_command(tmp_path: Path, customers: pd.DataFrame) -> None:
    data = tmp_path / "customers.parquet"
    customers.to_parquet(data)
    port = free_port()
    env = {**os.environ, "GENESIS_DISABLE_PLUGIN_AUTOLOAD": "1"}
    command = [sys.executable, "-m", "genesis.cli.app", "serve", "--port", str(port), "--data",
               f"customers={data}", "--log-level", "warning"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, time.monotonic() + STARTUP_SECONDS, process)
        (dataset,) = httpx.get(f"{base}/v1/datasets", timeout=10).json()["datasets"]
        assert dataset["name"] == "customers" and dataset["rows"] == len(customers)
        body = httpx.post(f"{base}/v1/generate/natural-language", timeout=60,
                          json={"prompt": "25 customers who signed up after 2020", "seed": 1}).json()
        assert body["interpretation"]["conditions"] == {"signup_date": [">=", "2021-01-01"]}
        assert len(body["data"]) == 25 and all(row["signup_date"] >= "2021-01-01" for row in body["data"])
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_genesis_serve_without_data_serves_the_embedded_sample_and_says_so() -> None:
    port = free_port()
    env = {**os.environ, "GENESIS_DISABLE_PLUGIN_AUTOLOAD": "1"}
    command = [sys.executable, "-m", "genesis.cli.app", "serve", "--port", str(port), "--log-level", "warning"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, time.monotonic() + STARTUP_SECONDS, process)
        (dataset,) = httpx.get(f"{base}/v1/datasets", timeout=10).json()["datasets"]
        assert dataset["name"] == "adult" and dataset["rows"] == 2000
        body = httpx.post(f"{base}/v1/generate/natural-language", timeout=60,
                          json={"prompt": "10 people older than 60", "seed": 1}).json()
        assert len(body["data"]) == 10 and all(row["age"] > 60 for row in body["data"])
    finally:
        process.terminate()
        _, err = process.communicate(timeout=20)
    assert "no --data given: serving the embedded UCI Adult sample as dataset 'adult' (2,000 rows x 15 columns)" in err

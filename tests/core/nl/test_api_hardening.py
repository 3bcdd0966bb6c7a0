"""REST under bad input and load (#21): strict types, JSON refusals with the error body, declared 405/404,
streamed responses, a concurrency limit with Retry-After, and deadlines for slow clients."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

pytest.importorskip("uvicorn", reason="the REST API needs the 'api' extra")

import httpx
import uvicorn

from genesis.api import ApiSettings, DatasetRegistry, create_app
from genesis.api.server import server_config


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory, customers: pd.DataFrame) -> Path:
    path = tmp_path_factory.mktemp("server-side") / "customers.csv"
    customers.to_csv(path, index=False)
    return path


class SlowGenerator:
    """A generator that takes 0.2 s per batch (a large model), so a request stays in progress for a while."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.schema = model.schema

    def generate(self, n: int, *, conditions: Any = None, seed: int | None = None) -> pd.DataFrame:
        time.sleep(0.2)
        return self.model.generate(n, conditions=conditions, seed=seed)


@pytest.fixture(scope="module")
def live(table: Path) -> Iterator[str]:
    registry = DatasetRegistry()
    served = registry.load("customers", table)
    registry.add("slow", SlowGenerator(served.model), served.schema)
    settings = ApiSettings(max_rows=300_000, batch_rows=2_000, max_concurrent=1, body_timeout=1.0,
                           header_timeout=1.0)
    port = _free_port()
    server = uvicorn.Server(server_config(create_app(registry, settings), host="127.0.0.1", port=port,
                                          header_timeout=settings.header_timeout, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            assert time.monotonic() < deadline, "no server"
            time.sleep(0.05)
    yield base
    server.should_exit = True
    thread.join(timeout=10)


def _post(base: str, body: bytes | str, path: str = "/v1/generate") -> httpx.Response:
    return httpx.post(f"{base}{path}", content=body, headers={"content-type": "application/json"}, timeout=30)


@pytest.mark.parametrize("body", [
    '{"n_samples": true}', '{"n_samples": "10"}', '{"n_samples": 10.0}', '{"n_samples": 5, "seed": "1"}',
    '{"n_samples": 5, "seed": false}',
])
def test_n_samples_and_seed_are_strict_integers(live: str, body: str) -> None:
    response = _post(live, body)
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_request" and "valid integer" in response.json()["detail"]


@pytest.mark.parametrize(("body", "detail"), [
    ("[" * 1_000 + "]" * 1_000, "nested deeper than 32 levels"),
    ('{"n_samples": ' + "9" * 5_000 + "}", "number out of range"),
    (b'{"n_samples": 5, "data_context": "\xff"}', "not UTF-8"),
    ('{"n_samples": NaN}', "NaN is not a JSON number"),
    ('{"n_samples": 5', "not valid JSON"),
])
@pytest.mark.parametrize("path", ["/v1/generate", "/v1/generate/natural-language",
                                  "/v1/generate/natural-language/clarify"])
def test_json_the_server_will_not_read_is_a_400_with_the_error_body(live: str, body: str | bytes, detail: str,
                                                                     path: str) -> None:
    response = _post(live, body, path)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_json" and detail in response.json()["detail"]


def test_wrong_methods_and_paths_answer_with_the_error_body(live: str) -> None:
    wrong_method = httpx.delete(f"{live}/v1/generate", timeout=10)
    assert wrong_method.status_code == 405 and wrong_method.headers["allow"] == "POST"
    assert wrong_method.json() == {"error": "method_not_allowed", "detail": "Method Not Allowed"}
    missing = httpx.get(f"{live}/v2/nothing", timeout=10)
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"


def test_every_operation_declares_every_error_status_with_error_and_detail(live: str) -> None:
    spec = httpx.get(f"{live}/openapi.json", timeout=10).json()
    body = spec["components"]["schemas"]["ErrorBody"]
    assert set(body["required"]) == {"error", "detail"}
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            declared = set(operation["responses"])
            assert {"200", "400", "404", "405", "408", "413", "422", "503"} <= declared, (path, method)
            for status in declared - {"200"}:
                schema = operation["responses"][status]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorBody"}, (path, method, status)
    assert "HTTPValidationError" not in spec["components"]["schemas"]


def test_datasets_show_no_server_paths(live: str, table: Path) -> None:
    text = httpx.get(f"{live}/v1/datasets", timeout=10).text
    assert str(table.parent) not in text
    assert json.loads(text)["datasets"][0]["source"] == "customers.csv"


def test_large_answers_are_streamed_and_exact(live: str) -> None:
    with httpx.stream("POST", f"{live}/v1/generate", json={"n_samples": 25_000, "seed": 3, "data_context": "customers",
                                                            "conditions": {"age": [">=", 50]}}, timeout=60) as reply:
        assert reply.status_code == 200
        assert reply.headers.get("transfer-encoding") == "chunked" and "content-length" not in reply.headers
        chunks = list(reply.iter_raw())
    assert len(chunks) > 1
    document = json.loads(b"".join(chunks))
    assert document["n_samples"] == 25_000 and len(document["data"]) == 25_000
    assert all(row["age"] >= 50 for row in document["data"])
    again = httpx.post(f"{live}/v1/generate", json={"n_samples": 25_000, "seed": 3, "data_context": "customers",
                                                    "conditions": {"age": [">=", 50]}}, timeout=60).json()
    assert again.pop("run")["seed"] == document.pop("run")["seed"] == 3  # each run has its own run_id
    assert again == document


def test_an_infeasible_request_is_a_422_before_any_row_is_sent(live: str) -> None:
    response = httpx.post(f"{live}/v1/generate", json={"n_samples": 10, "conditions": {"age": [">=", 1_000]},
                                                       "data_context": "customers"},
                          timeout=120)
    assert response.status_code == 422 and response.json()["error"] == "InfeasibleConditionError"


def test_requests_beyond_the_concurrency_limit_get_503_with_retry_after(live: str) -> None:
    with httpx.stream("POST", f"{live}/v1/generate", json={"n_samples": 300_000, "data_context": "slow"},
                      timeout=60) as slow:
        assert slow.status_code == 200
        body = slow.iter_raw()  # kept referenced: a dropped iterator would close the stream
        next(body)  # the one admitted request is streaming and holds its slot
        busy = httpx.post(f"{live}/v1/generate", json={"n_samples": 1, "data_context": "customers"}, timeout=10)
        assert busy.status_code == 503 and busy.headers["retry-after"] == "1"
        assert busy.json()["error"] == "overloaded"
        assert httpx.get(f"{live}/healthz", timeout=10).status_code == 200  # never limited
    deadline = time.monotonic() + 10  # the abandoned request frees its slot once its current batch is done
    while (again := httpx.post(f"{live}/v1/generate", json={"n_samples": 1, "data_context": "customers"},
                               timeout=10)).status_code == 503 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert again.status_code == 200


def _closed_within(sock: socket.socket, seconds: float) -> bytes:
    """What the server sends before closing the connection, failing if it stays open longer than ``seconds``."""
    sock.settimeout(seconds)
    received = b""
    while chunk := sock.recv(4096):
        received += chunk
    return received


@pytest.mark.parametrize("sent", [b"", b"POST /v1/generate HTTP/1.1\r\nHost: x\r\nContent-"])
def test_a_client_that_never_finishes_its_headers_is_disconnected(live: str, sent: bytes) -> None:
    host, port = live.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(sent)
        assert _closed_within(sock, 5.0) == b""


def test_a_body_that_never_arrives_is_a_408(live: str) -> None:
    host, port = live.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(b"POST /v1/generate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 100\r\n\r\n{\"n_samples\"")
        answer = _closed_within(sock, 15.0)  # the deadline is 1 s; 15 s bounds the wait on a loaded machine
    assert answer.startswith(b"HTTP/1.1 408") and b'"error": "request_timeout"' in answer

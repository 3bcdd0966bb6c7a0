"""Every surface runs through the one pipeline: the same ``(n, seed, conditions)`` gives the same rows on the
CLI, REST, chat, WebSocket and Python, a rare compound condition is met exactly everywhere, an impossible value
is refused naming the known ones, and every surface appends its runs to lineage when lineage is on."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from rich.console import Console
from websockets.asyncio.client import connect

from genesis.api import ApiSettings, DatasetRegistry, create_app
from genesis.cli.app import main
from genesis.cli.chat_session import ChatSession
from genesis.conditions import ConditionSet
from genesis.datasets import load_adult_sample
from genesis.io import read_table
from genesis.jsonsafe import frame_records
from genesis.lineage import LineageChain, record_lineage
from genesis.nl import RuleBasedParser
from genesis.pipeline import GenerationRequest, Pipeline, fit
from genesis_websocket import WebSocketStreamingGenerator

N, SEED = 40, 17
#: Under 0.1% of the model's rows (checked below): older women with capital gains working long weeks.
RARE = {"age": [">=", 70], "sex": "Female", "capital-gain": [">", 0], "hours-per-week": [">=", 40]}


@pytest.fixture(scope="module")
def adult_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("data") / "adult.csv"
    load_adult_sample().to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def python_pipeline(adult_csv: Path) -> Pipeline:
    return Pipeline(fit(read_table(adult_csv)), method="gaussian-copula")


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return json.loads(json.dumps(frame_records(frame)))


def _python(pipeline: Pipeline, conditions: dict[str, Any] | None) -> list[dict[str, Any]]:
    condition_set = ConditionSet.from_dict(conditions) if conditions else None
    frame, _ = pipeline.frame(GenerationRequest(N, SEED, condition_set), surface="python")
    return _records(frame)


def _cli(adult_csv: Path, folder: Path, conditions: dict[str, Any] | None, *extra: str) -> list[dict[str, Any]]:
    out = folder / "cli.jsonl"
    where = [arg for column, spec in (conditions or {}).items() for arg in ("--where", _where(column, spec))]
    assert main(["-q", "generate", str(adult_csv), "-n", str(N), "--seed", str(SEED), "-o", str(out),
                 "--batch-size", "7", *where, *extra]) == 0
    return [json.loads(line) for line in out.read_text().splitlines()]


def _where(column: str, spec: Any) -> str:
    return f"{column}{spec[0]}{spec[1]}" if isinstance(spec, list) else f"{column}=={spec}"


@pytest.fixture(scope="module")
def rest(adult_csv: Path) -> Iterator[TestClient]:
    registry = DatasetRegistry()
    registry.load("adult", adult_csv)
    with TestClient(create_app(registry, ApiSettings())) as client:
        yield client


def _rest(client: TestClient, conditions: dict[str, Any] | None) -> list[dict[str, Any]]:
    response = client.post("/v1/generate", json={"n_samples": N, "seed": SEED, "conditions": conditions or {}})
    assert response.status_code == 200, response.text
    return response.json()["data"]


def _websocket(adult_csv: Path, conditions: dict[str, Any] | None) -> list[dict[str, Any]]:
    async def exchange() -> list[dict[str, Any]]:
        server = WebSocketStreamingGenerator("127.0.0.1", 0, batch_size=9).fit(read_table(adult_csv))
        async with server, connect(f"ws://127.0.0.1:{server.port}", open_timeout=5) as ws:
            json.loads(await ws.recv())  # hello
            request: dict[str, Any] = {"action": "generate", "n": N, "seed": SEED, "id": 1}
            if conditions:
                request["conditions"] = conditions
            await ws.send(json.dumps(request))
            rows: list[dict[str, Any]] = []
            while len(rows) < N:
                message = json.loads(await asyncio.wait_for(ws.recv(), 30))
                assert message["type"] == "rows", message
                rows += message["rows"]
            return rows

    return asyncio.run(asyncio.wait_for(exchange(), 120))


def test_the_rare_condition_is_rare_under_the_model(python_pipeline: Pipeline) -> None:
    sample, _ = python_pipeline.frame(GenerationRequest(200_000, 1), surface="python")
    assert ConditionSet.from_dict(RARE).mask(sample).mean() < 0.001


@pytest.mark.parametrize("conditions", [None, RARE], ids=["unconditioned", "rare-compound"])
def test_every_surface_gives_the_same_rows_for_the_same_seed(
        conditions: dict[str, Any] | None, adult_csv: Path, python_pipeline: Pipeline, rest: TestClient,
        tmp_path: Path) -> None:
    expected = _python(python_pipeline, conditions)
    assert len(expected) == N
    if conditions:
        assert ConditionSet.from_dict(conditions).mask(pd.DataFrame(expected)).all()
    assert _cli(adult_csv, tmp_path, conditions) == expected
    assert _cli(adult_csv, tmp_path, conditions, "--batch-size", "1000") == expected
    assert _rest(rest, conditions) == expected
    assert _websocket(adult_csv, conditions) == expected


def test_chat_gives_the_same_rows_as_python_for_its_interpretation(python_pipeline: Pipeline) -> None:
    session = ChatSession(python_pipeline, python_pipeline.schema, RuleBasedParser(), Console(record=True),
                          seed=SEED)
    session.run([f"{N} women"])
    assert session.last is not None
    assert _records(session.last) == _python(python_pipeline, {"sex": "Female"})


def test_an_impossible_value_is_refused_on_every_surface_naming_the_known_value(
        adult_csv: Path, rest: TestClient, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "refused.csv"
    assert main(["generate", str(adult_csv), "-n", "10", "-o", str(out), "--where", "sex==female"]) == 1
    assert "did you mean 'Female'" in capsys.readouterr().err and not out.exists()
    response = rest.post("/v1/generate", json={"n_samples": 10, "conditions": {"sex": "female"}})
    assert response.status_code == 422 and "did you mean 'Female'" in response.json()["detail"]


def _blocks(path: Path) -> list[str]:
    return [block.block_type for block in LineageChain.load(path).blocks]


def test_every_surface_appends_its_runs_to_lineage(adult_csv: Path, tmp_path: Path) -> None:
    cli_chain = tmp_path / "cli.lineage.json"
    assert main(["-q", "generate", str(adult_csv), "-n", "30", "-o", str(tmp_path / "o.csv"),
                 "--lineage", str(cli_chain)]) == 0
    assert _blocks(cli_chain).count("generation") == 1

    rest_chain = tmp_path / "rest.lineage.json"
    with record_lineage(rest_chain) as recorder:
        registry = DatasetRegistry(lineage=recorder)
        registry.load("adult", adult_csv)
        with TestClient(create_app(registry, ApiSettings())) as client:
            body = client.post("/v1/generate", json={"n_samples": 5, "seed": 1}).json()
            nl = client.post("/v1/generate/natural-language", json={"prompt": "12 women", "seed": 2}).json()
    assert body["run"]["lineage_head"] is not None and nl["run"]["lineage_head"] != body["run"]["lineage_head"]
    assert _blocks(rest_chain).count("generation") == 2

    chat_chain = tmp_path / "chat.lineage.json"
    with Pipeline(fit(read_table(adult_csv)), lineage=chat_chain) as pipeline:
        ChatSession(pipeline, pipeline.schema, RuleBasedParser(), Console(record=True), seed=3).run(["8 men"])
    assert _blocks(chat_chain).count("generation") == 1

    ws_chain = tmp_path / "ws.lineage.json"
    server = WebSocketStreamingGenerator("127.0.0.1", 0, batch_size=10, lineage=ws_chain).fit(read_table(adult_csv))

    async def ask() -> None:
        async with server, connect(f"ws://127.0.0.1:{server.port}", open_timeout=5) as ws:
            await ws.recv()
            await ws.send(json.dumps({"action": "generate", "n": 20, "id": 1}))
            for _ in range(2):
                await asyncio.wait_for(ws.recv(), 30)
        server.pipeline.close()

    asyncio.run(asyncio.wait_for(ask(), 120))
    assert _blocks(ws_chain).count("generation") == 1

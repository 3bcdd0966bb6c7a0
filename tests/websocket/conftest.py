"""Shared pieces of the genesis-websocket tests: a small fitted model, a real server on 127.0.0.1, JSON clients."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Coroutine
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
import pytest
from websockets.asyncio.client import ClientConnection, connect

from genesis.plugins import GeneratorSpec, get_plugin_manager

#: Upper bound of any one test, in seconds; every test runs its coroutine through :func:`run`.
TEST_TIMEOUT = 20.0


def run(coroutine: Coroutine[Any, Any, Any], timeout: float = TEST_TIMEOUT) -> Any:
    """Run ``coroutine`` in a fresh event loop, failing the test if it takes longer than ``timeout``."""
    return asyncio.run(asyncio.wait_for(coroutine, timeout))


def make_frame(n: int = 200, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "age": rng.integers(18, 90, n),
        "income": rng.lognormal(10, 0.5, n).round(2),
        "city": rng.choice(["Paris", "Lyon", "Nice"], n),
        "joined": pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 900, n), unit="D"),
    })


@pytest.fixture(scope="session")
def frame() -> pd.DataFrame:
    return make_frame()


@pytest.fixture(scope="session")
def model(frame: pd.DataFrame) -> Any:
    return get_plugin_manager().get(GeneratorSpec, "gaussian_copula").create().fit(frame)


async def open_client(port: int, **kwargs: Any) -> ClientConnection:
    """A real client connected to ``ws://127.0.0.1:port``."""
    return await connect(f"ws://127.0.0.1:{port}", open_timeout=5, **kwargs)


async def receive(ws: ClientConnection, timeout: float = 5.0) -> dict[str, Any]:
    """The next message, decoded."""
    return json.loads(await asyncio.wait_for(ws.recv(), timeout))


async def request(ws: ClientConnection, **body: Any) -> dict[str, Any]:
    """Send one request and return the first reply."""
    await ws.send(json.dumps(body))
    return await receive(ws)


@pytest.fixture
def kit() -> SimpleNamespace:
    """The helpers above, for test modules (conftest is not importable under --import-mode=importlib)."""
    return SimpleNamespace(run=run, make_frame=make_frame, open_client=open_client, receive=receive, request=request)

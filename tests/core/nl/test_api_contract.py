"""The OpenAPI document is the truth: schemathesis, every check on, against a live `genesis serve` (#21).

Bounded in time: a fixed number of examples per operation, a request timeout and a deadline for the whole run.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("uvicorn", reason="the REST API needs the 'api' extra")
pytest.importorskip("schemathesis", reason="schemathesis is in the test dependency group")

import httpx

RUN_DEADLINE = 420.0
CONFIG = Path(__file__).with_name("schemathesis.toml")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, customers: pd.DataFrame) -> Iterator[str]:
    table = tmp_path_factory.mktemp("served") / "customers.csv"
    customers.to_csv(table, index=False)
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "genesis.cli.app", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--data", f"customers={table}", "--max-rows", "2000", "--log-level",
         "warning"], stderr=subprocess.PIPE, env=os.environ | {"NO_COLOR": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "genesis serve did not start"
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_schemathesis_finds_no_failure_with_every_check(served: str) -> None:
    command = [str(Path(sys.executable).with_name("schemathesis")), "--config-file", str(CONFIG), "run",
               f"{served}/openapi.json", "--checks", "all", "--max-examples", "40", "--seed", "21",
               "--request-timeout", "20", "--no-color"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=RUN_DEADLINE, check=False)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]

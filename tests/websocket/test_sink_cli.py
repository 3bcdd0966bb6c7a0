"""The `websocket` sink (through the plugin manager) and `genesis stream websocket`, against real clients."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest
from websockets.exceptions import ConnectionClosed

from genesis.errors import ConfigError
from genesis.jsonsafe import frame_records
from genesis.pipeline import GenerationRequest, Pipeline
from genesis.plugins import SinkSpec, get_plugin_manager
from genesis_websocket.sink import WebSocketSink, parse_address


@pytest.mark.parametrize(("text", "pair"), [("127.0.0.1:9000", ("127.0.0.1", 9000)),
                                            ("ws://localhost:80/", ("localhost", 80)), ("[::1]:7", ("::1", 7))])
def test_sink_addresses(text: str, pair: tuple[str, int]) -> None:
    assert parse_address(text) == pair


@pytest.mark.parametrize("text", ["localhost", ":80", "host:port"])
def test_bad_sink_addresses(text: str) -> None:
    with pytest.raises(ConfigError, match="host:port"):
        parse_address(text)


@pytest.mark.autoload
def test_the_plugin_registers_the_websocket_sink() -> None:
    spec = get_plugin_manager().get(SinkSpec, "websocket")
    assert spec.plugin == "websocket"
    sink = spec.create(path=Path("127.0.0.1:9123"), batch_size=10)
    assert isinstance(sink, WebSocketSink)
    assert (sink.server.host, sink.server.port, sink.server.batch_size) == ("127.0.0.1", 9123, 10)


def _subscriber(kit: SimpleNamespace, sink: WebSocketSink, rows: list[dict[str, Any]], done: threading.Event) -> None:
    """In its own thread and loop: subscribe once the sink serves, collect rows until the server closes."""
    async def main() -> None:
        while not sink.server.is_serving:
            await asyncio.sleep(0.01)
        async with await kit.open_client(sink.server.port) as ws:
            await kit.receive(ws)
            await kit.request(ws, action="subscribe")
            try:
                while True:
                    rows.extend((await kit.receive(ws))["rows"])
            except ConnectionClosed:
                done.set()

    kit.run(main())


def test_a_run_into_the_sink_reaches_a_subscriber(kit: SimpleNamespace, model: Any) -> None:
    sink = WebSocketSink("127.0.0.1", 0, subscribers=1, wait=10.0, batch_size=100)
    rows: list[dict[str, Any]] = []
    done = threading.Event()
    thread = threading.Thread(target=_subscriber, args=(kit, sink, rows, done), daemon=True)
    thread.start()
    request = GenerationRequest(250, 5, batch_size=100)
    report = Pipeline(model).into_sink(request, sink, surface="test")
    assert done.wait(10) and report.rows == 250
    thread.join(5)
    assert rows == frame_records(Pipeline(model).frame(request, surface="test")[0])
    assert not sink.server.is_serving


def test_the_sink_gives_up_when_nobody_subscribes() -> None:
    sink = WebSocketSink("127.0.0.1", 0, subscribers=1, wait=0.2)
    with pytest.raises(TimeoutError):
        sink.open()
    assert not sink.server.is_serving


@pytest.mark.autoload  # the subprocess must see the installed plugin commands
def test_cli_serves_generate_and_the_live_stream(kit: SimpleNamespace, frame: pd.DataFrame, tmp_path: Path) -> None:
    data = tmp_path / "people.csv"
    frame.to_csv(data, index=False)
    genesis = Path(sys.executable).with_name("genesis")
    command = [str(genesis), "stream", "websocket", str(data), "--host", "127.0.0.1", "--port", "0",
               "--rate", "500", "--batch-size", "50", "--seed", "3"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env={**os.environ, "COLUMNS": "200"})
    try:
        deadline = time.monotonic() + 30
        port = None
        assert process.stderr is not None
        lines: list[str] = []
        while port is None and time.monotonic() < deadline:
            line = process.stderr.readline()
            lines.append(line)
            assert line, f"the command exited before serving: {''.join(lines)}"
            match = re.search(r"ws://127\.0\.0\.1:(\d+)", line)
            port = int(match.group(1)) if match else None

        async def main() -> tuple[dict[str, Any], list[dict[str, Any]]]:
            async with await kit.open_client(port) as ws:
                await kit.receive(ws)
                await ws.send(json.dumps({"action": "unsubscribe"}))  # out of the live stream, for a plain reply
                while (await kit.receive(ws))["type"] != "unsubscribed":
                    pass  # live batches sent before the unsubscribe arrived
                reply = await kit.request(ws, action="generate", n=5, conditions={"city": "Nice"})
                await kit.request(ws, action="subscribe")
                return reply, [await kit.receive(ws) for _ in range(2)]

        reply, batches = kit.run(main())
        assert [row["city"] for row in reply["rows"]] == ["Nice"] * 5
        assert [len(message["rows"]) for message in batches] == [50, 50]
        assert json.dumps(batches)  # plain JSON all the way
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(10)
        assert code == 0, process.stderr.read() if process.stderr else code

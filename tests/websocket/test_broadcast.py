"""`broadcast(data)`, as the v1.3.0 reference words it: "Send to all clients".

Every client here is a plain ``websockets.connect(uri)`` that sends no protocol message (except where a test
unsubscribes on purpose): connecting is enough to receive broadcasts.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest
import websockets
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import InvalidStatus

from genesis.errors import ValidationError
from genesis_websocket import WebSocketStreamingGenerator


def make_server(**kwargs: Any) -> WebSocketStreamingGenerator:
    return WebSocketStreamingGenerator("127.0.0.1", 0, close_timeout=0.5, **kwargs)


async def next_message(ws: ClientConnection, timeout: float = 5.0) -> dict[str, Any]:
    return json.loads(await asyncio.wait_for(ws.recv(), timeout))


async def after_hello(ws: ClientConnection) -> dict[str, Any]:
    """The first message after the server's ``hello`` greeting."""
    hello = await next_message(ws)
    assert hello["type"] == "hello"
    return await next_message(ws)


def test_a_client_that_sends_nothing_receives_a_dataframe_broadcast(kit: SimpleNamespace) -> None:
    frame = pd.DataFrame({"id": [1, 2, 3], "score": [0.5, None, 2.25], "city": ["Lyon", "Nice", "Paris"]})

    async def main() -> dict[str, Any]:
        async with make_server() as server, websockets.connect(f"ws://127.0.0.1:{server.port}") as ws:
            server.broadcast(frame)  # right after connect: no subscribe, no wait
            return await after_hello(ws)

    batch = kit.run(main())
    assert batch["type"] == "batch" and batch["seq"] == 0
    assert batch["rows"] == [{"id": 1, "score": 0.5, "city": "Lyon"}, {"id": 2, "score": None, "city": "Nice"},
                             {"id": 3, "score": 2.25, "city": "Paris"}]


def test_a_mapping_is_sent_as_one_message_of_its_own_json(kit: SimpleNamespace) -> None:
    event = {"event": "model_updated", "version": 3, "metrics": {"quality": 0.91}, "tags": ["a", "b"]}

    async def main() -> list[dict[str, Any]]:
        async with make_server() as server, websockets.connect(f"ws://127.0.0.1:{server.port}") as ws:
            server.broadcast(event)
            server.broadcast([{"x": 1}])  # what follows the mapping is the next broadcast: the mapping was one message
            return [await after_hello(ws), await next_message(ws)]

    first, second = kit.run(main())
    assert first == event
    assert second["type"] == "batch" and second["rows"] == [{"x": 1}]


def test_an_iterable_of_row_mappings_is_one_batch(kit: SimpleNamespace) -> None:
    def rows() -> Iterator[dict[str, Any]]:
        yield from ({"i": i, "when": pd.Timestamp("2024-05-01") + pd.Timedelta(days=i)} for i in range(3))

    async def main() -> dict[str, Any]:
        async with make_server() as server, websockets.connect(f"ws://127.0.0.1:{server.port}") as ws:
            server.broadcast(rows())
            return await after_hello(ws)

    batch = kit.run(main())
    assert batch["type"] == "batch"
    assert batch["rows"] == [{"i": i, "when": f"2024-05-0{i + 1}T00:00:00"} for i in range(3)]


def test_every_connected_client_receives_it_and_one_may_unsubscribe(kit: SimpleNamespace) -> None:
    async def main() -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
        async with make_server() as server:
            uri = f"ws://127.0.0.1:{server.port}"
            clients = [await websockets.connect(uri) for _ in range(4)]
            leaver = clients[-1]
            await next_message(leaver)
            await leaver.send(json.dumps({"action": "unsubscribe", "id": 1}))
            assert (await next_message(leaver))["type"] == "unsubscribed"
            server.broadcast({"event": "first"})
            server.broadcast(pd.DataFrame({"x": [7]}))
            staying = [[await after_hello(ws), await next_message(ws)] for ws in clients[:-1]]
            await leaver.send(json.dumps({"action": "stats", "id": 2}))
            stats = await next_message(leaver)  # nothing broadcast reached it before its own reply
            for ws in clients:
                await ws.close()
            return staying[0], [message for pair in staying for message in pair], stats

    first, everything, stats = kit.run(main())
    assert first[0] == {"event": "first"} and first[1]["rows"] == [{"x": 7}]
    assert everything == first * 3
    assert stats["type"] == "stats" and stats["clients"] == 4 and stats["subscribers"] == 3


def test_max_connections_refuses_and_a_closed_slot_is_released(kit: SimpleNamespace) -> None:
    async def main() -> tuple[int, dict[str, Any]]:
        async with make_server(max_connections=2) as server:
            uri = f"ws://127.0.0.1:{server.port}"
            first, second = await websockets.connect(uri), await websockets.connect(uri)
            with pytest.raises(InvalidStatus) as refused:
                await websockets.connect(uri)
            await first.close()
            for _ in range(100):  # the server notices the close asynchronously; at most 1 s
                if server.snapshot()["clients"] == 1:
                    break
                await asyncio.sleep(0.01)
            async with websockets.connect(uri) as third:
                server.broadcast({"event": "after the slot was freed"})
                received = await after_hello(third)
            await second.close()
            return refused.value.response.status_code, received

    status, received = kit.run(main())
    assert status == 503 and received == {"event": "after the slot was freed"}


@pytest.mark.parametrize("kind", ["batch", "hello", "error"])
def test_a_mapping_cannot_pose_as_a_protocol_message(kit: SimpleNamespace, kind: str) -> None:
    async def main() -> None:
        async with make_server() as server:
            with pytest.raises(ValidationError, match=f"cannot have type '{kind}'"):
                server.broadcast({"type": kind, "rows": []})

    kit.run(main())

"""A real WebSocketStreamingGenerator on 127.0.0.1 (a free port) with real `websockets` clients."""

from __future__ import annotations

import asyncio
import json
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus

from genesis.errors import ConfigError, NotFittedError
from genesis_websocket import Limits, SlowClientPolicy, WebSocketStreamingGenerator


def make_server(model: Any, **kwargs: Any) -> WebSocketStreamingGenerator:
    return WebSocketStreamingGenerator("127.0.0.1", 0, generator=model, close_timeout=0.5, **kwargs)


def test_reference_defaults_and_the_core_forwarder(kit: SimpleNamespace) -> None:
    from genesis.streaming import WebSocketStreamingGenerator as Forwarded

    assert Forwarded is WebSocketStreamingGenerator
    server = WebSocketStreamingGenerator()
    assert (server.host, server.port, server.batch_size, server.max_connections) == ("0.0.0.0", 8765, 100, 100)
    with pytest.raises(NotFittedError):
        _ = server.model
    with pytest.raises(ConfigError, match="not running"):
        server.broadcast([{"a": 1}])


def test_hello_after_fit_names_the_columns(kit: SimpleNamespace, frame: pd.DataFrame) -> None:
    async def main() -> dict[str, Any]:
        server = WebSocketStreamingGenerator("127.0.0.1", 0, batch_size=50).fit(frame)
        async with server, await kit.open_client(server.port) as ws:
            return await kit.receive(ws)

    hello = kit.run(main())
    assert hello["type"] == "hello" and hello["protocol"] == 1 and hello["batch_size"] == 50
    assert [column["name"] for column in hello["columns"]] == list(frame.columns)
    assert hello["limits"]["max_rows"] == Limits().max_rows


def test_generate_with_conditions_in_parts_every_row_satisfies_them(kit: SimpleNamespace, model: Any) -> None:
    async def main() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        async with make_server(model, batch_size=100) as server, await kit.open_client(server.port) as ws:
            await kit.receive(ws)
            replies = []
            for _ in range(2):
                await ws.send(json.dumps({"action": "generate", "n": 250, "seed": 11, "id": "q",
                                          "conditions": {"age": [">=", 60], "city": "Lyon"}}))
                replies.append([await kit.receive(ws) for _ in range(3)])
            return replies[0], replies[1]

    first, again = kit.run(main())
    assert [(m["type"], m["id"], m["part"], m["parts"], m["seed"]) for m in first] == [
        ("rows", "q", i, 3, 11) for i in range(3)]
    rows = [row for message in first for row in message["rows"]]
    assert len(rows) == 250
    assert all(row["age"] >= 60 and row["city"] == "Lyon" for row in rows)
    assert first == again  # the same seed gives the same rows


def test_errors_are_replies_and_the_connection_survives(kit: SimpleNamespace, model: Any) -> None:
    async def main() -> list[dict[str, Any]]:
        limits = Limits(max_message_bytes=2000, hard_message_bytes=10_000, max_rows=1000)
        async with make_server(model, limits=limits) as server, await kit.open_client(server.port) as ws:
            await kit.receive(ws)
            replies = []
            for raw in ["x" * 5000, "{oops", "[]", '{"action": "fly"}', '{"action": "generate", "n": 5000}',
                        '{"action": "generate", "n": 5, "conditions": {"nope": 1}, "id": 9}',
                        '{"action": "generate", "n": 5, "conditions": {"age": {"x": 1}}}']:
                await ws.send(raw)
                replies.append(await kit.receive(ws))
            replies.append(await kit.request(ws, action="stats"))
            await ws.send("y" * 20_000)  # beyond the hard limit: the WebSocket layer closes (1009)
            with pytest.raises(ConnectionClosed) as closed:
                await kit.receive(ws)
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009
            return replies

    replies = kit.run(main())
    assert [reply.get("code") for reply in replies[:-1]] == [
        "too_large", "bad_json", "invalid_request", "unknown_action", "invalid_request", "invalid_conditions",
        "invalid_conditions"]
    assert all(reply["type"] == "error" and reply["message"] for reply in replies[:-1])
    assert replies[5]["id"] == 9 and "nope" in replies[5]["message"]
    assert replies[-1]["type"] == "stats" and replies[-1]["clients"] == 1


def test_generate_without_a_model_is_an_error_reply(kit: SimpleNamespace) -> None:
    async def main() -> dict[str, Any]:
        server = WebSocketStreamingGenerator("127.0.0.1", 0)
        async with server, await kit.open_client(server.port) as ws:
            await kit.receive(ws)
            return await kit.request(ws, action="generate", n=3)

    assert kit.run(main())["code"] == "not_fitted"


def test_requests_beyond_the_rate_get_rate_limited(kit: SimpleNamespace, model: Any) -> None:
    async def main() -> list[str]:
        server = make_server(model, limits=Limits(requests_per_second=0.5, burst=2))
        async with server, await kit.open_client(server.port) as ws:
            await kit.receive(ws)
            return [(await kit.request(ws, action="stats")).get("code", "ok") for _ in range(3)]

    assert kit.run(main()) == ["ok", "ok", "rate_limited"]


def test_broadcast_reaches_subscribers_but_not_a_client_that_unsubscribed(kit: SimpleNamespace, model: Any) -> None:
    async def main() -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
        async with make_server(model) as server:
            a, b, idle = [await kit.open_client(server.port) for _ in range(3)]
            for ws in (a, b, idle):
                await kit.receive(ws)
            assert (await kit.request(a, action="subscribe"))["type"] == "subscribed"  # already: a no-op
            assert (await kit.request(idle, action="unsubscribe"))["type"] == "unsubscribed"
            server.broadcast(pd.DataFrame({"x": [1, 2], "when": pd.to_datetime(["2024-05-01", None])}))
            server.broadcast([{"x": float("nan")}])
            got_a = [await kit.receive(a) for _ in range(2)]
            got_b = [await kit.receive(b) for _ in range(2)]
            stats = await kit.request(idle, action="stats")  # the next message idle sees is its own reply
            for ws in (a, b, idle):
                await ws.close()
            return got_a, got_b, stats

    got_a, got_b, stats = kit.run(main())
    assert got_a == got_b
    assert [m["seq"] for m in got_a] == [0, 1] and all(m["type"] == "batch" for m in got_a)
    assert got_a[0]["rows"] == [{"x": 1, "when": "2024-05-01T00:00:00"}, {"x": 2, "when": None}]
    assert got_a[1]["rows"] == [{"x": None}]
    assert stats["type"] == "stats" and stats["subscribers"] == 2 and stats["rows_broadcast"] == 3


def test_broadcast_from_another_thread(kit: SimpleNamespace, model: Any) -> None:
    async def main() -> dict[str, Any]:
        async with make_server(model) as server, await kit.open_client(server.port) as ws:
            await kit.receive(ws)
            await kit.request(ws, action="subscribe")
            await asyncio.to_thread(server.broadcast, kit.make_frame(5))
            return await kit.receive(ws)

    assert len(kit.run(main())["rows"]) == 5


def test_unsubscribe_stops_the_batches(kit: SimpleNamespace, model: Any) -> None:
    async def main() -> dict[str, Any]:
        async with make_server(model) as server, await kit.open_client(server.port) as ws:
            await kit.receive(ws)
            await kit.request(ws, action="subscribe")
            assert (await kit.request(ws, action="unsubscribe"))["type"] == "unsubscribed"
            server.broadcast([{"x": 1}])
            return await kit.request(ws, action="stats")

    assert kit.run(main())["type"] == "stats"


def test_live_stream_paces_batches_and_stops_at_max_batches(kit: SimpleNamespace, model: Any) -> None:
    async def main() -> tuple[int, list[dict[str, Any]], float]:
        async with make_server(model, batch_size=20) as server, await kit.open_client(server.port) as ws:
            await kit.receive(ws)
            await kit.request(ws, action="subscribe")
            loop = asyncio.get_running_loop()
            start = loop.time()
            sent = await server.stream(rate=200.0, max_batches=4, seed=1)  # 10 batches/s
            got = [await kit.receive(ws) for _ in range(sent)]
            return sent, got, loop.time() - start

    sent, got, elapsed = kit.run(main())
    assert sent == 4 and [len(m["rows"]) for m in got] == [20] * 4
    assert elapsed >= 0.25  # four batches at ten per second: at least three intervals


def test_connections_beyond_max_are_refused_at_the_handshake(kit: SimpleNamespace, model: Any) -> None:
    async def main() -> tuple[int, str, dict[str, Any]]:
        async with make_server(model, max_connections=2) as server:
            first, second = await kit.open_client(server.port), await kit.open_client(server.port)
            for ws in (first, second):
                await kit.receive(ws)
            with pytest.raises(InvalidStatus) as refused:
                await kit.open_client(server.port)
            await first.close()
            await asyncio.sleep(0.05)
            async with await kit.open_client(server.port) as third:  # a freed slot is usable again
                hello = await kit.receive(third)
            stats = await kit.request(second, action="stats")
            await second.close()
            return refused.value.response.status_code, hello["type"], stats

    status, hello, stats = kit.run(main())
    assert status == 503 and hello == "hello"
    assert stats["refused_connections"] == 1


def test_origins_are_checked(kit: SimpleNamespace, model: Any) -> None:
    async def main() -> int:
        async with make_server(model, origins=["https://app.example"]) as server:
            async with await kit.open_client(server.port, origin="https://app.example") as ws:
                assert (await kit.receive(ws))["type"] == "hello"
            with pytest.raises(InvalidStatus) as refused:
                await kit.open_client(server.port, origin="https://evil.example")
            return refused.value.response.status_code

    assert kit.run(main()) == 403


def test_token_by_header_or_first_message(kit: SimpleNamespace, model: Any) -> None:
    async def main() -> dict[str, Any]:
        outcome: dict[str, Any] = {}
        async with make_server(model, token="s3cret", limits=Limits(auth_timeout=1.0)) as server:
            async with await kit.open_client(server.port, additional_headers={"Authorization": "Bearer s3cret"}) as ws:
                outcome["header"] = (await kit.receive(ws))["type"]
            with pytest.raises(InvalidStatus) as refused:
                await kit.open_client(server.port, additional_headers={"Authorization": "Bearer wrong"})
            outcome["wrong_header"] = refused.value.response.status_code
            async with await kit.open_client(server.port) as ws:
                outcome["challenge"] = (await kit.receive(ws))["type"]
                outcome["message"] = (await kit.request(ws, action="auth", token="s3cret"))["type"]
            for attempt in ('{"action": "auth", "token": "nope"}', '{"action": "stats"}', None):
                ws = await kit.open_client(server.port)
                await kit.receive(ws)
                if attempt is not None:
                    await ws.send(attempt)
                with pytest.raises(ConnectionClosed) as closed:
                    await kit.receive(ws)
                outcome.setdefault("refusals", []).append(closed.value.rcvd.code if closed.value.rcvd else None)
        return outcome

    outcome = kit.run(main())
    assert outcome["header"] == "hello" and outcome["wrong_header"] == 401
    assert outcome["challenge"] == "auth_required" and outcome["message"] == "hello"
    assert outcome["refusals"] == [1008, 1008, 1008]  # wrong token, no auth message, silence past the timeout


async def _broadcast_until(server: WebSocketStreamingGenerator, done: Any, batch: list[dict[str, Any]],
                           limit: float) -> int:
    """Broadcast ``batch`` every 10 ms until ``done()`` or ``limit`` seconds; the number of batches sent."""
    loop = asyncio.get_running_loop()
    start, sent = loop.time(), 0
    while not done() and loop.time() - start < limit:
        server.broadcast(batch)
        sent += 1
        await asyncio.sleep(0.01)
    return sent


async def _collect(kit: SimpleNamespace, ws: Any, seqs: list[int]) -> None:
    """Read batches until cancelled, recording their sequence numbers."""
    while True:
        seqs.append((await kit.receive(ws))["seq"])


BIG_BATCH = [{"i": i, "text": "x" * 40} for i in range(400)]  # about 25 kB of JSON


async def _with_stalled_subscriber(kit: SimpleNamespace, model: Any, policy: SlowClientPolicy) -> dict[str, Any]:
    """One subscriber reads everything, one never reads; broadcast until the policy acts (at most 10 s)."""
    async with make_server(model, slow_clients=policy) as server:
        fast = await kit.open_client(server.port)
        stalled = await kit.open_client(server.port, max_queue=1)
        for ws in (fast, stalled):
            await kit.receive(ws)
            await kit.request(ws, action="subscribe")
        fast_seqs: list[int] = []
        reader = asyncio.create_task(_collect(kit, fast, fast_seqs))
        loop = asyncio.get_running_loop()
        start = loop.time()
        done = (lambda: server.dropped_clients > 0) if policy.action == "disconnect" else (
            lambda: loop.time() - start > 1.0)
        sent = await _broadcast_until(server, done, BIG_BATCH, 10.0)
        acted_after = loop.time() - start
        sent += await _broadcast_until(server, lambda: False, BIG_BATCH, 0.2)  # the others keep flowing
        while len(fast_seqs) < sent and loop.time() - start < 15:
            await asyncio.sleep(0.02)
        reader.cancel()
        outcome = {"sent": sent, "fast": fast_seqs, "acted_after": acted_after,
                   "dropped": server.dropped_clients}
        if policy.action == "disconnect":
            while server.snapshot()["clients"] > 1 and loop.time() - start < 15:
                await asyncio.sleep(0.02)
            outcome["clients_left"] = server.snapshot()["clients"]
            with pytest.raises(ConnectionClosed):  # a stalled client learns it was dropped when it reads again
                while True:
                    await kit.receive(stalled)
        else:
            stalled_seqs: list[int] = []
            drain = asyncio.create_task(_collect(kit, stalled, stalled_seqs))
            await asyncio.sleep(0.5)
            drain.cancel()
            outcome["stalled"] = stalled_seqs
        await fast.close()
        return outcome


def test_a_stalled_subscriber_is_dropped_while_the_other_gets_everything(
        kit: SimpleNamespace, model: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("WARNING", logger="genesis_websocket")
    policy = SlowClientPolicy(max_pending=4, max_lag=0.3, socket_buffer=16 * 1024)
    outcome = kit.run(_with_stalled_subscriber(kit, model, policy))
    assert outcome["fast"] == list(range(outcome["sent"]))
    assert outcome["dropped"] == 1 and outcome["acted_after"] < 5.0 and outcome["clients_left"] == 1
    assert any("dropping slow client" in record.message for record in caplog.records)


def test_skip_policy_keeps_a_slow_subscriber_with_gaps(kit: SimpleNamespace, model: Any) -> None:
    policy = SlowClientPolicy(max_pending=4, max_lag=0.3, action="skip", socket_buffer=16 * 1024)
    outcome = kit.run(_with_stalled_subscriber(kit, model, policy))
    assert outcome["fast"] == list(range(outcome["sent"])) and outcome["dropped"] == 0
    stalled = outcome["stalled"]
    assert stalled == sorted(stalled) and 0 < len(stalled) < outcome["sent"]  # connected, but batches skipped


def test_stop_closes_every_connection_and_releases_the_port(kit: SimpleNamespace, model: Any) -> None:
    async def main() -> tuple[list[int | None], bool]:
        server = make_server(model)
        await server.start_server()
        port = server.port
        clients = [await kit.open_client(port) for _ in range(3)]
        for ws in clients:
            await kit.receive(ws)
        await kit.request(clients[0], action="subscribe")
        stream = asyncio.create_task(server.stream(rate=1000.0))
        await server.stop()
        await server.stop()  # idempotent
        assert await asyncio.wait_for(stream, 2) >= 0  # the live stream ends with the server
        codes = []
        for ws in clients:
            with pytest.raises(ConnectionClosed) as closed:
                while True:
                    await kit.receive(ws)
            codes.append(closed.value.rcvd.code if closed.value.rcvd else None)
        with pytest.raises(OSError):
            await kit.open_client(port)
        again = WebSocketStreamingGenerator("127.0.0.1", port, generator=model)
        async with again:  # the same port can be bound at once
            return codes, again.port == port

    codes, rebound = kit.run(main())
    assert codes == [1001, 1001, 1001] and rebound


def test_port_in_use_is_a_config_error(kit: SimpleNamespace, model: Any) -> None:
    async def main() -> None:
        async with make_server(model) as server:
            with pytest.raises(ConfigError, match="cannot listen"):
                await WebSocketStreamingGenerator("127.0.0.1", server.port).start_server()

    kit.run(main())


def test_an_unpaced_stream_follows_its_readers_and_drops_a_stalled_one(kit: SimpleNamespace, model: Any) -> None:
    async def main() -> tuple[int, list[int], int]:
        policy = SlowClientPolicy(max_pending=4, max_lag=0.3, socket_buffer=16 * 1024)
        async with make_server(model, slow_clients=policy, batch_size=200) as server:
            fast = await kit.open_client(server.port)
            stalled = await kit.open_client(server.port, max_queue=1)
            for ws in (fast, stalled):
                await kit.receive(ws)
                await kit.request(ws, action="subscribe")
            seqs: list[int] = []
            reader = asyncio.create_task(_collect(kit, fast, seqs))
            sent = await server.stream(max_batches=150)  # no rate: as fast as the readers take it
            while len(seqs) < sent:
                await asyncio.sleep(0.01)
            reader.cancel()
            await fast.close()
            return sent, seqs, server.dropped_clients

    sent, seqs, dropped = kit.run(main())
    assert sent == 150 and seqs == list(range(150)) and dropped == 1

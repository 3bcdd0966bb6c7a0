"""WebSocket fan-out on loopback: throughput, latency, memory per connection and slow-client drop time.

Run: ``uv run --all-packages python benchmarks/websocket.py [--seconds 10] [--quick]``. A WebSocketStreamingGenerator
(fitted Gaussian copula, batches of 100 rows) streams 10 batches/s to 1, 100 and 1,000 real `websockets` clients
that run in separate processes, then to 100 clients plus one that subscribes and never reads. Latency is from the
``ts`` the server stamps on a batch when it broadcasts it to the moment a client has the whole message. Prints a
table and writes ``benchmarks/results/websocket.json``. Targets from issue 5: 1,000 clients at >= 10 batches/s of
100 rows with p99 < 250 ms on 2 cores; a stalled client dropped within 5 s without slowing the rest.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import platform
import re
import resource
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import numpy as np

RESULTS = Path(__file__).parent / "results" / "websocket.json"
BATCH_ROWS = 100
BATCHES_PER_SECOND = 10
TS = re.compile(rb'"ts":([0-9.eE+-]+)')
CLIENTS_PER_PROCESS = 500


def raise_fd_limit() -> None:
    """Allow this process as many open files as the hard limit permits (1,000 sockets need more than 1,024)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def rss_bytes() -> int:
    """Resident memory of this process now (not the peak)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


# --- client processes -------------------------------------------------------------------------------------------

async def _clients(port: int, count: int, stalled: bool, expected: int, pipe: Connection, timeout: float) -> None:
    from websockets.asyncio.client import connect

    gate = asyncio.Semaphore(50)

    async def open_one() -> Any:
        async with gate:
            ws = await connect(f"ws://127.0.0.1:{port}", compression=None, open_timeout=60, ping_interval=None,
                               max_queue=1 if stalled else 16)
            await ws.recv()  # hello
            await ws.send('{"action": "subscribe"}')
            await ws.recv()  # subscribed
            return ws

    connections = await asyncio.gather(*(open_one() for _ in range(count)))
    pipe.send("ready")
    if stalled:  # never read again; wait to be told the run is over
        await asyncio.get_running_loop().run_in_executor(None, pipe.recv)
        pipe.send({"latencies": [], "received": [0], "cpu_seconds": 0.0})
        return
    latencies: list[float] = []
    received = [0] * count

    async def read(index: int, ws: Any) -> None:
        while received[index] < expected:
            message = await ws.recv(decode=False)
            arrived = time.time()
            stamp = TS.search(message, 0, 120)
            if stamp:
                latencies.append(arrived - float(stamp.group(1)))
                received[index] += 1

    readers = [asyncio.create_task(read(i, ws)) for i, ws in enumerate(connections)]
    await asyncio.wait(readers, timeout=timeout)
    for task in readers:
        task.cancel()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    pipe.send({"latencies": latencies, "received": received, "cpu_seconds": usage.ru_utime + usage.ru_stime})
    for ws in connections:
        ws.transport.abort()


def client_process(port: int, count: int, stalled: bool, expected: int, pipe: Connection, timeout: float) -> None:
    raise_fd_limit()
    asyncio.run(_clients(port, count, stalled, expected, pipe, timeout))


# --- one scenario -----------------------------------------------------------------------------------------------

def _fitted_model() -> Any:
    import pandas as pd

    from genesis.plugins import GeneratorSpec, get_plugin_manager

    rng = np.random.default_rng(0)
    n = 2000
    frame = pd.DataFrame({
        "age": rng.integers(18, 90, n), "income": rng.lognormal(10, 0.6, n).round(2),
        "score": rng.normal(0, 1, n).round(4), "city": rng.choice(["Paris", "Lyon", "Nice", "Lille"], n),
        "member": rng.random(n) < 0.3,
        "joined": pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 1500, n), unit="D"),
    })
    return get_plugin_manager().get(GeneratorSpec, "gaussian_copula").create().fit(frame)


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _wait_ready(pipes: list[Connection]) -> None:
    loop = asyncio.get_running_loop()
    for pipe in pipes:
        assert await loop.run_in_executor(None, pipe.recv) == "ready"


async def scenario(model: Any, clients: int, stalled: int, seconds: float) -> dict[str, Any]:
    from genesis_websocket import WebSocketStreamingGenerator

    expected = int(seconds * BATCHES_PER_SECOND)
    server = WebSocketStreamingGenerator("127.0.0.1", 0, batch_size=BATCH_ROWS, max_connections=clients + stalled + 10,
                                         generator=model)
    await server.start_server()
    context = mp.get_context("spawn")
    shares = [min(CLIENTS_PER_PROCESS, clients - start) for start in range(0, clients, CLIENTS_PER_PROCESS)]
    plan = [(share, False) for share in shares] + [(1, True)] * stalled
    pipes, processes = [], []
    rss_before = rss_bytes()
    setup_start = time.perf_counter()
    for count, is_stalled in plan:
        mine, theirs = context.Pipe()
        process = context.Process(target=client_process,
                                  args=(server.port, count, is_stalled, expected, theirs, seconds + 20), daemon=True)
        process.start()
        pipes.append(mine)
        processes.append(process)
    await _wait_ready(pipes)
    await server.wait_for_subscribers(clients + stalled, timeout=60)
    setup_seconds = time.perf_counter() - setup_start
    await asyncio.sleep(0.5)
    # Below 100 connections (or after an earlier scenario freed memory) allocator noise outweighs the connections.
    rss_per_connection = (rss_bytes() - rss_before) / clients if clients >= 100 and not stalled else None
    loop = asyncio.get_running_loop()
    start = loop.time()
    cpu_start = _cpu_seconds()
    stream = asyncio.create_task(server.stream(rate=BATCH_ROWS * BATCHES_PER_SECOND, max_batches=expected, seed=1))
    drop_seconds = None
    while not stream.done():
        if drop_seconds is None and server.dropped_clients:
            drop_seconds = loop.time() - start
        await asyncio.sleep(0.01)
    stream_seconds = loop.time() - start
    server_cpu = _cpu_seconds() - cpu_start
    for pipe, (_, is_stalled) in zip(pipes, plan, strict=True):
        if is_stalled:
            pipe.send("done")
    reports = [await loop.run_in_executor(None, pipe.recv) for pipe in pipes]
    for process in processes:
        process.join(10)
    await server.stop()
    latencies = np.array([value for report in reports for value in report["latencies"]]) * 1000
    delivered = sum(sum(report["received"]) for report, (_, s) in zip(reports, plan, strict=True) if not s)
    return {
        "clients": clients, "stalled_clients": stalled, "batches_sent": stream.result(),
        "stream_seconds": round(stream_seconds, 3), "setup_seconds": round(setup_seconds, 2),
        "batches_per_second": round(stream.result() / stream_seconds, 2),
        "delivered_fraction": round(delivered / (clients * expected), 4),
        "delivered_rows_per_second": round(delivered * BATCH_ROWS / stream_seconds),
        "latency_ms_p50": round(float(np.percentile(latencies, 50)), 2) if latencies.size else None,
        "latency_ms_p99": round(float(np.percentile(latencies, 99)), 2) if latencies.size else None,
        "latency_ms_max": round(float(latencies.max()), 2) if latencies.size else None,
        "server_rss_kib_per_idle_connection": (None if rss_per_connection is None
                                               else round(rss_per_connection / 1024, 1)),
        "stalled_dropped_after_seconds": None if drop_seconds is None else round(drop_seconds, 2),
        "dropped_clients": server.dropped_clients,
        "server_cpu_share": round(server_cpu / stream_seconds, 2),
        "client_processes_cpu_seconds": round(sum(report["cpu_seconds"] for report in reports), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="Streaming time per scenario.")
    parser.add_argument("--quick", action="store_true", help="3 s per scenario and at most 100 clients.")
    parser.add_argument("--only", type=int,
                        help="Run only the scenario with this many clients (no stalled one); prints, writes nothing.")
    args = parser.parse_args()
    raise_fd_limit()
    seconds = 3.0 if args.quick else args.seconds
    plan = [(1, 0), (100, 0)] + ([] if args.quick else [(1000, 0)]) + [(100, 1)]
    if args.only:
        plan = [(args.only, 0)]
    model = _fitted_model()
    rows = []
    for clients, stalled in plan:
        rows.append(asyncio.run(asyncio.wait_for(scenario(model, clients, stalled, seconds), seconds + 180)))
        print(json.dumps(rows[-1]), flush=True)
    if args.only:
        return
    results = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "load_average": os.getloadavg(),
                    "quick": args.quick},
        "batch_rows": BATCH_ROWS, "target_batches_per_second": BATCHES_PER_SECOND, "scenarios": rows,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    header = f"{'clients':>8} {'stalled':>7} {'batch/s':>7} {'delivered':>9} {'rows/s':>9} {'p50 ms':>7} " \
             f"{'p99 ms':>7} {'RSS KiB/conn':>12} {'dropped after s':>15}"
    print(header)
    for row in rows:
        print(f"{row['clients']:>8} {row['stalled_clients']:>7} {row['batches_per_second']:>7} "
              f"{row['delivered_fraction']:>9.2%} {row['delivered_rows_per_second']:>9,} "
              f"{row['latency_ms_p50'] or 0:>7} {row['latency_ms_p99'] or 0:>7} "
              f"{row['server_rss_kib_per_idle_connection'] or '-':>12} "
              f"{row['stalled_dropped_after_seconds'] or '-':>15}")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()

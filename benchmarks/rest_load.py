"""REST under load: 16 concurrent large generation requests plus an infeasible one against a live ``genesis serve``.

Run: ``uv run --all-packages python benchmarks/rest_load.py [--requests 16] [--rows 200000]``. Starts ``genesis
serve`` (the embedded Adult sample, default limits: ``--max-concurrent 4``) on 127.0.0.1 in its own process, then:

* ``--requests`` client threads each ask ``POST /v1/generate`` for ``--rows`` rows and read the streamed body to the
  end; a 503 is retried after its ``Retry-After`` seconds, as a well-behaved client would;
* one more client asks for an impossible condition (``sex == 'female'``; the sample has ``Female``) with
  ``n_samples`` 100,000 and times its 4xx;
* a poller asks ``/healthz`` every 25 ms throughout, and a sampler reads the server's resident memory (VmRSS)
  every 50 ms: before the load (after one warm-up request), its peak, and 5 s after the last response.

Prints a table and writes ``benchmarks/results/rest_load.json``. Targets (issue 21): memory bounded (the peak does
not grow with the number of requests, and comes back down afterwards), ``/healthz`` p99 under 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from rich.console import Console
from rich.table import Table

RESULTS = Path(__file__).resolve().parent / "results" / "rest_load.json"
HEALTH_EVERY = 0.025
RSS_EVERY = 0.05
SETTLE = 5.0
console = Console(width=140)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _rss_mib(pid: int) -> float:
    """Resident memory of ``pid`` in MiB (0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def start_server(port: int) -> subprocess.Popen[bytes]:
    """``genesis serve`` on 127.0.0.1:``port``, once ``/healthz`` answers (at most 120 s)."""
    genesis = str(Path(sys.executable).with_name("genesis"))
    server = subprocess.Popen([genesis, "serve", "--port", str(port), "--log-level", "warning"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"genesis serve exited: {server.stderr.read().decode() if server.stderr else ''}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.kill()
    raise RuntimeError("genesis serve did not answer /healthz within 120 s")


@dataclass
class Load:
    """What the load phase observed."""

    responses: list[dict[str, Any]] = field(default_factory=list)
    health_ms: list[float] = field(default_factory=list)
    health_failures: int = 0
    rss: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def large_request(base: str, rows: int, seed: int, load: Load) -> None:
    """One client: POST until it is served (503s retried after Retry-After), reading the whole streamed body."""
    retries, started = 0, time.perf_counter()
    with httpx.Client(base_url=base, timeout=600) as client:
        while True:
            with client.stream("POST", "/v1/generate", json={"n_samples": rows, "seed": seed}) as response:
                if response.status_code == 503:
                    retries += 1
                    time.sleep(float(response.headers.get("Retry-After", "1")))
                    continue
                size = sum(len(chunk) for chunk in response.iter_bytes())
                status = response.status_code
            break
    with load.lock:
        load.responses.append({"kind": "large", "status": status, "bytes": size, "retries_503": retries,
                               "seconds": time.perf_counter() - started})


def infeasible_request(base: str, load: Load) -> None:
    """The impossible condition, sent once the load is on (503s retried); ``seconds`` times the answered attempt."""
    time.sleep(1.0)
    retries = 0
    while True:
        started = time.perf_counter()
        response = httpx.post(f"{base}/v1/generate", timeout=600,
                              json={"n_samples": 100_000, "conditions": {"sex": "female"}})
        if response.status_code != 503:
            break
        retries += 1
        time.sleep(float(response.headers.get("Retry-After", "1")))
    with load.lock:
        load.responses.append({"kind": "infeasible", "status": response.status_code, "bytes": len(response.content),
                               "retries_503": retries, "seconds": time.perf_counter() - started,
                               "detail": response.json().get("detail", "")})


def poll_health(base: str, stop: threading.Event, load: Load) -> None:
    with httpx.Client(base_url=base, timeout=5) as client:
        while not stop.is_set():
            started = time.perf_counter()
            try:
                ok = client.get("/healthz").status_code == 200
            except httpx.HTTPError:
                ok = False
            elapsed = (time.perf_counter() - started) * 1000
            if ok:
                load.health_ms.append(elapsed)
            else:
                load.health_failures += 1
            stop.wait(HEALTH_EVERY)


def sample_rss(pid: int, stop: threading.Event, load: Load) -> None:
    while not stop.is_set():
        load.rss.append(_rss_mib(pid))
        stop.wait(RSS_EVERY)


def run(requests: int, rows: int) -> dict[str, Any]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(port)
    try:
        warm = httpx.post(f"{base}/v1/generate", json={"n_samples": 1_000, "seed": 0}, timeout=120)
        assert warm.status_code == 200, warm.text
        time.sleep(1.0)
        before = _rss_mib(server.pid)
        load, stop = Load(), threading.Event()
        watchers = [threading.Thread(target=poll_health, args=(base, stop, load)),
                    threading.Thread(target=sample_rss, args=(server.pid, stop, load))]
        for watcher in watchers:
            watcher.start()
        clients = [threading.Thread(target=large_request, args=(base, rows, seed, load)) for seed in range(requests)]
        clients.append(threading.Thread(target=infeasible_request, args=(base, load)))
        started = time.perf_counter()
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        wall = time.perf_counter() - started
        time.sleep(SETTLE)  # the poller and the sampler go on: /healthz after the load, memory given back
        stop.set()
        for watcher in watchers:
            watcher.join()
        after = _rss_mib(server.pid)
    finally:
        server.terminate()
        server.wait(30)
    large = [r for r in load.responses if r["kind"] == "large"]
    infeasible = next(r for r in load.responses if r["kind"] == "infeasible")
    health = np.asarray(load.health_ms)
    served_rows = rows * sum(r["status"] == 200 for r in large)
    return {
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
                    "load_average": os.getloadavg()},
        "requests": requests, "rows_per_request": rows,
        "large": {"ok": sum(r["status"] == 200 for r in large), "other_status": sorted({r["status"] for r in large}),
                  "retries_503": sum(r["retries_503"] for r in large), "wall_s": wall,
                  "rows_per_s": served_rows / wall, "mib_per_response": float(np.mean([r["bytes"] for r in large]))
                  / 2**20, "slowest_s": max(r["seconds"] for r in large)},
        "infeasible": {"status": infeasible["status"], "seconds": infeasible["seconds"],
                       "retries_503": infeasible["retries_503"],
                       "detail": infeasible["detail"]},
        "memory_mib": {"before": before, "peak": max(load.rss), "after": after},
        "healthz_ms": {"count": int(health.size), "failures": load.health_failures,
                       "p50": float(np.percentile(health, 50)), "p99": float(np.percentile(health, 99)),
                       "max": float(health.max())},
    }


def show(result: dict[str, Any]) -> None:
    table = Table(title=f"genesis serve under {result['requests']} concurrent requests of "
                        f"{result['rows_per_request']:,} rows + 1 infeasible")
    table.add_column("measure")
    table.add_column("value", justify="right")
    large, memory, health = result["large"], result["memory_mib"], result["healthz_ms"]
    infeasible = result["infeasible"]
    rows = [
        ("large requests served (200)", f"{large['ok']} of {result['requests']}"),
        ("503s retried after Retry-After", f"{large['retries_503']:,}"),
        ("wall time, all responses", f"{large['wall_s']:.1f} s"),
        ("rows/s served (all clients)", f"{large['rows_per_s']:,.0f}"),
        ("response size", f"{large['mib_per_response']:.1f} MiB"),
        ("infeasible request (after its 503s)", f"{infeasible['status']} in {infeasible['seconds'] * 1000:.0f} ms "
                                                f"({infeasible['retries_503']} x 503)"),
        ("server memory before / peak / after", f"{memory['before']:.0f} / {memory['peak']:.0f} / "
                                                f"{memory['after']:.0f} MiB"),
        ("peak over before", f"{memory['peak'] / max(memory['before'], 1e-9):.2f}x"),
        ("/healthz p50 / p99 / max", f"{health['p50']:.1f} / {health['p99']:.1f} / {health['max']:.1f} ms"),
        ("/healthz answered / failed", f"{health['count']:,} / {health['failures']}"),
    ]
    for name, value in rows:
        table.add_row(name, value)
    console.print(table)
    console.print(f"infeasible detail: {infeasible['detail']}", markup=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=16)
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    result = run(args.requests, args.rows)
    show(result)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    console.print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()

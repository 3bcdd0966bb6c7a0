"""Conditioning through every surface: accepted rows/s for a 0.2% compound condition against the same surface's
unconditioned rate, on the embedded Adult sample (2,000 rows) fitted once per surface.

Run alone with ``uv run --all-packages python benchmarks/conditional_surfaces.py`` (or as part of
``conditional.py``): prints a table and writes ``benchmarks/results/conditional_surfaces.json``. Each surface is
timed end to end as a user meets it, with its fit excluded: Python (``Pipeline.frame``), CLI (``genesis generate``
in a subprocess, whole command including start-up and fit, so it reports the command's wall time and the
generation share), REST (``POST /v1/generate`` on a live uvicorn server on 127.0.0.1) and WebSocket (a
``generate`` request from a real client). Best of three per cell.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from rich.console import Console
from rich.table import Table
from websockets.asyncio.client import connect

from genesis.api import ApiSettings, DatasetRegistry, create_app
from genesis.conditions import ConditionSet
from genesis.datasets import load_adult_sample
from genesis.io import read_table
from genesis.pipeline import GenerationRequest, Pipeline, fit
from genesis_websocket import WebSocketStreamingGenerator

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "conditional_surfaces.json"
N = 50_000
SEED = 5
#: About 0.2% of the copula's rows on the Adult sample (measured and printed by the benchmark).
CONDITION = {"age": [">=", 67], "sex": "Female", "hours-per-week": [">=", 45]}
console = Console(width=150)


def _best(run: Callable[[], int], repeats: int = 3) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(repeats):
        started = time.perf_counter()
        rows = run()
        times.append(time.perf_counter() - started)
    return min(times), rows


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def python_surface(csv: Path) -> Callable[[dict[str, Any] | None], int]:
    pipeline = Pipeline(fit(read_table(csv)))

    def run(conditions: dict[str, Any] | None) -> int:
        request = GenerationRequest(N, SEED, ConditionSet.from_dict(conditions) if conditions else None)
        return len(pipeline.frame(request, surface="benchmark")[0])

    return run


def cli_surface(csv: Path) -> Callable[[dict[str, Any] | None], int]:
    genesis = str(Path(sys.executable).with_name("genesis"))

    def run(conditions: dict[str, Any] | None) -> int:
        where = [a for c, s in (conditions or {}).items()
                 for a in ("--where", f"{c}{s[0]}{s[1]}" if isinstance(s, list) else f"{c}=={s}")]
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "out.parquet"
            subprocess.run([genesis, "-q", "generate", str(csv), "-n", str(N), "--seed", str(SEED), "-o", str(out),
                            *where], check=True, timeout=600)
        return N

    return run


def rest_surface(csv: Path) -> tuple[Callable[[dict[str, Any] | None], int], Callable[[], None]]:
    registry = DatasetRegistry()
    registry.load("adult", csv)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(registry, ApiSettings()), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=300)

    def run(conditions: dict[str, Any] | None) -> int:
        response = client.post("/v1/generate", json={"n_samples": N, "seed": SEED, "conditions": conditions or {}})
        response.raise_for_status()
        return len(response.json()["data"])

    def stop() -> None:
        client.close()
        server.should_exit = True
        thread.join(10)

    return run, stop


def websocket_surface(csv: Path) -> Callable[[dict[str, Any] | None], int]:
    model = fit(read_table(csv))

    def run(conditions: dict[str, Any] | None) -> int:
        async def exchange() -> int:
            server = WebSocketStreamingGenerator("127.0.0.1", 0, batch_size=5_000, generator=model)
            async with server, connect(f"ws://127.0.0.1:{server.port}", max_size=None, open_timeout=10) as ws:
                await ws.recv()
                body: dict[str, Any] = {"action": "generate", "n": N, "seed": SEED, "id": 1}
                if conditions:
                    body["conditions"] = conditions
                await ws.send(json.dumps(body))
                rows = 0
                while rows < N:
                    message = json.loads(await asyncio.wait_for(ws.recv(), 300))
                    if message["type"] != "rows":
                        raise RuntimeError(message)
                    rows += len(message["rows"])
                return rows

        return asyncio.run(exchange())

    return run


def measure() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        csv = Path(folder) / "adult.csv"
        load_adult_sample().to_csv(csv, index=False)
        check = Pipeline(fit(read_table(csv)))
        sample = check.frame(GenerationRequest(400_000, 1), surface="benchmark")[0]
        share = float(ConditionSet.from_dict(CONDITION).mask(sample).mean())
        rest, stop_rest = rest_surface(csv)
        surfaces = {"Python": python_surface(csv), "CLI": cli_surface(csv), "REST": rest,
                    "WebSocket": websocket_surface(csv)}
        rows: dict[str, Any] = {}
        try:
            for name, run in surfaces.items():
                plain, _ = _best(lambda run=run: run(None))
                conditioned, _ = _best(lambda run=run: run(CONDITION))
                rows[name] = {"unconditioned_s": plain, "conditioned_s": conditioned,
                              "unconditioned_rows_per_s": N / plain, "conditioned_rows_per_s": N / conditioned,
                              "ratio": plain / conditioned}
                console.print(f"done: {name}")
        finally:
            stop_rest()
    return {"rows": N, "condition": CONDITION, "model_share": share, "surfaces": rows}


def report(result: dict[str, Any]) -> None:
    table = Table(title=f"{result['rows']:,} rows, condition {result['condition']} "
                        f"({result['model_share']:.3%} of the model's rows)")
    for column in ("surface", "unconditioned", "conditioned (accepted)", "conditioned / unconditioned rate"):
        table.add_column(column, justify="left" if column == "surface" else "right")
    for name, row in result["surfaces"].items():
        table.add_row(name, f"{row['unconditioned_rows_per_s']:,.0f} rows/s ({row['unconditioned_s']:.2f} s)",
                      f"{row['conditioned_rows_per_s']:,.0f} rows/s ({row['conditioned_s']:.2f} s)",
                      f"{row['ratio']:.0%}")
    console.print(table)


def main() -> None:
    result = {"machine": {"python": sys.version.split()[0], "platform": platform.platform(),
                          "load_average": os.getloadavg()}} | measure()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2))
    report(result)
    console.print(f"wrote {RESULTS.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()

"""``genesis stream websocket DATA``: fit on a table and serve a live stream of synthetic rows."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

__all__ = ["app"]

app = typer.Typer(help="Serve synthetic rows to WebSocket clients.", add_completion=False)


@app.command()
def websocket(
    data: Annotated[Path, typer.Argument(help="Training data: .csv, .parquet or .jsonl.")],
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "0.0.0.0",
    port: Annotated[int, typer.Option("--port", help="Port to listen on (0: any free port).")] = 8765,
    rate: Annotated[float, typer.Option("--rate", help="Rows per second broadcast to all clients.")] = 1000.0,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Rows per message.")] = 100,
    max_connections: Annotated[int, typer.Option("--max-connections", help="Refuse connections beyond.")] = 100,
    method: Annotated[str, typer.Option("--method", help="Generator (see `genesis plugins list`).")] = (
        "gaussian-copula"),
    seed: Annotated[int | None, typer.Option("--seed", help="Seed of the live stream.")] = None,
    token: Annotated[str | None, typer.Option("--token", envvar="GENESIS_WS_TOKEN",
                                              help="Require this token.")] = None,
    origin: Annotated[list[str] | None, typer.Option("--origin",
                                                     help="Allowed Origin header (repeat); default: any.")] = None,
    lineage: Annotated[Path | None, typer.Option("--lineage", help="Append each run's lineage to this chain file.")] = (
        None),
) -> None:
    """Fit METHOD on DATA, then serve `generate` requests and a live stream of RATE rows/s until Ctrl-C."""
    import asyncio
    import contextlib

    from genesis.cli.console import stderr_console
    from genesis.errors import ConfigError
    from genesis.io import read_table
    from genesis_websocket.server import WebSocketStreamingGenerator

    if not rate > 0:
        raise ConfigError(f"--rate must be positive, got {rate}")
    server = WebSocketStreamingGenerator(host, port, batch_size, max_connections, token=token, origins=origin or None,
                                         lineage=lineage)
    server.fit(read_table(data), method=method)
    log = stderr_console()

    async def serve() -> None:
        async with server:
            log.print(f"serving ws://{host}:{server.port} ({rate:g} rows/s to every connected client); Ctrl-C stops")
            await server.stream(rate, seed=seed)

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve())

"""``genesis stream websocket DATA``: fit on a table and serve a live stream of synthetic rows."""

from __future__ import annotations

from pathlib import Path

import typer

__all__ = ["app"]

app = typer.Typer(help="Serve synthetic rows to WebSocket clients.", add_completion=False)


@app.command()
def websocket(
    data: Path = typer.Argument(..., help="Training data: .csv, .parquet or .jsonl."),
    host: str = typer.Option("0.0.0.0", "--host", help="Interface to listen on."),
    port: int = typer.Option(8765, "--port", help="Port to listen on (0: any free port)."),
    rate: float = typer.Option(1000.0, "--rate", help="Rows per second broadcast to subscribers."),
    batch_size: int = typer.Option(100, "--batch-size", help="Rows per message."),
    max_connections: int = typer.Option(100, "--max-connections", help="Connections refused beyond this."),
    method: str = typer.Option("gaussian_copula", "--method", help="Generator (see `genesis plugins list`)."),
    seed: int | None = typer.Option(None, "--seed", help="Seed of the live stream."),
    token: str | None = typer.Option(None, "--token", envvar="GENESIS_WS_TOKEN", help="Require this token."),
    origin: list[str] = typer.Option([], "--origin", help="Allowed Origin header (repeat); default: any."),
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
    server = WebSocketStreamingGenerator(host, port, batch_size, max_connections, token=token,
                                         origins=list(origin) or None)
    server.fit(read_table(data), method=method)
    log = stderr_console()

    async def serve() -> None:
        async with server:
            log.print(f"serving ws://{host}:{server.port} ({rate:g} rows/s to subscribers); Ctrl-C stops")
            await server.stream(rate, seed=seed)

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve())

"""``genesis serve``: the REST API (needs the ``api`` extra) over datasets fitted at start."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

__all__ = ["app"]

app = typer.Typer(help="Serve the REST API.")


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
    data: Annotated[
        list[str] | None,
        typer.Option("--data", help="NAME=PATH[:SCHEMA]: a table to fit (with a `genesis discover` schema file), "
                     "or a saved .json model (repeat)."),
    ] = None,
    method: Annotated[str, typer.Option("--method", help="Generator fitted on each table.")] = "gaussian-copula",
    max_rows: Annotated[int, typer.Option("--max-rows", help="Most rows one request may ask for.")] = 1_000_000,
    max_body_bytes: Annotated[int, typer.Option("--max-body-bytes", help="Largest accepted request body.")] = 65_536,
    parser: Annotated[str, typer.Option("--parser", help="Natural-language parser (`genesis plugins list`).")] = (
        "rule-based"
    ),
    max_concurrent: Annotated[int, typer.Option(
        "--max-concurrent", help="Generation requests served at once; more get 503 with Retry-After.")] = 4,
    header_timeout: Annotated[float, typer.Option(
        "--header-timeout", help="Seconds a client has to send its request headers.")] = 10.0,
    body_timeout: Annotated[float, typer.Option(
        "--body-timeout", help="Seconds a client has to send its request body.")] = 30.0,
    log_level: Annotated[str, typer.Option("--log-level", help="uvicorn log level.")] = "info",
    lineage: Annotated[
        Path | None, typer.Option("--lineage", help="Append every served run's lineage to this chain file.")
    ] = None,
    lineage_key: Annotated[
        Path | None, typer.Option("--lineage-key", help="Ed25519 private key (PEM) signing the chain's checkpoints.")
    ] = None,
) -> None:
    """Serve /v1/generate/natural-language, /v1/generate/natural-language/clarify, /v1/generate, /v1/datasets."""
    from genesis.errors import MissingExtraError

    try:
        import uvicorn  # noqa: F401 - only to name the extra when it is missing
    except ImportError as exc:
        raise MissingExtraError("genesis serve", "api") from exc
    from genesis.api import ApiSettings, DatasetRegistry, create_app, parse_data_option
    from genesis.api.datasets import split_schema

    recorder = None
    if lineage is not None:
        from genesis.lineage import load_private_key, record_lineage

        key = load_private_key(lineage_key) if lineage_key is not None else None
        recorder = record_lineage(lineage, signing_key=key)
        typer.echo(f"recording the lineage of every run to {lineage}", err=True)
    registry = DatasetRegistry(lineage=recorder)
    for option in data or []:
        name, path = parse_data_option(option)
        path, schema = split_schema(path)
        dataset = registry.load(name, path, method=method, schema=schema)
        typer.echo(f"dataset {name!r}: {dataset.schema.n_rows:,} rows x {len(dataset.schema)} columns", err=True)
    settings = ApiSettings(max_rows=max_rows, max_body_bytes=max_body_bytes, parser=parser,
                           max_concurrent=max_concurrent, header_timeout=header_timeout, body_timeout=body_timeout)
    application = create_app(registry, settings)
    typer.echo(f"serving on http://{host}:{port} (OpenAPI at /docs)", err=True)
    from genesis.api.server import run_server

    run_server(application, host=host, port=port, header_timeout=settings.header_timeout, log_level=log_level)

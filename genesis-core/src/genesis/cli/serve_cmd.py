"""``genesis serve``: the REST API (needs the ``api`` extra) over datasets fitted at start."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

__all__ = ["SAMPLE_DATASET", "app"]

app = typer.Typer(help="Serve the REST API.")

#: The dataset name of the embedded sample, served when no ``--data`` is given.
SAMPLE_DATASET = "adult"


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
    data: Annotated[
        list[str] | None,
        typer.Option("--data", help="NAME=PATH[:SCHEMA]: a table to fit (with a `genesis discover` schema file), "
                     "or a saved .json model (repeat); default: the embedded UCI Adult sample as "
                     f"'{SAMPLE_DATASET}'."),
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
    request_seconds: Annotated[float, typer.Option(
        "--request-seconds", help="Time budget of one generation request; longer ones are refused (422).")] = 120.0,
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
    from genesis.cli.context import cli_state
    from genesis.cli.status import phase, table_shape

    quiet = cli_state(ctx).quiet
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
        with phase(f"loading dataset {name!r} from {path}", f"dataset {name!r} ready", quiet=quiet):
            dataset = registry.load(name, path, method=method, schema=schema)
        typer.echo(f"dataset {name!r}: {table_shape(dataset.schema.n_rows, len(dataset.schema))}", err=True)
    if not data:
        from genesis.datasets import load_adult_sample

        sample = load_adult_sample()
        typer.echo(f"no --data given: serving the embedded UCI Adult sample as dataset {SAMPLE_DATASET!r} "
                   f"({table_shape(*sample.shape)}); serve your own with --data NAME=PATH", err=True)
        with phase(f"fitting {method} on it", f"dataset {SAMPLE_DATASET!r} ready", quiet=quiet):
            registry.fit_table(SAMPLE_DATASET, sample, method=method, source="embedded UCI Adult sample")
    settings = ApiSettings(max_rows=max_rows, max_body_bytes=max_body_bytes, parser=parser,
                           max_concurrent=max_concurrent, header_timeout=header_timeout, body_timeout=body_timeout,
                           request_seconds=request_seconds)
    application = create_app(registry, settings)
    typer.echo(f"serving on http://{host}:{port} (OpenAPI at /docs)", err=True)
    from genesis.api.server import run_server

    run_server(application, host=host, port=port, header_timeout=settings.header_timeout, log_level=log_level)

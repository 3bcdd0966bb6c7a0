"""``genesis serve``: the REST API (needs the ``api`` extra) over datasets fitted at start."""

from __future__ import annotations

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
        typer.Option("--data", help="NAME=PATH: a table to fit, or a saved .json model (repeat); default: the "
                                    f"embedded UCI Adult sample as '{SAMPLE_DATASET}'."),
    ] = None,
    method: Annotated[str, typer.Option("--method", help="Generator fitted on each table.")] = "gaussian-copula",
    max_rows: Annotated[int, typer.Option("--max-rows", help="Most rows one request may ask for.")] = 1_000_000,
    max_body_bytes: Annotated[int, typer.Option("--max-body-bytes", help="Largest accepted request body.")] = 65_536,
    parser: Annotated[str, typer.Option("--parser", help="Natural-language parser (`genesis plugins list`).")] = (
        "rule-based"
    ),
    log_level: Annotated[str, typer.Option("--log-level", help="uvicorn log level.")] = "info",
) -> None:
    """Serve /v1/generate/natural-language, /v1/generate/natural-language/clarify, /v1/generate, /v1/datasets."""
    from genesis.errors import MissingExtraError

    try:
        import uvicorn
    except ImportError as exc:
        raise MissingExtraError("genesis serve", "api") from exc
    from genesis.api import ApiSettings, DatasetRegistry, create_app, parse_data_option
    from genesis.cli.context import cli_state
    from genesis.cli.status import phase, table_shape

    quiet = cli_state(ctx).quiet
    registry = DatasetRegistry()
    for option in data or []:
        name, path = parse_data_option(option)
        with phase(f"loading dataset {name!r} from {path}", f"dataset {name!r} ready", quiet=quiet):
            dataset = registry.load(name, path, method=method)
        typer.echo(f"dataset {name!r}: {table_shape(dataset.schema.n_rows, len(dataset.schema))}", err=True)
    if not data:
        from genesis.datasets import load_adult_sample

        sample = load_adult_sample()
        typer.echo(f"no --data given: serving the embedded UCI Adult sample as dataset {SAMPLE_DATASET!r} "
                   f"({table_shape(*sample.shape)}); serve your own with --data NAME=PATH", err=True)
        with phase(f"fitting {method} on it", f"dataset {SAMPLE_DATASET!r} ready", quiet=quiet):
            registry.fit(SAMPLE_DATASET, sample, method=method, source="embedded UCI Adult sample")
    settings = ApiSettings(max_rows=max_rows, max_body_bytes=max_body_bytes, parser=parser)
    application = create_app(registry, settings)
    typer.echo(f"serving on http://{host}:{port} (OpenAPI at /docs)", err=True)
    uvicorn.run(application, host=host, port=port, log_level=log_level)

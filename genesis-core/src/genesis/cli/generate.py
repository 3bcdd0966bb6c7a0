"""``genesis generate``: fit on a table and write synthetic rows to a sink, or in parallel partitions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from genesis.cli.checks import DEFAULT_MAX_ROWS, parse_count
from genesis.cli.context import cli_state
from genesis.cli.sink_options import check_options, create_sink, parse_sink_options

if TYPE_CHECKING:
    from genesis.pipeline import GenerationRequest, Pipeline, RunReport

__all__ = ["app"]

app = typer.Typer(help="Generate synthetic rows from a data file.")

def _sink_name(output: Path, sink: str | None) -> str:
    from genesis.sinks.naming import sink_name_for

    return sink or sink_name_for(output)


@app.command()
def generate(
    ctx: typer.Context,
    data: Path = typer.Argument(..., help="Training data: .csv, .parquet or .jsonl."),
    rows: int = typer.Option(..., "--rows", "-n", parser=parse_count, metavar="INTEGER",
                             help="Rows to generate (1000, 1_000_000 or 1e6)."),
    max_rows: int = typer.Option(DEFAULT_MAX_ROWS, "--max-rows", parser=parse_count, metavar="INTEGER",
                                 help="Refuse --rows above this (a guard against typos); raise it to allow more."),
    output: Path = typer.Option(..., "--output", "-o",
                                help="Output file ('-' for stdout), or a folder or fsspec URL with --engine."),
    method: str = typer.Option("gaussian-copula", "--method", help="Generator (see `genesis plugins list`)."),
    schema: Path | None = typer.Option(None, "--schema", help="Schema file from `genesis discover` (YAML/JSON); "
                                       "its kinds, dtypes and constraints win over inference."),
    seed: int | None = typer.Option(None, "--seed", help="Seed; the same seed gives the same rows."),
    where: list[str] = typer.Option([], "--where", help="Condition, e.g. 'age>=50' (repeat for AND)."),
    sink: str | None = typer.Option(
        None, "--sink", help="Sink name; default from the output's extension (parquet parts with --engine)."),
    sink_options: list[str] = typer.Option([], "--sink-option", "-O",
                                           help="KEY=VALUE option for the sink (repeat); VALUE is JSON or text."),
    batch_size: int = typer.Option(10_000, "--batch-size", help="Rows per batch."),
    engine: str | None = typer.Option(None, "--engine",
                                      help="Executor for partitions: local (threads), processes or dask."),
    workers: int = typer.Option(1, "--workers", help="Parallel workers for --engine."),
    partition_rows: int = typer.Option(1_000_000, "--partition-rows", help="Rows per part with --engine."),
    lineage: Path | None = typer.Option(None, "--lineage", help="Append the run's lineage to this chain file."),
    lineage_key: Path | None = typer.Option(None, "--lineage-key", help="Ed25519 private key (PEM) to sign it."),
    privacy: str = typer.Option("default", "--privacy",
                                help="default, or strict: the model keeps no real value held by few rows."),
    generator_options: list[str] = typer.Option([], "--generator-option", "-G",
                                                help="KEY=VALUE passed to the generator (JSON values), repeatable."),
) -> None:
    """Fit METHOD on DATA and write ROWS synthetic rows to OUTPUT."""
    import time

    from genesis.cli.checks import check_generate
    from genesis.cli.console import stderr_console
    from genesis.cli.status import phase, table_shape
    from genesis.cli.where import parse_where
    from genesis.errors import ConfigError
    from genesis.io import read_table
    from genesis.pipeline import GenerationRequest, Pipeline, fit
    from genesis.plugins import ExecutorSpec, GeneratorSpec, get_plugin_manager

    check_generate(rows=rows, max_rows=max_rows, seed=seed, output=output,
                   partitioned=engine is not None or workers > 1, lineage=lineage)
    if batch_size < 1 or workers < 1 or partition_rows < 1:
        raise ConfigError("--batch-size, --workers and --partition-rows must be >= 1")
    manager = get_plugin_manager()
    generator_spec = manager.get(GeneratorSpec, method)
    request = GenerationRequest(rows, seed, parse_where(where), batch_size)
    options = parse_sink_options(sink_options)
    partitioned = engine is not None or workers > 1
    if partitioned and options:
        raise ConfigError("--sink-option applies to a streamed sink; --engine and --workers write one file per part")
    sink_name = _sink_name(output, sink) if not partitioned else (sink or "parquet")
    quiet = cli_state(ctx).quiet
    log = stderr_console()
    table = read_table(data)
    key = None
    if lineage_key is not None:
        from genesis.lineage import load_private_key

        key = load_private_key(lineage_key)
    declared = None
    if schema is not None:
        from genesis.schema_file import load_schema

        declared = load_schema(schema)
    generator_kwargs = _generator_options(generator_spec, privacy, generator_options)
    with phase(f"fitting {generator_spec.name} on {data.name} ({table_shape(*table.shape)})", "fitted", quiet=quiet):
        model = fit(table, generator_spec.name, schema=declared, **generator_kwargs)
    pipeline = Pipeline(model, method=generator_spec.name, lineage=lineage,
                        lineage_key=key)
    start = time.perf_counter()
    with pipeline:
        if pipeline.recorder is not None:
            pipeline.recorder.record_source(table, data.name)
        caveats: list[str] = []
        if not partitioned:
            report, caveats = _stream(pipeline, request, output, sink_name, options, data.name, quiet)
        else:
            executor = manager.get(ExecutorSpec, engine or "local").create(workers=workers)
            report = _partitions(pipeline, request, executor, output, sink_name, partition_rows, data.name, quiet)
    elapsed = time.perf_counter() - start
    if not quiet:
        log.print(f"wrote {report.rows:,} rows to {output} in {elapsed:.2f} s "
                  f"({report.rows / max(elapsed, 1e-9):,.0f} rows/s, seed {report.seed})")
    _exit_on_caveats(caveats)


def _stream(pipeline: Pipeline, request: GenerationRequest, output: Path, sink_name: str, options: dict[str, Any],
            source: str, quiet: bool) -> tuple[RunReport, list[str]]:
    """Run into the sink; the report, and the sink's caveats once it closed (see ``SinkWithCaveats``)."""
    from genesis.cli.progress import progress
    from genesis.plugins import SinkSpec, get_plugin_manager
    from genesis.protocols import SinkWithCaveats

    spec = get_plugin_manager().get(SinkSpec, sink_name)
    sink = create_sink(spec, options if sink_name in {"stdout", "memory"} else {"path": output, **options})
    with progress("rows", total=request.n, quiet=quiet) as bar:
        report = pipeline.into_sink(request, sink, surface="cli", on_batch=bar.advance, output=str(output), data=source)
    return report, list(sink.caveats()) if isinstance(sink, SinkWithCaveats) else []


def _exit_on_caveats(caveats: list[str]) -> None:
    """One red line per caveat, then exit 3: every row was written, but the user must know what else may be there."""
    if not caveats:
        return
    from genesis.cli.console import EXIT_CAVEATS, stderr_console

    for caveat in caveats:
        stderr_console().print(caveat, style="bold red", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(EXIT_CAVEATS)


def _partitions(pipeline: Pipeline, request: GenerationRequest, executor: Any, output: Path, sink_name: str,
                partition_rows: int, source: str, quiet: bool) -> RunReport:
    from genesis.cli.progress import progress

    with progress("partitions", quiet=quiet) as bar, executor:
        return pipeline.partitioned(request, str(output), executor=executor, sink=sink_name,
                                    partition_rows=partition_rows, on_part=lambda rows: bar.advance(), surface="cli",
                                    data=source)


def _generator_options(spec: Any, privacy: str, items: list[str]) -> dict[str, Any]:
    """The ``--generator-option`` values, plus the ``--privacy`` level (only generators with levels take strict)."""
    from genesis.generators.privacy import check_level

    options = parse_sink_options(items, "--generator-option")
    if check_level(privacy) == "strict":
        options["privacy"] = privacy
    return check_options(spec, options, "--generator-option" if items else "--privacy")

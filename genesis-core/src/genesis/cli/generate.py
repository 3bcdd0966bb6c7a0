"""``genesis generate``: fit on a table and write synthetic rows to a sink, or in parallel partitions."""

from __future__ import annotations

from pathlib import Path

import typer

from genesis.cli.context import cli_state

__all__ = ["app"]

app = typer.Typer(help="Generate synthetic rows from a data file.")

_SINK_BY_SUFFIX = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet"}


def _sink_name(output: Path, sink: str | None) -> str:
    from genesis.errors import ConfigError

    if sink:
        return sink
    if str(output) == "-":
        return "stdout"
    if output.suffix.lower() in _SINK_BY_SUFFIX:
        return _SINK_BY_SUFFIX[output.suffix.lower()]
    raise ConfigError(f"cannot tell the sink from {output}; pass --sink (csv, jsonl, parquet, stdout, ...)")


@app.command()
def generate(
    ctx: typer.Context,
    data: Path = typer.Argument(..., help="Training data: .csv, .parquet or .jsonl."),
    rows: int = typer.Option(..., "--rows", "-n", help="Rows to generate."),
    output: Path = typer.Option(..., "--output", "-o", help="Output file ('-' for stdout), or folder with --engine."),
    method: str = typer.Option("gaussian_copula", "--method", help="Generator (see `genesis plugins list`)."),
    seed: int | None = typer.Option(None, "--seed", help="Seed; the same seed gives the same rows."),
    where: list[str] = typer.Option([], "--where", help="Condition, e.g. 'age>=50' (repeat for AND)."),
    sink: str | None = typer.Option(None, "--sink", help="Sink name; default from the output's extension."),
    batch_size: int = typer.Option(10_000, "--batch-size", help="Rows per batch."),
    engine: str | None = typer.Option(None, "--engine", help="Executor for partitions: local or dask."),
    workers: int = typer.Option(1, "--workers", help="Parallel workers for --engine."),
    partition_rows: int = typer.Option(1_000_000, "--partition-rows", help="Rows per Parquet part with --engine."),
) -> None:
    """Fit METHOD on DATA and write ROWS synthetic rows to OUTPUT."""
    import time

    from genesis.cli.console import stderr_console
    from genesis.cli.progress import progress
    from genesis.cli.where import parse_where
    from genesis.errors import ConfigError
    from genesis.io import read_table
    from genesis.plugins import ExecutorSpec, GeneratorSpec, SinkSpec, get_plugin_manager
    from genesis.streaming.seeding import fresh_seed

    if rows < 0 or batch_size < 1 or workers < 1 or partition_rows < 1:
        raise ConfigError("--rows must be >= 0 and --batch-size, --workers, --partition-rows >= 1")
    manager = get_plugin_manager()
    generator_spec = manager.get(GeneratorSpec, method)
    conditions = parse_where(where)
    seed = fresh_seed() if seed is None else seed
    quiet = cli_state(ctx).quiet
    log = stderr_console()
    table = read_table(data)
    model = generator_spec.create().fit(table)
    start = time.perf_counter()
    if engine is None and workers == 1:
        written = _stream(model, generator_spec.name, rows, output, _sink_name(output, sink), seed, conditions,
                          batch_size, quiet)
    else:
        if sink not in {None, "parquet"}:
            raise ConfigError(f"--engine writes Parquet parts; --sink {sink} is not supported with it")
        executor = manager.get(ExecutorSpec, engine or "local").create(workers=workers)
        from genesis.executors.partitions import generate_partitioned

        with progress("partitions", quiet=quiet) as bar, executor:
            results = generate_partitioned(model, rows, output, seed=seed, executor=executor,
                                           partition_rows=partition_rows, batch_size=batch_size,
                                           conditions=conditions)
            bar.advance(len(results))
        written = sum(result.rows for result in results)
    elapsed = time.perf_counter() - start
    if not quiet:
        log.print(f"wrote {written:,} rows to {output} in {elapsed:.2f} s "
                  f"({written / max(elapsed, 1e-9):,.0f} rows/s, seed {seed})")


def _stream(model: object, method: str, rows: int, output: Path, sink_name: str, seed: int, conditions: object,
            batch_size: int, quiet: bool) -> int:
    from genesis.cli.progress import progress
    from genesis.plugins import SinkSpec, get_plugin_manager
    from genesis.streaming.batches import BatchIterator
    from genesis.streaming.run import new_run, run_into_sink

    spec = get_plugin_manager().get(SinkSpec, sink_name)
    sink = spec.create() if sink_name in {"stdout", "memory"} else spec.create(path=output)
    run = new_run(method, rows, seed, output=str(output), sink=spec.name)
    batches = BatchIterator(model, rows, batch_size, seed=seed, conditions=conditions)
    with progress("rows", total=rows, quiet=quiet) as bar:
        result = run_into_sink(run, batches, sink, on_batch=bar.advance)
    return result.total_rows

"""``genesis generate``: fit on a table and write synthetic rows to a sink, or in parallel partitions."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from genesis.cli.context import cli_state
from genesis.cli.sink_options import create_sink, parse_sink_options

if TYPE_CHECKING:
    from genesis.plugins.types import RunInfo

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
    method: str = typer.Option("gaussian-copula", "--method", help="Generator (see `genesis plugins list`)."),
    seed: int | None = typer.Option(None, "--seed", help="Seed; the same seed gives the same rows."),
    where: list[str] = typer.Option([], "--where", help="Condition, e.g. 'age>=50' (repeat for AND)."),
    sink: str | None = typer.Option(None, "--sink", help="Sink name; default from the output's extension."),
    sink_options: list[str] = typer.Option([], "--sink-option", "-O",
                                           help="KEY=VALUE option for the sink (repeat); VALUE is JSON or text."),
    batch_size: int = typer.Option(10_000, "--batch-size", help="Rows per batch."),
    engine: str | None = typer.Option(None, "--engine",
                                      help="Executor for partitions: local (threads), processes or dask."),
    workers: int = typer.Option(1, "--workers", help="Parallel workers for --engine."),
    partition_rows: int = typer.Option(1_000_000, "--partition-rows", help="Rows per Parquet part with --engine."),
    lineage: Path | None = typer.Option(None, "--lineage", help="Append the run's lineage to this chain file."),
    lineage_key: Path | None = typer.Option(None, "--lineage-key", help="Ed25519 private key (PEM) to sign it."),
) -> None:
    """Fit METHOD on DATA and write ROWS synthetic rows to OUTPUT."""
    import time

    from genesis.cli.console import stderr_console
    from genesis.cli.status import phase, table_shape
    from genesis.cli.where import parse_where
    from genesis.errors import ConfigError
    from genesis.io import read_table
    from genesis.plugins import ExecutorSpec, GeneratorSpec, get_plugin_manager
    from genesis.streaming.run import new_run
    from genesis.streaming.seeding import fresh_seed

    if rows < 0 or batch_size < 1 or workers < 1 or partition_rows < 1:
        raise ConfigError("--rows must be >= 0 and --batch-size, --workers, --partition-rows >= 1")
    manager = get_plugin_manager()
    generator_spec = manager.get(GeneratorSpec, method)
    conditions = parse_where(where)
    options = parse_sink_options(sink_options)
    if (engine is not None or workers > 1) and options:
        raise ConfigError("--sink-option applies to a streamed sink; --engine and --workers write Parquet parts")
    seed = fresh_seed() if seed is None else seed
    quiet = cli_state(ctx).quiet
    log = stderr_console()
    table = read_table(data)
    with phase(f"fitting {generator_spec.name} on {data.name} ({table_shape(*table.shape)})", "fitted", quiet=quiet):
        model = generator_spec.create().fit(table)
    start = time.perf_counter()
    with contextlib.ExitStack() as stack:
        if lineage is not None:
            from genesis.lineage import load_private_key, record_lineage

            key = load_private_key(lineage_key) if lineage_key is not None else None
            stack.enter_context(record_lineage(lineage, signing_key=key)).record_source(table, data.name)
        run = new_run(generator_spec.name, rows, seed, output=str(output), data=data.name,
                      conditions=conditions.to_dict() if conditions is not None else None)
        if engine is None and workers == 1:
            written = _stream(model, run, rows, output, _sink_name(output, sink), options, conditions, batch_size,
                              quiet)
        else:
            written = _partitions(model, run, manager.get(ExecutorSpec, engine or "local").create(workers=workers),
                                  sink, partition_rows, batch_size, quiet)
    elapsed = time.perf_counter() - start
    if not quiet:
        log.print(f"wrote {written:,} rows to {output} in {elapsed:.2f} s "
                  f"({written / max(elapsed, 1e-9):,.0f} rows/s, seed {seed})")


def _stream(model: Any, run: RunInfo, rows: int, output: Path, sink_name: str, options: dict[str, Any],
            conditions: Any, batch_size: int, quiet: bool) -> int:
    from genesis.cli.progress import progress
    from genesis.plugins import SinkSpec, get_plugin_manager
    from genesis.streaming.batches import BatchIterator
    from genesis.streaming.run import run_into_sink

    spec = get_plugin_manager().get(SinkSpec, sink_name)
    sink = create_sink(spec, options if sink_name in {"stdout", "memory"} else {"path": output, **options})
    batches = BatchIterator(model, rows, batch_size, seed=run.seed, conditions=conditions)
    with progress("rows", total=rows, quiet=quiet) as bar:
        return run_into_sink(run, batches, sink, on_batch=bar.advance).total_rows


def _partitions(model: Any, run: RunInfo, executor: Any, sink: str | None, partition_rows: int, batch_size: int,
                quiet: bool) -> int:
    from genesis.cli.progress import progress
    from genesis.errors import ConfigError
    from genesis.executors.partitions import generate_partitioned
    from genesis.generators.conditional import ConditionSet
    from genesis.streaming.run import observed_run

    if sink not in {None, "parquet"}:
        raise ConfigError(f"--engine writes Parquet parts; --sink {sink} is not supported with it")
    conditions = run.parameters.get("conditions")
    with observed_run(run) as observer, progress("partitions", quiet=quiet) as bar, executor:
        results = generate_partitioned(model, run.n_samples or 0, run.parameters["output"], seed=run.seed or 0,
                                       executor=executor, partition_rows=partition_rows, batch_size=batch_size,
                                       conditions=ConditionSet.from_dict(conditions) if conditions else None)
        for result in results:
            observer.batch(result.rows)
            bar.advance()
    return sum(result.rows for result in results)

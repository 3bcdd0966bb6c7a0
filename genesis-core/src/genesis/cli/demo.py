"""``genesis demo``: the end-to-end tour on the embedded Adult sample, no external service needed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from genesis.cli.console import stderr_console, stdout_console
from genesis.cli.context import cli_state

if TYPE_CHECKING:
    from rich.console import Console

    from genesis.demo import CsvTour

__all__ = ["app"]

app = typer.Typer(help="Run the end-to-end demo on the embedded UCI Adult sample.")


@app.command()
def demo(
    ctx: typer.Context,
    rows: int = typer.Option(5000, "--rows", help="Synthetic rows to generate."),
    seed: int = typer.Option(42, "--seed", help="Seed; the same seed gives the same output."),
    output: Path = typer.Option(Path("genesis-demo-output"), "--output", "-o", help="Folder for the results."),
    method: str = typer.Option("gaussian-copula", "--method", help="Generator to use (see `genesis plugins list`)."),
) -> None:
    """Fit, generate, condition and score synthetic data, then write everything to OUTPUT."""
    from rich.table import Table

    from genesis.demo import run_demo

    quiet = cli_state(ctx).quiet
    result = run_demo(rows=rows, seed=seed, output_dir=output, method=method,
                      on_step=lambda step: None if quiet else stderr_console().print(f"demo: {step}..."))
    console = stdout_console()
    console.print(f"[bold]Genesis demo[/] on the UCI Adult sample: {result.real_rows} rows x {result.columns} columns "
                  f"fitted, {result.holdout_rows} rows held out to score privacy")
    kinds = Table("column", "kind", title="Inferred schema")
    for name, kind in result.column_kinds.items():
        kinds.add_row(name, kind)
    console.print(kinds)
    rate = result.synthetic_rows / max(result.sample_seconds, 1e-9)
    console.print(f"fit [cyan]{result.generator}[/] in {result.fit_seconds:.2f} s; streamed {result.synthetic_rows} "
                  f"rows in {result.batches} batches to Parquet in {result.sample_seconds:.3f} s ({rate:,.0f} rows/s)")
    verdict = "all match" if result.conditioned_all_match else "[red]NOT all matching[/]"
    console.print(f"conditioned on age >= 50 and hours-per-week > 40: {result.conditioned_rows} rows, {verdict}")
    verdict = "byte-identical to 1 thread" if result.scaled_identical else "[red]DIFFERENT from 1 thread[/]"
    console.print(f"scaled out: {result.scaled_rows:,} rows in {result.scaled_parts} Parquet parts on 2 threads in "
                  f"{result.scaled_seconds:.3f} s, {verdict}")
    scores = Table("quality (0-1, higher is better)", "score", "note", title="Quality report")
    for name, value in result.scores.items():
        scores.add_row(name, "not scored" if value is None else f"{value:.3f}", result.reasons.get(name, ""))
    console.print(scores)
    verdict = "verified" if result.lineage_verified else "[red]FAILED verification[/]"
    console.print(f"lineage: {result.lineage_blocks} hash-linked blocks (the source, each run and its batches, "
                  f"a quality check), {verdict}")
    if result.csv is not None:
        _print_csv_tour(console, result.csv)
    for name, path in result.files.items():
        console.print(f"wrote {name}: {path}")
    _next_steps(console, output)


def _print_csv_tour(console: Console, tour: CsvTour) -> None:
    """What came of the CSV a user would hand in: the types read, and the checks a user makes on the output."""
    kinds = ", ".join(f"{name} {kind}" for name, kind in tour.column_kinds.items())
    console.print(f"a CSV as users hand one in: {tour.source} (dates written {tour.source_date}), {tour.real_rows:,} "
                  f"rows read as {kinds}")
    inside = "all inside" if tour.dates_inside else "[red]NOT all inside[/]"
    console.print(f"  wrote {tour.written_rows:,} synthetic days to CSV: dates {', '.join(tour.first_dates)} ..., "
                  f"{inside} {tour.date_range[0]} .. {tour.date_range[1]}")
    kept = "on every row" if tour.constraints_kept else "[red]BROKEN on some rows[/]"
    found = "; ".join(tour.constraints) or "none"
    console.print(f"  orderings found in the data and kept: {found} ({kept})")


def _how_to_run() -> str:
    """``genesis`` when it is on PATH (an activated venv), else the ``uv run`` form that finds it."""
    import shutil

    if shutil.which("genesis"):
        return "genesis"
    return "uv run genesis" if shutil.which("uv") else "python -m uv run genesis"


def _next_steps(console: Console, output: Path) -> None:
    """The three commands worth trying after the demo, spelled to run from here."""
    import contextlib
    import shlex

    from rich.markup import escape

    from genesis.datasets import adult_sample_path

    sample_path = adult_sample_path()
    with contextlib.suppress(ValueError):  # shorter from the repository root, where the README runs it
        sample_path = sample_path.relative_to(Path.cwd())
    genesis, sample = _how_to_run(), shlex.quote(str(sample_path))
    steps = [
        ("ask for rows in plain words, on the same sample", f"{genesis} chat"),
        ("look at the quality report in a browser",
         f"{genesis} dashboard {sample} {shlex.quote(str(output / 'synthetic.parquet'))} "
         f"--output {shlex.quote(str(output / 'quality.html'))}"),
        ("then your own table (CSV, Parquet or JSON Lines) in place of the sample",
         f"{genesis} generate {sample} -n 1000 -o synthetic.csv --where 'age>=50'"),
    ]
    console.print("\n[bold]Try next[/]:")
    for why, command in steps:
        console.print(f"  [cyan]{escape(command)}[/]\n      {why}", soft_wrap=True)

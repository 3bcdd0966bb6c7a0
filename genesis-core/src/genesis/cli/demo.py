"""``genesis demo``: the end-to-end tour on the embedded Adult sample, no external service needed."""

from __future__ import annotations

from pathlib import Path

import typer

from genesis.cli.console import stderr_console, stdout_console
from genesis.cli.context import cli_state

__all__ = ["app"]

app = typer.Typer(help="Run the end-to-end demo on the embedded UCI Adult sample.")


@app.command()
def demo(
    ctx: typer.Context,
    rows: int = typer.Option(5000, "--rows", help="Synthetic rows to generate."),
    seed: int = typer.Option(42, "--seed", help="Seed; the same seed gives the same output."),
    output: Path = typer.Option(Path("genesis-demo-output"), "--output", "-o", help="Folder for the results."),
    method: str = typer.Option("gaussian_copula", "--method", help="Generator to use (see `genesis plugins list`)."),
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
    for name, path in result.files.items():
        console.print(f"wrote {name}: {path}")

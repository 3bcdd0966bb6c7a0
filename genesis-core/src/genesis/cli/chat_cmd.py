"""``genesis chat``: an interactive natural-language session (reads piped standard input too)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["app"]

app = typer.Typer(help="Generate data by describing it in plain language.")


def _lines() -> Iterator[str]:
    """Prompted lines on a terminal, plain lines from a pipe; stops at end of input."""
    import sys

    if not sys.stdin.isatty():
        for line in sys.stdin:
            yield line.rstrip("\n")
        return
    from rich.prompt import Prompt

    from genesis.cli.console import stdout_console

    while True:
        try:
            yield Prompt.ask("[bold cyan]genesis[/]", console=stdout_console())
        except (EOFError, KeyboardInterrupt):
            return


@app.command()
def chat(
    ctx: typer.Context,
    data: Annotated[Path | None, typer.Option("--data", help="Training data (default: the demo Adult sample).")] = None,
    method: Annotated[str, typer.Option("--method", help="Generator (see `genesis plugins list`).")] = (
        "gaussian-copula"
    ),
    model: Annotated[str | None, typer.Option("--model", hidden=True, help="Former name of --method.")] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Seed; the same request gives the same rows.")] = None,
    parser: Annotated[str, typer.Option("--parser", help="Natural-language parser.")] = "rule-based",
    lineage: Annotated[Path | None, typer.Option("--lineage", help="Append each run's lineage to this chain file.")] = (
        None
    ),
) -> None:
    """Describe the rows you want; answer questions; preview; 'save out.csv'; 'exit' (or end of input) to stop."""
    from genesis.cli.chat_session import HELP, ChatSession
    from genesis.cli.console import stdout_console
    from genesis.cli.context import cli_state
    from genesis.cli.status import phase, table_shape
    from genesis.io import read_table
    from genesis.pipeline import Pipeline, fit
    from genesis.plugins import GeneratorSpec, NLParserSpec, get_plugin_manager
    from genesis.schema import infer_schema

    manager = get_plugin_manager()
    spec = manager.get(GeneratorSpec, model if model is not None else method)
    nl_parser = manager.get(NLParserSpec, parser).create()
    if data is None:
        from genesis.datasets import load_adult_sample

        table, source = load_adult_sample(), "the demo Adult sample"
    else:
        table, source = read_table(data), data.name
    with phase(f"fitting {spec.name} on {source} ({table_shape(*table.shape)})", "fitted",
               quiet=cli_state(ctx).quiet):
        fitted = fit(table, spec.name)
    console = stdout_console()
    console.print(HELP)
    with Pipeline(fitted, method=spec.name, lineage=lineage) as pipeline:
        schema = pipeline.schema if pipeline.schema is not None else infer_schema(table)
        ChatSession(pipeline, schema, nl_parser, console, seed=seed).run(_lines())

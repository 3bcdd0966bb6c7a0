"""``genesis plugins``: what is installed, and what is wrong with it."""

from __future__ import annotations

import json

import typer
from rich.markup import escape

from genesis.cli.console import stdout_console

__all__ = ["app"]

app = typer.Typer(help="List and diagnose Genesis plugins.", no_args_is_help=True)

_STATUS_STYLE = {"active": "green", "disabled": "yellow", "broken": "red"}


@app.command("list")
def list_plugins(as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table.")) -> None:
    """Every plugin: name, distribution, version, hooks and status (active, disabled or broken)."""
    from genesis.plugins.listing import describe_plugins
    from genesis.plugins.manager import get_plugin_manager

    rows = describe_plugins(get_plugin_manager())
    if as_json:
        typer.echo(json.dumps([row.to_dict() for row in rows], indent=2))
        return
    from rich.table import Table

    table = Table("name", "distribution", "version", "hooks", "status")
    for row in rows:
        status = f"[{_STATUS_STYLE.get(row.status, '')}]{row.status}[/]"
        cells = (row.name, row.distribution or "?", row.version or "?", "\n".join(row.hooks) or "-")
        table.add_row(*(escape(cell) for cell in cells), status)
    console = stdout_console()
    console.print(table)
    for row in rows:
        if row.error:
            style = _STATUS_STYLE.get(row.status, "")
            console.print(f"[{style}]{escape(row.name)}:[/] {escape(row.error)}", soft_wrap=True)

@app.command("doctor")
def doctor() -> None:
    """Report load errors, unmet requirements and name conflicts; exit 1 when there is any."""
    from genesis.plugins.listing import diagnose
    from genesis.plugins.manager import get_plugin_manager

    problems = diagnose(get_plugin_manager())
    console = stdout_console()
    total = sum(len(found) for found in problems.values())
    for category, found in problems.items():
        for problem in found:
            console.print(f"[red]{category.replace('_', ' ')}:[/] {escape(problem)}", soft_wrap=True)
    if total:
        raise typer.Exit(1)
    console.print("[green]no problems found[/]")

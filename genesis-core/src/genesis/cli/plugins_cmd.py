"""``genesis plugins``: what is installed, and what is wrong with it."""

from __future__ import annotations

import json

import typer
from rich.markup import escape

from genesis.cli.console import stdout_console

__all__ = ["app"]

app = typer.Typer(help="List and diagnose Genesis plugins.", no_args_is_help=True)

_STATUS_STYLE = {"active": "green", "disabled": "yellow", "broken": "red"}

#: Heading of each kind in the listing, with the option that takes its names where the CLI has one.
_KINDS = {
    "generator": "Generators (--method)",
    "sampler": "Samplers",
    "sink": "Sinks (--sink)",
    "reporter": "Reporters",
    "executor": "Executors (--engine)",
    "nl-parser": "Parsers (--parser)",
    "aggregator": "Aggregators",
}


@app.command("list")
def list_plugins(as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables.")) -> None:
    """Every component by kind (the names --method, --sink, --engine and --parser take), then every plugin."""
    from genesis.plugins.listing import describe_components, describe_plugins
    from genesis.plugins.manager import get_plugin_manager

    manager = get_plugin_manager()
    components, plugins = describe_components(manager), describe_plugins(manager)
    if as_json:
        typer.echo(json.dumps({"components": [row.to_dict() for row in components],
                               "plugins": [row.to_dict() for row in plugins]}, indent=2))
        return
    from rich.table import Table

    console = stdout_console()
    for kind, title in _KINDS.items():
        rows = [row for row in components if row.kind == kind]
        if not rows:
            continue
        table = Table("name", "summary", "distribution", title=title, title_justify="left",
                      title_style="bold")
        for row in rows:
            provider = row.distribution or row.plugin
            if row.also_provided_by:
                provider += f" [red](clash: {escape(', '.join(row.also_provided_by))})[/]"
            table.add_row(f"[cyan]{escape(row.name)}[/]", escape(row.summary), provider)
        console.print(table)
    table = Table("name", "distribution", "version", "hooks", "status", title="Plugins", title_justify="left",
                  title_style="bold")
    for plugin in plugins:
        status = f"[{_STATUS_STYLE.get(plugin.status, '')}]{plugin.status}[/]"
        cells = (plugin.name, plugin.distribution or "?", plugin.version or "?", "\n".join(plugin.hooks) or "-")
        table.add_row(*(escape(cell) for cell in cells), status)
    console.print(table)
    for plugin in plugins:
        if plugin.error:
            style = _STATUS_STYLE.get(plugin.status, "")
            console.print(f"[{style}]{escape(plugin.name)}:[/] {escape(plugin.error)}", soft_wrap=True)


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

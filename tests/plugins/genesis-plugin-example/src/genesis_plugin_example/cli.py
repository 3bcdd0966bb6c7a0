"""The ``genesis example`` command."""

from __future__ import annotations

import typer

__all__ = ["app"]

app = typer.Typer(help="Commands of the example plugin.", no_args_is_help=True)


@app.command()
def hello(name: str = typer.Argument("world", help="Who to greet.")) -> None:
    """Print a greeting (shows that plugin commands are discovered)."""
    typer.echo(f"hello {name} from genesis-plugin-example")


@app.command()
def generators() -> None:
    """List the generators Genesis knows, one per line."""
    from genesis.plugins import GeneratorSpec, get_plugin_manager

    for name in sorted(get_plugin_manager().specs(GeneratorSpec)):
        typer.echo(name)

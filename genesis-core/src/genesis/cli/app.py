"""The root ``genesis`` command and the process entry point.

A :class:`~genesis.errors.GenesisError` ends the command with one red line on stderr and exit code 1;
``--debug`` shows the traceback instead. Ctrl-C and SIGTERM end it with one line too (exit 130 / 143). The line
names every output the command gave up, whose previous content is kept (:mod:`genesis.atomic`).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence

import typer
from typer._click import ClickException

from genesis import __version__
from genesis.cli.context import CliState
from genesis.cli.conventions import apply_conventions
from genesis.cli.interrupts import Terminated, exit_code_for, interrupted_by_sigint, terminate_by_exception
from genesis.cli.lazy_group import LazyCommandGroup
from genesis.errors import GenesisError

__all__ = ["app", "main"]

app = typer.Typer(
    name="genesis",
    cls=LazyCommandGroup,
    help="Genesis: privacy-aware synthetic tabular data.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"genesis {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True, help="Print the version."),
    no_plugins: bool = typer.Option(False, "--no-plugins", help="Load built-in components only."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress output."),
) -> None:
    """Genesis: privacy-aware synthetic tabular data."""
    if no_plugins:
        os.environ["GENESIS_DISABLE_PLUGIN_AUTOLOAD"] = "1"
        from genesis.plugins.manager import reset_plugin_manager

        reset_plugin_manager()
    ctx.obj = CliState(debug=debug, quiet=quiet)


def _outputs_note() -> str:
    from genesis.atomic import take_discarded

    notes = [f"{path} left as it was" if path.exists() else f"no {path} written" for path in take_discarded()]
    return f" ({'; '.join(notes)})" if notes else ""


def _fail(message: str, code: int = 1) -> int:
    from rich.markup import escape

    from genesis.cli.console import stderr_console

    stderr_console().print(f"[bold red]error:[/] {escape(message + _outputs_note())}", highlight=False,
                           soft_wrap=True)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return the exit code (the ``genesis`` console script)."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or os.environ.get("GENESIS_DEBUG") == "1"
    logging.basicConfig(level=logging.WARNING, format="warning: %(message)s")
    command = apply_conventions(typer.main.get_command(app), root=True)
    if (atomic := sys.modules.get("genesis.atomic")) is not None:  # a fresh command names only its own outputs
        atomic.take_discarded()
    try:
        with terminate_by_exception():
            result = command.main(args=args, prog_name="genesis", standalone_mode=False)
    except GenesisError as error:
        if debug:
            raise
        return _fail(str(error))
    except Terminated as interruption:
        return _fail("interrupted by SIGTERM", exit_code_for(interruption))
    except typer.Exit as done:
        return int(done.exit_code or 0)
    except ClickException as problem:
        problem.show()
        return problem.exit_code
    except typer.Abort:
        typer.echo("Aborted.", err=True)
        return 1
    if result == 130 and interrupted_by_sigint():  # typer turned the KeyboardInterrupt into a silent return of 130
        return _fail("interrupted by Ctrl-C (SIGINT)", exit_code_for(KeyboardInterrupt()))
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    raise SystemExit(main())

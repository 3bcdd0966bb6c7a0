"""A Typer group that lists commands without importing them.

Built-in commands and the ``genesis.cli`` entry points are named up front; a command's module is
imported only when it runs or when help renders. A plugin command that fails to load becomes a
one-line warning and a stub that explains the failure, so one broken plugin never breaks ``genesis``.
"""

from __future__ import annotations

import importlib
import logging
import os
from importlib.metadata import EntryPoint, entry_points

import typer
from typer import _click as click
from typer.core import TyperCommand, TyperGroup

__all__ = ["BUILTIN_COMMANDS", "CLI_ENTRY_POINT_GROUP", "PLUGIN_PANEL", "LazyCommandGroup"]

CLI_ENTRY_POINT_GROUP = "genesis.cli"
PLUGIN_PANEL = "Plugin commands"
logger = logging.getLogger("genesis.cli")

#: Core's commands: name -> "module:attribute" (a Typer app or a click command).
BUILTIN_COMMANDS: dict[str, str] = {
    "demo": "genesis.cli.demo:app",
    "generate": "genesis.cli.generate:app",
    "plugins": "genesis.cli.plugins_cmd:app",
}


def _as_click(target: object, name: str) -> click.Command:
    if isinstance(target, typer.Typer):
        command = typer.main.get_command(target)
    elif isinstance(target, click.Command):
        command = target
    else:
        raise TypeError(f"expected a Typer app or a command, got {type(target).__name__}")
    command.name = name
    return command


def _import_target(spec: str) -> object:
    module_name, _, attribute = spec.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


def _broken_command(name: str, error: Exception) -> click.Command:
    message = f"plugin command '{name}' failed to load: {type(error).__name__}: {error}"

    def explain() -> None:
        raise click.ClickException(message)

    return TyperCommand(name, callback=explain, help=f"[broken] {message}", short_help="[broken] failed to load")


def plugin_command_entry_points() -> dict[str, EntryPoint]:
    """The ``genesis.cli`` entry points, unless plugin autoloading is switched off or blocked."""
    if os.environ.get("GENESIS_DISABLE_PLUGIN_AUTOLOAD", "").strip().lower() in {"1", "true", "yes", "on"}:
        return {}
    blocked = {part.strip() for part in os.environ.get("GENESIS_DISABLE_PLUGINS", "").split(",") if part.strip()}
    if "*" in blocked:
        return {}
    found: dict[str, EntryPoint] = {}
    for ep in entry_points(group=CLI_ENTRY_POINT_GROUP):
        if ep.name not in blocked and ep.name not in BUILTIN_COMMANDS:
            found.setdefault(ep.name, ep)
    return found


class LazyCommandGroup(TyperGroup):
    """Root group: eager commands first, then built-in lazy commands, then plugin commands.

    Its help is plain text with a separate "Plugin commands" section: rendering it through Rich would cost
    more than the whole start-up budget.
    """

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        sections: dict[str, list[tuple[str, str]]] = {"Commands": [], PLUGIN_PANEL: []}
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                panel = getattr(command, "rich_help_panel", None) or "Commands"
                sections.setdefault(panel, []).append((name, command.get_short_help_str(limit=70)))
        for title, rows in sections.items():
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)

    def list_commands(self, ctx: click.Context) -> list[str]:
        eager = super().list_commands(ctx)
        lazy = [name for name in BUILTIN_COMMANDS if name not in eager]
        plugins = sorted(name for name in plugin_command_entry_points() if name not in eager)
        return [*eager, *lazy, *plugins]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            return command
        if cmd_name in BUILTIN_COMMANDS:
            command = _as_click(_import_target(BUILTIN_COMMANDS[cmd_name]), cmd_name)
        else:
            ep = plugin_command_entry_points().get(cmd_name)
            if ep is None:
                return None
            try:
                command = _as_click(ep.load(), cmd_name)
            except Exception as exc:
                logger.warning("plugin command '%s' failed to load: %s: %s", cmd_name, type(exc).__name__, exc)
                command = _broken_command(cmd_name, exc)
            command.rich_help_panel = PLUGIN_PANEL  # type: ignore[attr-defined]
        self.commands[cmd_name] = command
        return command

"""Typer groups that list commands without importing them.

Built-in commands and the entry points of a command group are named up front; a command's module is
imported only when it runs or when its own help renders (the root help lists built-ins from their written-down
summaries, which a test keeps equal to each command's own). A plugin command that fails to load becomes a one-line
warning and a stub that explains the failure, so one broken plugin never breaks ``genesis``. First-party
commands whose sibling distribution is missing still answer, with the install command.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import logging
import os
from collections.abc import Mapping
from importlib.metadata import EntryPoint, entry_points
from typing import Any, ClassVar

import typer
from typer import _click as click
from typer.core import TyperCommand, TyperGroup

from genesis.cli.conventions import apply_conventions
from genesis.errors import ConfigError, MissingExtraError

__all__ = ["BUILTIN_COMMANDS", "BUILTIN_SUMMARIES", "CLI_ENTRY_POINT_GROUP", "PLUGIN_PANEL", "LazyCommandGroup"]

CLI_ENTRY_POINT_GROUP = "genesis.cli"
PLUGIN_PANEL = "Plugin commands"
_NO_LIMIT = 10_000  # characters: command summaries are never cut short
logger = logging.getLogger("genesis.cli")

#: Core's commands: name -> "module:attribute" (a Typer app or a click command).
BUILTIN_COMMANDS: dict[str, str] = {
    "chat": "genesis.cli.chat_cmd:app",
    "demo": "genesis.cli.demo:app",
    "discover": "genesis.cli.discover_cmd:app",
    "generate": "genesis.cli.generate:app",
    "lineage": "genesis.cli.lineage_cmd:app",
    "plugins": "genesis.cli.plugins_cmd:app",
    "serve": "genesis.cli.serve_cmd:app",
    "stream": "genesis.cli.stream_cmd:app",
}

#: Core's commands: name -> the summary their help starts with, so ``genesis --help`` imports none of them
#: (about 60 ms). tests/core/test_cli_help.py checks each against the command's own short help.
BUILTIN_SUMMARIES: dict[str, str] = {
    "chat": "Describe the rows you want; answer questions; preview; 'save out.csv'; 'exit' (or end of input) to "
            "stop.",
    "demo": "Fit, generate, condition and score synthetic data, then write everything to OUTPUT.",
    "discover": "Infer kinds, dtypes, nullability, bounds, categories, candidate keys and PII-looking columns of "
                "DATA_PATH.",
    "generate": "Fit METHOD on DATA and write ROWS synthetic rows to OUTPUT.",
    "lineage": "Verify lineage chains and proof bundles; make keys and proofs.",
    "plugins": "List and diagnose Genesis plugins.",
    "serve": "Serve /v1/generate/natural-language, /v1/generate/natural-language/clarify, /v1/generate, "
             "/v1/datasets.",
    "stream": "Stream synthetic rows to Kafka or WebSocket clients.",
}


def _as_click(target: object, name: str) -> click.Command:
    if isinstance(target, typer.Typer):
        command = typer.main.get_command(target)
    elif isinstance(target, click.Command):
        command = target
    else:
        raise TypeError(f"expected a Typer app or a command, got {type(target).__name__}")
    command.name = name
    return apply_conventions(command)


def _import_target(spec: str) -> object:
    module_name, _, attribute = spec.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


def _stub(name: str, short_help: str, error: Exception) -> click.Command:
    """A command that accepts any arguments and fails with ``error``."""

    def explain() -> None:
        raise error

    return TyperCommand(name, callback=explain, help=f"{short_help}: {error}", short_help=short_help,
                        context_settings={"ignore_unknown_options": True, "allow_extra_args": True})


def _autoload_allowed() -> bool:
    return os.environ.get("GENESIS_DISABLE_PLUGIN_AUTOLOAD", "").strip().lower() not in {"1", "true", "yes", "on"}


def _blocked() -> set[str]:
    return {part.strip() for part in os.environ.get("GENESIS_DISABLE_PLUGINS", "").split(",") if part.strip()}


def command_entry_points(group: str, reserved: Mapping[str, str]) -> dict[str, EntryPoint]:
    """The entry points of ``group`` not reserved by core, unless autoloading is off or they are blocked."""
    if not _autoload_allowed():
        return {}
    blocked = _blocked()
    if "*" in blocked:
        return {}
    found: dict[str, EntryPoint] = {}
    for ep in entry_points(group=group):
        if ep.name not in blocked and ep.name not in reserved:
            found.setdefault(ep.name, ep)
    return found


class LazyCommandGroup(TyperGroup):
    """Eager commands first, then built-in lazy commands, then entry-point commands.

    ``first_party`` maps command names provided by sibling distributions to their extra. Help shows Rich panels
    with a separate "Plugin commands" section, through a renderer light enough for the start-up budget.
    """

    entry_point_group: ClassVar[str] = CLI_ENTRY_POINT_GROUP
    builtin: ClassVar[Mapping[str, str]] = BUILTIN_COMMANDS
    summaries: ClassVar[Mapping[str, str]] = BUILTIN_SUMMARIES
    first_party: ClassVar[Mapping[str, str]] = {"dashboard": "dashboard"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._scanned: dict[tuple[bool, frozenset[str]], dict[str, EntryPoint]] = {}

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Rich panels like every subcommand's help, rendered by the light :mod:`genesis.cli.help_panels`."""
        from genesis.cli.help_panels import render_help

        options = [record for param in self.get_params(ctx) if (record := param.get_help_record(ctx)) is not None]
        description = inspect.cleandoc(self.help or "").split("\n\n")[0].replace("\n", " ")
        usage = " ".join([ctx.command_path, *self.collect_usage_pieces(ctx)])
        formatter.write(render_help(usage=usage, description=description,
                                    panels=[("Options", options), *self.command_sections(ctx).items()]))

    def command_sections(self, ctx: click.Context) -> dict[str, list[tuple[str, str]]]:
        """Visible commands by help panel ("Commands", then "Plugin commands"), each with its whole summary.

        A built-in command not loaded yet is listed from :data:`BUILTIN_SUMMARIES`; the others are loaded.
        """
        sections: dict[str, list[tuple[str, str]]] = {"Commands": [], PLUGIN_PANEL: []}
        for name in self.list_commands(ctx):
            if name in self.builtin and name in self.summaries and name not in self.commands:
                sections["Commands"].append((name, self.summaries[name]))
                continue
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                panel = getattr(command, "rich_help_panel", None) or "Commands"
                sections.setdefault(panel, []).append((name, command.get_short_help_str(limit=_NO_LIMIT)))
        return sections

    def _plugins(self) -> dict[str, EntryPoint]:
        # Scanning installed distributions costs ~20 ms; once per switch setting is enough for one command line.
        key = (_autoload_allowed(), frozenset(_blocked()))
        if key not in self._scanned:
            self._scanned[key] = command_entry_points(self.entry_point_group, self.builtin)
        return self._scanned[key]

    def list_commands(self, ctx: click.Context) -> list[str]:
        eager = super().list_commands(ctx)
        named = [*eager, *(name for name in self.builtin if name not in eager)]
        extra = set(self._plugins()) | set(self.first_party)
        return [*named, *sorted(name for name in extra if name not in named)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            return command
        if cmd_name in self.builtin:
            command = _as_click(_import_target(self.builtin[cmd_name]), cmd_name)
        elif (ep := self._plugins().get(cmd_name)) is not None:
            command = self._load(cmd_name, ep)
        elif cmd_name in self.first_party:
            command = self._absent_first_party(cmd_name)
        else:
            return None
        self.commands[cmd_name] = command
        return command

    def _load(self, name: str, ep: EntryPoint) -> click.Command:
        try:
            command = _as_click(ep.load(), name)
        except Exception as exc:
            logger.warning("plugin command '%s' failed to load: %s: %s", name, type(exc).__name__, exc)
            message = f"plugin command '{name}' failed to load: {type(exc).__name__}: {exc}"
            command = _stub(name, "[broken] failed to load", click.ClickException(message))
        if name not in self.first_party:
            command.rich_help_panel = PLUGIN_PANEL  # type: ignore[attr-defined]
        return command

    def _absent_first_party(self, name: str) -> click.Command:
        extra = self.first_party[name]
        if importlib.util.find_spec(f"genesis_{extra}") is None:
            where = " ".join(part for part in ("genesis", self.entry_point_group[len(CLI_ENTRY_POINT_GROUP) + 1:], name)
                             if part)
            missing = MissingExtraError(where, extra)
            return _stub(name, f"needs {missing.install_command}", missing)
        if not _autoload_allowed() or extra in _blocked():
            reason = "plugin commands are disabled (--no-plugins or GENESIS_DISABLE_PLUGINS)"
        else:
            reason = f"the installed genesis-{extra} does not provide it"
        return _stub(name, "unavailable", ConfigError(f"'{name}' is unavailable: {reason}"))

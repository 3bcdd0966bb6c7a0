"""One set of help conventions for every ``genesis`` command, core's and plugins' alike.

Applied to each command as it is built (:func:`apply_conventions`):

* metavars in the usual CLI spelling: ``INTEGER``, ``FLOAT``, ``TEXT``, ``PATH``, choices as ``[a|b]``; flags show
  none; arguments read ``DATA`` in the usage line and in errors;
* the shell-completion options only on the root command, where they belong.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import get_args, get_origin

from typer import _click as click
from typer.core import TyperArgument, TyperGroup, TyperOption

__all__ = ["COMPLETION_OPTIONS", "apply_conventions", "standard_metavar"]

#: Typer's shell-completion options (parameter names); kept on the root command only.
COMPLETION_OPTIONS = frozenset({"install_completion", "show_completion"})

_NAMES: dict[type, str] = {int: "INTEGER", float: "FLOAT", str: "TEXT", bool: "BOOLEAN", Path: "PATH",
                           datetime: "DATETIME"}


def standard_metavar(param: TyperOption | TyperArgument) -> str:
    """The conventional metavar for ``param``'s type, e.g. ``INTEGER`` for ``int`` and ``PATH`` for a path."""
    descriptor = param.type_descriptor
    if descriptor.is_choice and descriptor.choices:
        return "[" + "|".join(str(getattr(choice, "value", choice)) for choice in descriptor.choices) + "]"
    if descriptor.is_path or descriptor.is_file:
        return "PATH"
    annotation = descriptor.annotation
    if get_origin(annotation) in (list, tuple):
        annotation = next(iter(get_args(annotation)), str)
    if isinstance(annotation, type):
        for kind, name in _NAMES.items():
            if issubclass(annotation, kind):
                return name
        return annotation.__name__.upper()
    return "TEXT"


class StandardOption(TyperOption):
    """A Typer option whose help shows a conventional metavar, and none for flags."""

    def display_type_rich(self, ctx: click.Context) -> str | None:
        if self.metavar is not None:
            return self.metavar
        if self.is_flag or self.count:
            return None
        return standard_metavar(self) + ("..." if self.nargs != 1 else "")


class StandardArgument(TyperArgument):
    """A Typer argument named in capitals (``DATA``) with a conventional metavar for its type."""

    @property
    def display_name_raw(self) -> str:
        return self.metavar if self.metavar is not None else (self.name or "").upper()

    def display_type_rich(self, ctx: click.Context) -> str | None:
        return standard_metavar(self)

    def _usage_display_name(self) -> str:
        name = self.display_name_raw if self.required else f"[{self.display_name_raw}]"
        return name + ("..." if self.nargs != 1 else "")


def _standardise(param: click.Parameter) -> None:
    # Typer builds its own parameter classes; these subclasses only change how help names them.
    if type(param) is TyperOption:
        param.__class__ = StandardOption
    elif type(param) is TyperArgument:
        param.__class__ = StandardArgument


def apply_conventions(command: click.Command, *, root: bool = False) -> click.Command:
    """Give ``command`` and its subcommands the conventions above; returns ``command``."""
    if not root:
        command.params = [param for param in command.params if param.name not in COMPLETION_OPTIONS]
    help_option = command.get_help_option(click.Context(command, info_name=command.name))  # built once, cached
    for param in [*command.params, *([help_option] if help_option is not None else [])]:
        _standardise(param)
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            apply_conventions(sub)
    return command

"""Options of the root command that every subcommand can read from ``ctx.obj``."""

from __future__ import annotations

from dataclasses import dataclass

import typer

__all__ = ["CliState", "cli_state"]


@dataclass
class CliState:
    """Global CLI switches."""

    debug: bool = False
    quiet: bool = False


def cli_state(ctx: typer.Context) -> CliState:
    """The root command's state, or defaults when a subcommand runs on its own (tests)."""
    root = ctx.find_root().obj
    return root if isinstance(root, CliState) else CliState()

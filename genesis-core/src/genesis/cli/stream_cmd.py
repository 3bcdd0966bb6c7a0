"""``genesis stream``: streaming commands from the sibling distributions (``genesis.cli.stream`` entry points)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import typer

from genesis.cli.lazy_group import LazyCommandGroup

__all__ = ["StreamCommandGroup", "app"]


class StreamCommandGroup(LazyCommandGroup):
    """Subcommands ``kafka`` and ``websocket`` come from genesis-kafka and genesis-websocket."""

    entry_point_group: ClassVar[str] = "genesis.cli.stream"
    builtin: ClassVar[Mapping[str, str]] = {}
    first_party: ClassVar[Mapping[str, str]] = {"kafka": "kafka", "websocket": "websocket"}


app = typer.Typer(cls=StreamCommandGroup, no_args_is_help=True, rich_markup_mode=None, add_completion=False)


@app.callback()
def stream() -> None:
    """Stream synthetic rows to Kafka or WebSocket clients."""

"""Help for command groups in Rich panels, the look of every subcommand's help, for a fraction of the import cost.

Typer's own Rich help imports Markdown and syntax highlighting (about 160 ms), too much for ``genesis --help``
and its 300 ms budget. This renderer imports only Rich's console, panel and table, and only when help is asked
for. Nothing is truncated: long descriptions wrap inside their panel.
"""

from __future__ import annotations

import io
import shutil
import sys
from collections.abc import Sequence

__all__ = ["HelpRow", "render_help"]

#: One row of a panel: the option or command as typed, and what it does.
HelpRow = tuple[str, str]


def render_help(*, usage: str, description: str, panels: Sequence[tuple[str, Sequence[HelpRow]]],
                width: int | None = None, color: bool | None = None) -> str:
    """The help screen as text: usage line, description, then one bordered panel per non-empty section.

    ``width`` defaults to the terminal's (``COLUMNS`` honoured); ``color`` to whether stdout is a terminal.
    """
    from rich import box
    from rich.console import Console, Group
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    buffer = io.StringIO()
    colored = sys.stdout.isatty() if color is None else color
    console = Console(file=buffer, width=width or shutil.get_terminal_size().columns, force_terminal=colored,
                      no_color=not colored, highlight=False, soft_wrap=False)
    parts: list[object] = [
        Padding(Text.assemble(("Usage: ", "yellow"), (usage, "bold")), (1, 0, 0, 1), expand=False),
        Padding(Text(description), (1, 0, 1, 1), expand=False) if description else Text(""),
    ]
    for title, rows in panels:
        if not rows:
            continue
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column(ratio=1, overflow="fold")
        for name, text in rows:
            table.add_row(name, text)
        parts.append(Panel(table, title=title, title_align="left", border_style="dim", box=box.ROUNDED))
    console.print(Group(*parts))  # type: ignore[arg-type]  # every part is a Rich renderable
    return buffer.getvalue().rstrip("\n")

"""The conversation behind ``genesis chat``: parse, show, ask, generate, preview, save.

Lines come from a terminal prompt or from piped standard input alike, so sessions can be scripted:
``printf '500 women over 40\\nsave out.csv\\nexit\\n' | genesis chat --data people.csv``.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from genesis.cli.chat_state import ConversationState
from genesis.errors import GenesisError, ValidationError
from genesis.nl import Interpretation
from genesis.pipeline import GenerationRequest, Pipeline
from genesis.protocols import NLParser, Sink
from genesis.schema import Schema

__all__ = ["HELP", "ChatSession", "write_frame"]

HELP = (
    "Describe the rows you want, e.g. '500 customers over 40 in Texas'. Answer questions by typing an option "
    "or more detail. Commands: 'save PATH' (.csv, .parquet, .jsonl), 'show', 'help', 'exit'."
)
_EXIT = frozenset({"exit", "quit", "q", ":q", "bye"})


def write_frame(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` to ``path`` with the registered sink its suffix names (csv, parquet, jsonl)."""
    from genesis.plugins import SinkSpec, get_plugin_manager
    from genesis.sinks.naming import sink_name_for

    if str(path) == "-":
        raise ValidationError("save needs a file name, e.g. 'save out.csv'")
    sink = get_plugin_manager().get(SinkSpec, sink_name_for(path)).create(path=path)
    if not isinstance(sink, Sink):
        raise ValidationError(f"the sink for {path.suffix} writes asynchronously; save to .csv, .parquet or .jsonl")
    with sink:
        sink.write(frame)


class ChatSession:
    """One conversation over a fitted model (behind its run pipeline) whose data has ``schema``."""

    def __init__(self, pipeline: Pipeline, schema: Schema, parser: NLParser, console: Console, *,
                 seed: int | None = None, preview_rows: int = 5, max_rows: int = 1_000_000) -> None:
        self.pipeline = pipeline
        self.schema = schema
        self.parser = parser
        self.console = console
        self.seed = seed
        self.preview_rows = preview_rows
        self.max_rows = max_rows
        self.state = ConversationState(schema, parser)
        self.last: pd.DataFrame | None = None

    @property
    def pending(self) -> Interpretation | None:
        """The request still being built (open questions or no count), if any."""
        return self.state.pending

    def run(self, lines: Iterable[str]) -> None:
        """Handle ``lines`` until one says exit or they run out."""
        for line in lines:
            if not self.handle(line):
                return

    def handle(self, line: str) -> bool:
        """Act on one line; False means the session is over."""
        text = line.strip()
        if not text:
            return True
        word = text.split()[0].lower()
        if text.lower() in _EXIT:
            return False
        try:
            if word == "help":
                self.console.print(HELP)
            elif word == "save" and len(text.split()) > 1:
                self._save(text)
            elif word == "show":
                self._preview()
            else:
                self._request(text)
        except GenesisError as error:
            self.console.print(f"[red]error:[/] {escape(str(error))}")
        return True

    def _request(self, text: str) -> None:
        had_pending = self.pending is not None
        turn = self.state.step(text)
        interpretation = turn.interpretation
        if had_pending:
            self.console.print("[dim]new request[/]" if turn.new_request else "[dim]answer added to the request[/]")
        self._show(interpretation)
        if not turn.complete:
            for question in interpretation.questions:
                options = f" [dim](options: {escape(', '.join(question.options))})[/]" if question.options else ""
                self.console.print(f"[bold yellow]?[/] {escape(question.question)}{options}")
            self.console.print("[dim]answer the question, add conditions, 'none' for no more conditions, or type "
                               "a new request[/]")
            return
        self._generate(interpretation)

    def _show(self, interpretation: Interpretation) -> None:
        table = Table("understood", "as", title="Request so far", title_justify="left")
        table.add_row("rows", "?" if interpretation.n_samples is None else f"{interpretation.n_samples:,}")
        for condition in interpretation.conditions:
            table.add_row("condition", escape(str(condition)))
        if interpretation.ignored:
            table.add_row("ignored", escape(", ".join(interpretation.ignored)))
        if interpretation.questions:
            table.add_row("open", f"{len(interpretation.questions)} question(s)")
        table.add_row("confidence", f"{interpretation.confidence:.2f}")
        self.console.print(table)

    def _generate(self, interpretation: Interpretation) -> None:
        n = interpretation.n_samples or 0
        if n > self.max_rows:
            raise ValidationError(f"{n:,} rows is more than the chat's limit of {self.max_rows:,}")
        conditions = interpretation.conditions if len(interpretation.conditions) else None
        self.last, report = self.pipeline.frame(GenerationRequest(n, self.seed, conditions), surface="chat")
        self.console.print(f"generated {len(self.last):,} rows (seed {report.seed}); type 'save out.csv' to keep them")
        self._preview()

    def _preview(self) -> None:
        if self.last is None:
            raise ValidationError("nothing generated yet: describe the rows you want first")
        table = Table(*(escape(str(c)) for c in self.last.columns), title=f"First {self.preview_rows} rows",
                      title_justify="left")
        for row in self.last.head(self.preview_rows).itertuples(index=False):
            table.add_row(*(escape(str(value)) for value in row))
        self.console.print(table)

    def _save(self, text: str) -> None:
        if self.last is None:
            raise ValidationError("nothing to save yet: describe the rows you want first")
        path = Path(shlex.split(text)[1]).expanduser()
        write_frame(self.last, path)
        self.console.print(f"saved {len(self.last):,} rows to {escape(str(path))}")

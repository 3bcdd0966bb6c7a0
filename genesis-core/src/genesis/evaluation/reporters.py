"""Reporters that render a :class:`~genesis.evaluation.QualityReport`: a console table and JSON.

Both satisfy the ``Reporter`` protocol (``render(report) -> artifact``). Rich is imported only when the
console reporter renders, so importing this module stays cheap.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from genesis.errors import ValidationError
from genesis.evaluation.report import QualityReport

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

__all__ = ["NOT_SCORED", "ConsoleReporter", "JsonReporter"]


def _require_report(report: object) -> QualityReport:
    if not isinstance(report, QualityReport):
        raise ValidationError(f"a reporter renders a QualityReport, got {type(report).__name__}")
    return report


#: How a score that was not computed is shown: never as a number.
NOT_SCORED = "not scored"


def _format(score: float | None) -> str:
    return NOT_SCORED if score is None else f"{score:.3f}"


class ConsoleReporter:
    """Print the report as Rich tables: the metric scores, then (optionally) one row per column.

    Output goes to ``console`` when given, else to a new console on stderr, keeping stdout for data.
    """

    def __init__(self, console: Console | None = None, *, show_columns: bool = True) -> None:
        self.console = console
        self.show_columns = show_columns

    def render(self, report: object) -> list[Table]:
        """Print the tables and return them."""
        from rich.console import Console
        from rich.table import Table

        report = _require_report(report)
        console = self.console if self.console is not None else Console(stderr=True)
        summary = Table(title="Synthetic data quality (0-1, higher is better)")
        for heading in ("metric", "score", "note"):
            summary.add_column(heading, justify="right" if heading == "score" else "left")
        skipped = [name for name, metric in report.metrics.items() if metric.score is None]
        note = "mean of the scored metrics" + (f" (not scored: {', '.join(skipped)})" if skipped else "")
        summary.add_row("overall", _format(report.overall), note, style="bold")
        summary.add_row("fidelity", _format(report.fidelity), "mean of column shapes and pair trends")
        for name, metric in report.metrics.items():
            summary.add_row(name, _format(metric.score), metric.reason or "")
        tables = [summary]
        if self.show_columns:
            columns = Table(title="Columns")
            for heading in ("column", "kind", "shape", "null rate real / synthetic", "coverage", "note"):
                columns.add_column(heading)
            for detail in report.columns:
                nulls = f"{detail.null_rate_real:.3f} / {detail.null_rate_synthetic:.3f}"
                columns.add_row(
                    detail.column, detail.kind, _format(detail.shape), nulls, _format(detail.coverage),
                    detail.reason or "",
                )  # fmt: skip
            tables.append(columns)
        for table in tables:
            console.print(table)
        return tables


class JsonReporter:
    """Render the report as strict JSON text (no NaN), and write it to ``path`` when one is given."""

    def __init__(self, path: str | Path | None = None, *, indent: int | None = 2) -> None:
        self.path = None if path is None else Path(path)
        self.indent = indent

    def render(self, report: object) -> str:
        """Return the JSON text of ``report.to_dict()``."""
        payload: dict[str, Any] = _require_report(report).to_dict()
        text = json.dumps(payload, indent=self.indent, allow_nan=False)
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(text + "\n", encoding="utf-8")
        return text

"""The report's sections as plain data for the template, built from the metrics dict alone.

One :class:`Section` per metric (property) with its score, reason, a details table and, where the metric is
per column or per pair, a table of those. Each detail knows its direction (higher or lower is better) so the
page colours a raw rate such as ``exact_copy_rate`` green when it is low, not when it is high.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from genesis_dashboard.style import band, format_score

__all__ = ["SUMMARY_ROWS", "WORST_PAIRS", "Detail", "Section", "Table", "build_sections", "build_summary", "compared"]

#: Pairs listed by name in the pair-trends section (the lowest scores; heatmaps show the rest).
WORST_PAIRS = 25
#: Columns and pairs listed in the summary at the top of the report.
SUMMARY_ROWS = 5
#: The per-column scores the summary takes a column's weakest from.
_COLUMN_SCORES = {"shape": "shape", "null rate": "null_rate_score", "coverage": "coverage"}

_TITLES = {
    "column_shapes": ("Column shapes", "How each synthetic column's distribution matches the real one."),
    "column_pair_trends": ("Column pair trends", "Whether pairs of columns move together as in the real data."),
    "null_rates": ("Null rates", "One minus the gap between real and synthetic null rates, per column."),
    "coverage": ("Coverage", "Share of the real range or categories that the synthetic columns reach."),
    "privacy": ("Privacy", "Whether synthetic rows copy or betray the real rows (higher is more private)."),
    "ml_utility": ("ML utility", "A model trained on synthetic rows against one trained on real rows, on real rows."),
}

#: Raw details (not scores) whose good direction is known: (direction, ((bound, band), ...)).
_RAW_DIRECTIONS: dict[str, tuple[str, tuple[tuple[float, str], ...]]] = {
    "exact_copy_rate": ("lower", ((0.01, "good"), (0.05, "fair"))),
    "membership_auc": ("lower", ((0.55, "good"), (0.6, "fair"))),
    "mean_abs_error": ("lower", ((0.02, "good"), (0.1, "fair"))),
    "max_abs_error": ("lower", ((0.05, "good"), (0.2, "fair"))),
    "share_synthetic_farther_than_holdout": ("higher", ((0.4, "good"), (0.25, "fair"))),
}
_SCORE_SUFFIXES = ("_score", "_similarity", "_coverage")
#: The summary figures shown inside a section.
_FIGURES = {
    "column_pair_trends": ("correlation_real", "correlation_synthetic", "correlation_difference"),
    "privacy": ("privacy",),
    "ml_utility": ("ml_utility",),
}


@dataclass(frozen=True)
class Detail:
    """One row of a details table."""

    key: str
    value: str
    direction: str | None  # "higher", "lower" or None when neither is better
    band: str  # good / fair / poor, or "none"


@dataclass(frozen=True)
class Table:
    """A table of per-column or per-pair numbers."""

    caption: str
    headings: tuple[str, ...]
    rows: list[tuple[str, ...]]
    score_index: int  # the column holding each row's score
    bands: list[str] = field(default_factory=list)  # the band of each row's score


@dataclass(frozen=True)
class Section:
    """One property of the report."""

    key: str
    title: str
    description: str
    score: str
    band: str
    reason: str | None
    details: list[Detail]
    tables: list[Table]
    figures: list[str]


def build_sections(metrics: Mapping[str, Any], figure_keys: set[str]) -> list[Section]:
    """A section for every metric in ``metrics["metrics"]``, in order."""
    sections = []
    for key, metric in metrics["metrics"].items():
        title, description = _TITLES.get(key, (key.replace("_", " ").capitalize(), ""))
        figures = [name for name in _FIGURES.get(key, ()) if name in figure_keys]
        sections.append(
            Section(
                key=key, title=title, description=description, score=format_score(metric["score"]),
                band=band(metric["score"]), reason=metric["reason"], details=_details(metric["details"]),
                tables=_tables(key, metrics), figures=figures,
            )
        )  # fmt: skip
    return sections


def _details(details: Mapping[str, Any]) -> list[Detail]:
    rows = []
    for key, value in details.items():
        direction, quality = None, "none"
        if isinstance(value, float) and key in _RAW_DIRECTIONS:
            direction, bounds = _RAW_DIRECTIONS[key]
            sign = -1.0 if direction == "lower" else 1.0  # compare as "higher is better"
            quality = next((name for bound, name in bounds if sign * value >= sign * bound), "poor")
        elif isinstance(value, float) and key.endswith(_SCORE_SUFFIXES):
            direction, quality = "higher", band(value)
        shown = format_score(None) if value is None and key.endswith(_SCORE_SUFFIXES) else _format(value)
        rows.append(Detail(key=key.replace("_", " "), value=shown, direction=direction, band=quality))
    return rows


def _format(value: Any) -> str:
    if isinstance(value, float):
        return format_score(value)
    if isinstance(value, Mapping):
        return ", ".join(f"{key.replace('_', ' ')}: {_format(item)}" for key, item in value.items())
    return "—" if value is None else str(value)


def _tables(key: str, metrics: Mapping[str, Any]) -> list[Table]:
    columns = metrics["columns"]
    rows: list[tuple[Any, ...]]
    if key == "column_shapes":
        rows = [(c["column"], c["kind"], c["shape_metric"] or "—", format_score(c["shape"])) for c in columns]
        return [_table("per column", ("column", "kind", "metric", "score"), rows, [c["shape"] for c in columns])]
    if key == "null_rates":
        rows = [
            (c["column"], format_score(c["null_rate_real"]), format_score(c["null_rate_synthetic"]),
             format_score(c["null_rate_score"]))
            for c in columns
        ]  # fmt: skip
        scores = [c["null_rate_score"] for c in columns]
        return [_table("per column", ("column", "null rate real", "null rate synthetic", "score"), rows, scores)]
    if key == "coverage":
        rows = [(c["column"], c["coverage_metric"] or "—", format_score(c["coverage"])) for c in columns]
        return [_table("per column", ("column", "metric", "coverage"), rows, [c["coverage"] for c in columns])]
    if key == "column_pair_trends":
        scored = sorted((p for p in metrics["pairs"] if p["score"] is not None), key=lambda p: p["score"])
        worst = scored[:WORST_PAIRS]
        rows = [(" & ".join(p["columns"]), p["metric"], format_score(p["score"]), compared(p)) for p in worst]
        caption = f"the {len(worst)} lowest of {len(scored)} scored pairs"
        headings = ("pair", "metric", "score", "real vs synthetic")
        return [_table(caption, headings, rows, [p["score"] for p in worst])]
    return []


def compared(pair: Mapping[str, Any]) -> str:
    """What a pair score compares, in words: the two correlations, or the co-occurrence of categories."""
    if pair["real"] is not None or pair["synthetic"] is not None:
        return f"correlation {format_score(pair['real'])} real, {format_score(pair['synthetic'])} synthetic"
    if pair["metric"] == "ContingencySimilarity":
        return "how often category pairs co-occur (numbers binned)"
    return pair.get("reason") or "—"


def build_summary(metrics: Mapping[str, Any]) -> list[Table]:
    """The weakest columns and pairs, worst first: what to look at before anything else.

    A column's score here is its lowest per-column score (shape, null rate or coverage), named in the table.
    """
    weakest = []
    for column in metrics["columns"]:
        scores = {name: column[key] for name, key in _COLUMN_SCORES.items() if column[key] is not None}
        if scores:
            name, score = min(scores.items(), key=lambda item: item[1])
            weakest.append((score, column["column"], column["kind"], name))
    weakest.sort()
    columns = weakest[:SUMMARY_ROWS]
    tables = []
    if columns:
        rows = [(name, kind, aspect, format_score(score)) for score, name, kind, aspect in columns]
        tables.append(_table(f"the {len(columns)} weakest of {len(weakest)} columns",
                             ("column", "kind", "weakest on", "score"), rows, [row[0] for row in columns]))
    pairs = sorted((p for p in metrics["pairs"] if p["score"] is not None), key=lambda p: p["score"])
    if pairs:
        worst = pairs[:SUMMARY_ROWS]
        pair_rows = [(" & ".join(p["columns"]), format_score(p["score"]), compared(p)) for p in worst]
        tables.append(_table(f"the {len(worst)} weakest of {len(pairs)} column pairs",
                             ("pair", "score", "real vs synthetic"), pair_rows, [p["score"] for p in worst]))
    return tables


def _table(caption: str, headings: tuple[str, ...], rows: Sequence[Sequence[Any]], scores: list[Any]) -> Table:
    index = headings.index("score") if "score" in headings else len(headings) - 1
    cells = [tuple(str(cell) for cell in row) for row in rows]
    return Table(
        caption=caption, headings=headings, rows=cells, score_index=index, bands=[band(score) for score in scores]
    )

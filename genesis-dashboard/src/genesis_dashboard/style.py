"""Shared look of the dashboard: colours, the compact plotly template, score bands and number formatting.

Plotly draws text through its own small markup language (``<b>``, ``<a href>``...) and decodes HTML entities,
so every user-supplied string placed in a figure goes through :func:`label`, which escapes it: the text shows
verbatim and can never become markup.
"""

from __future__ import annotations

import html
from typing import Any

__all__ = [
    "BANDS",
    "REAL_COLOUR",
    "SYNTHETIC_COLOUR",
    "TEMPLATE",
    "Spec",
    "band",
    "figure",
    "format_score",
    "label",
]

#: A plotly figure as plain data, ``{"data": [trace, ...], "layout": {...}}``: cheap to build and to serialise
#: (``plotly.graph_objects.Figure(spec)`` turns it into a validated figure object).
Spec = dict[str, Any]

REAL_COLOUR = "#1f5fa8"
SYNTHETIC_COLOUR = "#e0702a"

#: Score bands (lower bound, name, colour), best first; a score is in the first band whose bound it reaches.
BANDS: tuple[tuple[float, str, str], ...] = (
    (0.8, "good", "#2e8b57"),
    (0.6, "fair", "#d4a017"),
    (0.0, "poor", "#c0392b"),
)

#: A small template (plotly's default one adds about 10 kB to every figure).
TEMPLATE: dict[str, Any] = {
    "layout": {
        "font": {"family": "DejaVu Sans, Helvetica, Arial, sans-serif", "size": 12, "color": "#222"},
        "colorway": [REAL_COLOUR, SYNTHETIC_COLOUR, "#6a4c93", "#2e8b57"],
        "paper_bgcolor": "white",
        "plot_bgcolor": "#f6f7f9",
        "margin": {"l": 60, "r": 20, "t": 50, "b": 50},
        "xaxis": {"gridcolor": "white", "automargin": True},
        "yaxis": {"gridcolor": "white", "automargin": True},
    }
}


def figure(data: list[dict[str, Any]], **layout: Any) -> Spec:
    """A figure spec with the dashboard's template."""
    return {"data": data, "layout": {"template": TEMPLATE, **layout}}


def label(text: object) -> str:
    """``text`` as a string that plotly displays literally (markup characters escaped)."""
    return html.escape(str(text), quote=False)


def band(score: float | None) -> str:
    """The band name of a 0-1 score (``"none"`` when there is no score)."""
    if score is None:
        return "none"
    return next(name for bound, name, _ in BANDS if score >= bound)


def format_score(value: float | None) -> str:
    """The one way a score is printed everywhere (4 decimals, 0-1 scale, never a percentage); a score that was
    not computed reads "not scored", never a number."""
    return "not scored" if value is None else f"{value:.4f}"

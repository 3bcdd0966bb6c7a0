"""HTML rendering: Jinja2 templates with autoescaping, plotly.js and the figures inlined.

Everything user-supplied (title, column names, category values, reasons) reaches the page through an
autoescaped template variable or, inside ``<script type="application/json">`` blocks, through
:func:`script_json`, which escapes ``<``, ``>`` and ``&`` so no text can close the script element.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import jinja2
import numpy as np
from markupsafe import Markup
from plotly.io.json import to_json_plotly

from genesis.jsonsafe import dumps
from genesis_dashboard.sections import Section, Table, build_sections, build_summary
from genesis_dashboard.style import Spec, band, format_score

__all__ = [
    "PAGE_SIZE",
    "ColumnRef",
    "ReportView",
    "build_view",
    "figures_json",
    "render_body",
    "render_page",
    "script_json",
]

#: Column plots per page of the "Columns" section; pages are shown one at a time and plots draw when visible.
PAGE_SIZE = 20

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@dataclass(frozen=True)
class ColumnRef:
    """A column's plot slot: the figure key, the column name and the page it sits on."""

    key: str
    name: str
    page: int


@dataclass(frozen=True)
class ReportView:
    """Everything the templates show, derived from the metrics dict and the figures."""

    name: str
    metrics: Mapping[str, Any]
    overall: str
    overall_band: str
    fidelity: str
    sections: list[Section]
    summary: list[Table]
    columns: list[ColumnRef]
    pages: int
    figures_json: str


def script_json(text: str) -> Markup:
    """JSON text made safe to place inside a ``<script>`` element."""
    for character, escape in _SCRIPT_ESCAPES.items():
        text = text.replace(character, escape)
    return Markup(text)


def figures_json(figures: Mapping[str, Spec]) -> str:
    """One JSON object mapping figure keys to plotly figure JSON; float arrays become plotly.js typed arrays."""
    parts = (f"{json.dumps(key)}:{to_json_plotly(_typed(figure))}" for key, figure in figures.items())
    return "{" + ",".join(parts) + "}"


def _typed(value: Any) -> Any:
    """``value`` with float numpy arrays as plotly.js typed-array specs (float32, base64; NaN stays a gap).

    Single precision keeps seven digits, more than any number the report prints, at a fraction of the size
    of JSON number text.
    """
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        spec = {"dtype": "f4", "bdata": base64.b64encode(value.astype("<f4").tobytes()).decode("ascii")}
        return spec | ({"shape": ", ".join(map(str, value.shape))} if value.ndim > 1 else {})
    if isinstance(value, dict):
        return {key: _typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return value


def build_view(name: str, metrics: Mapping[str, Any], figures: Mapping[str, Spec]) -> ReportView:
    """The view of a report: sections from the metrics, column plot slots paginated by :data:`PAGE_SIZE`."""
    keys = [key for key in figures if key.startswith("column:")]
    columns = [ColumnRef(key=key, name=key.removeprefix("column:"), page=i // PAGE_SIZE) for i, key in enumerate(keys)]
    return ReportView(
        name=name,
        metrics=metrics,
        overall=format_score(metrics["overall"]),
        overall_band=band(metrics["overall"]),
        fidelity=format_score(metrics["fidelity"]),
        sections=build_sections(metrics, set(figures)),
        summary=build_summary(metrics),
        columns=columns,
        pages=max(1, -(-len(columns) // PAGE_SIZE)),
        figures_json=figures_json(figures),
    )


def render_page(view: ReportView, *, live: bool = False, version: int = 0) -> str:
    """The whole self-contained HTML document; ``live`` adds the WebSocket client that applies pushed updates."""
    return _environment().get_template("report.html.j2").render(
        view=view,
        live=live,
        version=version,
        plotly_js=_plotly_js(),
        style=_asset("dashboard.css"),
        script=_asset("dashboard.js"),
        metrics_json=script_json(dumps(view.metrics)),
        figures=script_json(view.figures_json),
    )


def render_body(view: ReportView) -> str:
    """The report's body alone, as pushed to open pages on a live update."""
    return _environment().get_template("body.html.j2").render(view=view)


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("genesis_dashboard", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def _asset(name: str) -> Markup:
    """A static file of the templates folder, placed verbatim (it is ours, not user data)."""
    return Markup(files("genesis_dashboard").joinpath("templates", name).read_text(encoding="utf-8"))


@cache
def _plotly_js() -> Markup:
    """plotly.js from plotly's offline bundle, made safe to inline."""
    from plotly.offline import get_plotlyjs

    return Markup(get_plotlyjs().replace("</script", "<\\/script"))

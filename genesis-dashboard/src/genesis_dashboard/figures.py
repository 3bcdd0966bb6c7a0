"""Summary figures drawn from the metrics dict (``QualityReport.to_dict()``), so they show the very numbers the
JSON holds: the overall gauge, the metric scores, correlation heatmaps, privacy and ML utility.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import plotly.graph_objects as go

from genesis_dashboard.style import BANDS, REAL_COLOUR, SYNTHETIC_COLOUR, TEMPLATE, band, label

__all__ = ["correlation_figures", "gauge_figure", "privacy_figure", "scores_figure", "utility_figure"]

_BAND_COLOUR = {name: colour for _, name, colour in BANDS} | {"none": "#999999"}


def gauge_figure(overall: float | None) -> go.Figure:
    """The overall score (0-1) on a gauge coloured by score band."""
    steps = [{"range": [low, high], "color": "#f1f1f1"} for low, high in ((0.0, 0.6), (0.6, 0.8), (0.8, 1.0))]
    indicator = go.Indicator(
        mode="gauge+number",
        value=overall,
        number={"valueformat": ".4f"},
        gauge={"axis": {"range": [0, 1]}, "bar": {"color": _BAND_COLOUR[band(overall)]}, "steps": steps},
        title={"text": "overall score (0-1, higher is better)"},
    )
    figure = go.Figure(indicator)
    figure.update_layout(template=TEMPLATE, height=260, margin={"t": 60, "b": 10})
    return figure


def scores_figure(metrics: Mapping[str, Any]) -> go.Figure:
    """Horizontal bars of every metric's score, coloured by band (unscored metrics shown empty)."""
    names = list(metrics)
    scores = [metrics[name]["score"] for name in names]
    figure = go.Figure(
        go.Bar(
            x=[0.0 if score is None else score for score in scores],
            y=[name.replace("_", " ") for name in names],
            orientation="h",
            marker_color=[_BAND_COLOUR[band(score)] for score in scores],
            text=["not scored" if score is None else f"{score:.4f}" for score in scores],
            textposition="auto",
        )
    )
    figure.update_layout(
        template=TEMPLATE, height=60 + 36 * len(names), xaxis={"range": [0, 1], "title": "score"},
        yaxis={"autorange": "reversed"},
    )  # fmt: skip
    return figure


def correlation_figures(columns: list[str], pairs: list[Mapping[str, Any]]) -> dict[str, go.Figure]:
    """Heatmaps of the real and synthetic Pearson correlations and of their difference (synthetic - real).

    Built from the correlation pairs the metrics scored; empty when fewer than two numeric columns exist.
    """
    correlated = [pair for pair in pairs if pair["metric"] == "CorrelationSimilarity"]
    present = {name for pair in correlated for name in pair["columns"]}
    names = [name for name in columns if name in present]
    if len(names) < 2:
        return {}
    index = {name: position for position, name in enumerate(names)}
    real, synthetic = (np.full((len(names), len(names)), np.nan, dtype=np.float32) for _ in range(2))
    np.fill_diagonal(real, 1.0)
    np.fill_diagonal(synthetic, 1.0)
    for pair in correlated:
        i, j = (index[name] for name in pair["columns"])
        for matrix, key in ((real, "real"), (synthetic, "synthetic")):
            value = np.nan if pair[key] is None else pair[key]
            matrix[i, j] = matrix[j, i] = value
    labels = [label(name) for name in names]
    size = min(900, 260 + 14 * len(names))
    figures = {}
    for key, z, title, scale in (
        ("correlation_real", real, "real correlations", "RdBu"),
        ("correlation_synthetic", synthetic, "synthetic correlations", "RdBu"),
        ("correlation_difference", synthetic - real, "difference (synthetic - real)", "PuOr"),
    ):
        figure = go.Figure(
            go.Heatmap(z=z, x=labels, y=labels, zmin=-1, zmax=1, colorscale=scale, reversescale=scale == "RdBu")
        )
        figure.update_layout(
            template=TEMPLATE, title={"text": title}, height=size, yaxis={"autorange": "reversed"},
            xaxis={"showticklabels": len(names) <= 60}, margin={"l": 10, "b": 10},
        )  # fmt: skip
        figure.update_yaxes(showticklabels=len(names) <= 60)
        figures[key] = figure
    return figures


def privacy_figure(privacy: Mapping[str, Any]) -> go.Figure:
    """Bars of the privacy sub-scores (DCR, exact copy, membership inference), each 0-1, higher is more private."""
    details = privacy.get("details", {})
    parts = {
        "distance to closest record": details.get("dcr_score"),
        "exact copies": details.get("exact_copy_score"),
        "membership inference": details.get("membership_inference_score"),
    }
    return _score_bars(parts, "privacy scores (higher is more private)")


def utility_figure(utility: Mapping[str, Any]) -> go.Figure | None:
    """The task metric of a model trained on real rows next to one trained on synthetic rows (both tested on
    real rows); ``None`` when ML utility was not scored."""
    details = utility.get("details", {})
    if details.get("real_score") is None:
        return None
    metric = details.get("metric", "score")
    figure = go.Figure(
        go.Bar(
            x=["trained on real", "trained on synthetic"],
            y=[details["real_score"], details["synthetic_score"]],
            marker_color=[REAL_COLOUR, SYNTHETIC_COLOUR],
            text=[f"{details['real_score']:.4f}", f"{details['synthetic_score']:.4f}"],
            textposition="auto",
        )
    )
    target = label(details.get("target", ""))
    figure.update_layout(
        template=TEMPLATE, height=300, yaxis={"title": metric, "range": [0, 1]},
        title={"text": f"predicting {target} ({details.get('task', '')}), tested on real rows"},
    )  # fmt: skip
    return figure


def _score_bars(parts: Mapping[str, float | None], title: str) -> go.Figure:
    scored = {name: score for name, score in parts.items() if score is not None}
    figure = go.Figure(
        go.Bar(
            x=list(scored.values()),
            y=list(scored),
            orientation="h",
            marker_color=[_BAND_COLOUR[band(score)] for score in scored.values()],
            text=[f"{score:.4f}" for score in scored.values()],
            textposition="auto",
        )
    )
    figure.update_layout(
        template=TEMPLATE, height=80 + 40 * max(1, len(scored)), title={"text": title},
        xaxis={"range": [0, 1]}, yaxis={"autorange": "reversed"},
    )  # fmt: skip
    return figure

"""Summary figures drawn from the metrics dict (``QualityReport.to_dict()``), so they show the very numbers the
JSON holds: the overall gauge, the metric scores, correlation heatmaps, privacy and ML utility.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from genesis_dashboard.style import BANDS, REAL_COLOUR, SYNTHETIC_COLOUR, Spec, band, figure, label

__all__ = ["correlation_figures", "gauge_figure", "privacy_figure", "scores_figure", "utility_figure"]

_BAND_COLOUR = {name: colour for _, name, colour in BANDS} | {"none": "#999999"}


def gauge_figure(overall: float | None) -> Spec:
    """The overall score (0-1) on a gauge coloured by score band."""
    steps = [{"range": [low, high], "color": "#f1f1f1"} for low, high in ((0.0, 0.6), (0.6, 0.8), (0.8, 1.0))]
    indicator = {
        "type": "indicator",
        "mode": "gauge+number",
        "value": overall,
        "number": {"valueformat": ".4f"},
        "gauge": {"axis": {"range": [0, 1]}, "bar": {"color": _BAND_COLOUR[band(overall)]}, "steps": steps},
        "title": {"text": "overall score (0-1, higher is better)"},
    }
    return figure([indicator], height=260, margin={"t": 60, "b": 10})


def scores_figure(metrics: Mapping[str, Any]) -> Spec:
    """Horizontal bars of every metric's score, coloured by band (unscored metrics shown empty)."""
    scores = {name.replace("_", " "): metric["score"] for name, metric in metrics.items()}
    return _score_bars(scores, None, xaxis={"range": [0, 1], "title": {"text": "score"}})


def correlation_figures(columns: list[str], pairs: list[Mapping[str, Any]]) -> dict[str, Spec]:
    """Heatmaps of the real and synthetic Pearson correlations and of their difference (synthetic - real).

    Built from the correlation pairs the metrics scored; empty when fewer than two numeric columns exist.
    """
    correlated = [pair for pair in pairs if pair["metric"] == "CorrelationSimilarity"]
    present = {name for pair in correlated for name in pair["columns"]}
    names = [name for name in columns if name in present]
    if len(names) < 2:
        return {}
    index = {name: position for position, name in enumerate(names)}
    real, synthetic = (np.full((len(names), len(names)), np.nan) for _ in range(2))
    np.fill_diagonal(real, 1.0)
    np.fill_diagonal(synthetic, 1.0)
    for pair in correlated:
        i, j = (index[name] for name in pair["columns"])
        for matrix, key in ((real, "real"), (synthetic, "synthetic")):
            value = np.nan if pair[key] is None else pair[key]
            matrix[i, j] = matrix[j, i] = value
    labels = [label(name) for name in names]
    ticks = len(names) <= 60  # beyond that, names only on hover
    figures = {}
    for key, z, title, scale in (
        ("correlation_real", real, "real correlations", "RdBu"),
        ("correlation_synthetic", synthetic, "synthetic correlations", "RdBu"),
        ("correlation_difference", synthetic - real, "difference (synthetic - real)", "PuOr"),
    ):
        heatmap = {"type": "heatmap", "z": z, "x": labels, "y": labels, "zmin": -1, "zmax": 1, "colorscale": scale}
        figures[key] = figure(
            [heatmap], title={"text": title}, height=min(900, 260 + 14 * len(names)),
            xaxis={"showticklabels": ticks}, yaxis={"autorange": "reversed", "showticklabels": ticks},
        )  # fmt: skip
    return figures


def privacy_figure(privacy: Mapping[str, Any]) -> Spec:
    """Bars of the privacy sub-scores (DCR, exact copy, membership inference), each 0-1, higher is more private;
    a part that was not scored (no holdout) is an empty bar reading "not scored"."""
    details = privacy.get("details", {})
    parts = {
        "distance to closest record": details.get("dcr_score"),
        "exact copies": details.get("exact_copy_score"),
        "membership inference": details.get("membership_inference_score"),
    }
    return _score_bars(parts, "privacy scores (higher is more private)", xaxis={"range": [0, 1]})


def utility_figure(utility: Mapping[str, Any]) -> Spec | None:
    """The task metric of a model trained on real rows next to one trained on synthetic rows (both tested on
    real rows); ``None`` when ML utility was not scored."""
    details = utility.get("details", {})
    if details.get("real_score") is None:
        return None
    scores = [details["real_score"], details["synthetic_score"]]
    bars = {
        "type": "bar", "x": ["trained on real", "trained on synthetic"], "y": scores,
        "marker": {"color": [REAL_COLOUR, SYNTHETIC_COLOUR]}, "text": [f"{score:.4f}" for score in scores],
        "textposition": "auto",
    }  # fmt: skip
    target = label(details.get("target", ""))
    return figure(
        [bars], height=300, yaxis={"title": {"text": details.get("metric", "score")}, "range": [0, 1]},
        title={"text": f"predicting {target} ({details.get('task', '')}), tested on real rows"},
    )  # fmt: skip


def _score_bars(scores: Mapping[str, float | None], title: str | None, **layout: Any) -> Spec:
    """Horizontal bars of 0-1 scores coloured by band; a missing score shows as an empty bar."""
    bars = {
        "type": "bar", "orientation": "h", "y": list(scores),
        "x": [0.0 if score is None else score for score in scores.values()],
        "marker": {"color": [_BAND_COLOUR[band(score)] for score in scores.values()]},
        "text": ["not scored" if score is None else f"{score:.4f}" for score in scores.values()],
        "textposition": "auto",
    }  # fmt: skip
    titled = {} if title is None else {"title": {"text": title}}
    return figure(
        [bars], height=80 + 40 * max(1, len(scores)), yaxis={"autorange": "reversed"}, **titled, **layout
    )


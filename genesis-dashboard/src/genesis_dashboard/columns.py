"""Real-vs-synthetic distribution figures, one per column.

Numeric and datetime columns get density histograms on shared bins with a KDE curve each; categorical, boolean
and constant columns get bar charts of category shares; identifier columns (unique per row, not scored) get a
histogram of their numeric values or of their text length. Figures carry binned summaries, never raw rows, so
a report stays small for any number of rows. Non-finite values and nulls are left out of the plots (the null
rates are in each figure's title).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from genesis_dashboard.style import REAL_COLOUR, SYNTHETIC_COLOUR, TEMPLATE, label

__all__ = ["BINS", "KDE_POINTS", "KDE_SAMPLE", "TOP_CATEGORIES", "column_figure"]

#: Histogram bins shared by the real and synthetic values of a numeric column.
BINS = 40
#: Points on which each KDE curve is evaluated.
KDE_POINTS = 128
#: Largest sample a KDE is fitted on (drawn with the seeded generator).
KDE_SAMPLE = 2_000
#: Categories shown by name; the rest are summed into one "other" bar.
TOP_CATEGORIES = 30

_NUMERIC = frozenset({"continuous", "integer", "datetime"})
_CATEGORICAL = frozenset({"categorical", "boolean", "constant"})


def column_figure(
    name: str, kind: str, real: pd.Series, synthetic: pd.Series, *, rng: np.random.Generator
) -> go.Figure:
    """The figure comparing one real column with its synthetic counterpart."""
    if kind in _CATEGORICAL:
        figure = _categorical(real, synthetic)
        axis = "share of non-null rows"
    elif kind == "identifier":
        figure, axis = _identifier(real, synthetic, rng)
    else:
        figure = _numeric(_values(real, kind), _values(synthetic, kind), rng, dates=kind == "datetime")
        axis = "density"
    nulls = f"nulls: real {real.isna().mean():.1%} · synthetic {synthetic.isna().mean():.1%}"
    figure.update_layout(
        template=TEMPLATE,
        title={"text": f"{label(name)} <span style='font-size:12px;color:#666'>({kind}; {nulls})</span>"},
        yaxis_title=axis,
        height=340,
        legend={"orientation": "h", "y": -0.2},
    )
    return figure


def _values(series: pd.Series, kind: str) -> np.ndarray:
    """Finite float values of a numeric column; datetimes as nanoseconds since the epoch (UTC)."""
    if kind == "datetime":
        stamps = pd.to_datetime(series, errors="coerce", utc=True).dropna()
        values = stamps.dt.tz_localize(None).astype("datetime64[ns]").to_numpy().astype(np.int64).astype(np.float64)
    else:
        values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    return values[np.isfinite(values)]


def _numeric(real: np.ndarray, synthetic: np.ndarray, rng: np.random.Generator, *, dates: bool) -> go.Figure:
    """Density histograms on bins spanning both samples, plus a KDE per sample."""
    figure = go.Figure(layout={"barmode": "overlay"})
    both = np.concatenate([real, synthetic])
    if not len(both):
        return _empty(figure, "no finite values to plot")
    edges = np.histogram_bin_edges(both, bins=BINS if np.ptp(both) > 0 else 1)
    centres, widths = (edges[:-1] + edges[1:]) / 2, np.diff(edges)
    grid = np.linspace(edges[0], edges[-1], KDE_POINTS)
    x_of = _as_dates if dates else (lambda values: values)
    for values, title, colour in ((real, "real", REAL_COLOUR), (synthetic, "synthetic", SYNTHETIC_COLOUR)):
        if not len(values):
            continue
        density, _ = np.histogram(values, bins=edges, density=True)
        figure.add_trace(
            go.Bar(
                x=x_of(centres), y=density, width=widths / 1e6 if dates else widths, name=title,
                marker_color=colour, opacity=0.5, legendgroup=title,
            )
        )  # fmt: skip
        curve = _kde(values, grid, rng)
        if curve is not None:
            figure.add_trace(
                go.Scatter(
                    x=x_of(grid), y=curve, mode="lines", name=f"{title} KDE", line={"color": colour},
                    legendgroup=title, showlegend=False,
                )
            )  # fmt: skip
    return figure


def _kde(values: np.ndarray, grid: np.ndarray, rng: np.random.Generator) -> np.ndarray | None:
    """A Gaussian KDE on ``grid`` from at most :data:`KDE_SAMPLE` values; ``None`` when it is undefined."""
    from scipy.stats import gaussian_kde

    if len(values) > KDE_SAMPLE:
        values = rng.choice(values, size=KDE_SAMPLE, replace=False)
    if len(values) < 2 or np.ptp(values) == 0:
        return None
    try:
        return np.asarray(gaussian_kde(values)(grid))
    except np.linalg.LinAlgError:
        return None


def _as_dates(nanoseconds: np.ndarray) -> np.ndarray:
    return nanoseconds.astype(np.int64).astype("datetime64[ns]")


def _categorical(real: pd.Series, synthetic: pd.Series) -> go.Figure:
    """Bars of category shares, the :data:`TOP_CATEGORIES` most frequent (in both tables) by name."""
    shares = pd.DataFrame(
        {
            "real": real.dropna().astype(str).value_counts(normalize=True),
            "synthetic": synthetic.dropna().astype(str).value_counts(normalize=True),
        }
    ).fillna(0.0)
    shares = shares.loc[shares.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    if len(shares) > TOP_CATEGORIES:
        rest = shares.iloc[TOP_CATEGORIES:]
        shares = pd.concat([shares.iloc[:TOP_CATEGORIES], rest.sum().to_frame(f"({len(rest)} others)").T])
    figure = go.Figure()
    if shares.empty:
        return _empty(figure, "no non-null values to plot")
    categories = [label(category) for category in shares.index]
    for title, colour in (("real", REAL_COLOUR), ("synthetic", SYNTHETIC_COLOUR)):
        figure.add_trace(go.Bar(x=categories, y=shares[title].to_numpy(), name=title, marker_color=colour))
    figure.update_layout(barmode="group", xaxis={"type": "category"})
    return figure


def _identifier(real: pd.Series, synthetic: pd.Series, rng: np.random.Generator) -> tuple[go.Figure, str]:
    """Identifiers are unique per row: plot their values if numeric, else their text length."""
    if pd.api.types.is_numeric_dtype(real.dtype):
        return _numeric(_values(real, "integer"), _values(synthetic, "integer"), rng, dates=False), "density"
    lengths = [series.dropna().astype(str).str.len().to_numpy(dtype=np.float64) for series in (real, synthetic)]
    figure = _numeric(*lengths, rng, dates=False)
    figure.update_layout(xaxis_title="identifier length (characters)")
    return figure, "density"


def _empty(figure: go.Figure, message: str) -> go.Figure:
    annotation: dict[str, Any] = {"text": message, "showarrow": False, "xref": "paper", "yref": "paper"}
    figure.add_annotation(x=0.5, y=0.5, **annotation)
    return figure

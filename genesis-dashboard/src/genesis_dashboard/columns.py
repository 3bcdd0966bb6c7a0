"""Real-vs-synthetic distribution figures, one per column.

Numeric and datetime columns get density histograms on shared bins with a Gaussian KDE curve each;
categorical, boolean and constant columns get bar charts of category shares; identifier columns (unique per
row, not scored) get a histogram of their numeric values or of their text length. Figures carry binned
summaries, never raw rows, so a report stays small for any number of rows. Non-finite values and nulls are
left out of the plots (the null rates are in each figure's title).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from genesis_dashboard.style import REAL_COLOUR, SYNTHETIC_COLOUR, Spec, figure, label

__all__ = [
    "BINS", "HEIGHT", "KDE_POINTS", "KDE_SAMPLE", "TICK_CHARACTERS", "TOP_CATEGORIES", "UPRIGHT_CATEGORIES",
    "column_figure", "kde",
]

#: Histogram bins shared by the real and synthetic values of a numeric column.
BINS = 40
#: Points on which each KDE curve is evaluated.
KDE_POINTS = 128
#: Largest sample a KDE is fitted on (drawn with the seeded generator).
KDE_SAMPLE = 2_000
#: Categories shown by name; the rest are summed into one "other" bar.
TOP_CATEGORIES = 30
#: Height of a column plot in CSS pixels (taller for many categories).
HEIGHT = 360
#: Most categories drawn as upright bars; more are drawn lying down, one name per line.
UPRIGHT_CATEGORIES = 12
#: Longest category tick label; longer ones end in "…" (hover shows them whole).
TICK_CHARACTERS = 24

_CATEGORICAL = frozenset({"categorical", "boolean", "constant"})
_SAMPLES = (("real", REAL_COLOUR), ("synthetic", SYNTHETIC_COLOUR))


def column_figure(name: str, kind: str, real: pd.Series, synthetic: pd.Series, *, rng: np.random.Generator) -> Spec:
    """The figure spec comparing one real column with its synthetic counterpart."""
    layout: dict[str, Any]
    if kind in _CATEGORICAL:
        data, layout = _categorical(real, synthetic)
    elif kind == "identifier":
        data, layout = _identifier(real, synthetic, rng)
    else:
        data, layout = _numeric(_values(real, kind), _values(synthetic, kind), rng, dates=kind == "datetime")
    nulls = f"nulls: real {real.isna().mean():.1%} · synthetic {synthetic.isna().mean():.1%}"
    # Title and subtitle on the left, the legend just above the plot: the top right stays free for plotly's
    # toolbar, and long category labels below the axis never meet the legend.
    title = f"<b>{label(name)}</b><br><span style='font-size:11px;color:#666'>{kind} · {nulls}</span>"
    height = layout.pop("height", HEIGHT)
    top = {"y": 1 - 25 / height, "yanchor": "middle"}  # 25 px below the top edge, whatever the height
    return figure(
        data, title={"text": title, "x": 0.01, "xanchor": "left", **top, "font": {"size": 15}},
        height=height, margin={"t": 84, "b": 40, "l": 60, "r": 16},
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom"}, **layout,
    )  # fmt: skip


def kde(values: np.ndarray, grid: np.ndarray, rng: np.random.Generator) -> np.ndarray | None:
    """Gaussian KDE (Scott's bandwidth) of at most :data:`KDE_SAMPLE` values on ``grid``; ``None`` when the
    values have no spread."""
    if len(values) > KDE_SAMPLE:
        values = rng.choice(values, size=KDE_SAMPLE, replace=False)
    spread = float(np.std(values, ddof=1)) if len(values) > 1 else 0.0
    if not spread > 0:
        return None
    bandwidth = spread * len(values) ** (-1 / 5)
    density = np.zeros(len(grid))
    for start in range(0, len(values), 512):  # bounded memory: grid x 512 at a time
        chunk = values[start : start + 512]
        density += np.exp(-0.5 * ((grid[:, None] - chunk[None, :]) / bandwidth) ** 2).sum(axis=1)
    return density / (len(values) * bandwidth * np.sqrt(2 * np.pi))


def _values(series: pd.Series, kind: str) -> np.ndarray:
    """Finite float values of a numeric column; datetimes as nanoseconds since the epoch (UTC)."""
    if kind == "datetime":
        stamps = pd.to_datetime(series, errors="coerce", utc=True).dropna()
        values = stamps.dt.tz_localize(None).astype("datetime64[ns]").to_numpy().astype(np.int64).astype(np.float64)
    else:
        values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    return values[np.isfinite(values)]


def _numeric(
    real: np.ndarray, synthetic: np.ndarray, rng: np.random.Generator, *, dates: bool
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Histograms on bins spanning both samples, plus a KDE per sample.

    Numbers are shown as densities; dates as the share of rows per bin (a density per nanosecond is not a
    number anyone can read), with the KDE scaled to match.
    """
    both = np.concatenate([real, synthetic])
    if not len(both):
        return [], _empty("no finite values to plot")
    edges = np.histogram_bin_edges(both, bins=BINS if np.ptp(both) > 0 else 1)
    centres, widths = (edges[:-1] + edges[1:]) / 2, np.diff(edges)
    grid = np.linspace(edges[0], edges[-1], KDE_POINTS)
    x_of = _as_dates if dates else (lambda values: values)
    scale = widths[0] if dates else 1.0  # density x bin width = share of rows per bin
    data: list[dict[str, Any]] = []
    for (title, colour), values in zip(_SAMPLES, (real, synthetic), strict=True):
        if not len(values):
            continue
        density, _ = np.histogram(values, bins=edges, density=True)
        data.append(
            {
                "type": "bar", "x": x_of(centres), "y": density * scale, "width": widths / 1e6 if dates else widths,
                "name": title, "marker": {"color": colour}, "opacity": 0.5, "legendgroup": title,
            }
        )  # fmt: skip
        curve = kde(values, grid, rng)
        if curve is not None:
            data.append(
                {
                    "type": "scatter", "x": x_of(grid), "y": curve * scale, "mode": "lines", "name": f"{title} KDE",
                    "line": {"color": colour}, "legendgroup": title, "showlegend": False,
                }
            )  # fmt: skip
    axis = "share of rows per bin" if dates else "density"
    # Densities of wide-ranged columns are tiny: powers of ten on that axis, not SI prefixes (which read 5 micro).
    return data, {"barmode": "overlay", "yaxis": {"title": {"text": axis}, "exponentformat": "power"}}


def _as_dates(nanoseconds: np.ndarray) -> np.ndarray:
    return nanoseconds.astype(np.int64).astype("datetime64[ns]")


def _categorical(real: pd.Series, synthetic: pd.Series) -> tuple[list[dict[str, Any]], dict[str, Any]]:
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
    if shares.empty:
        return [], _empty("no non-null values to plot")
    categories = [label(category) for category in shares.index]
    ticks = [label(_short(str(category))) for category in shares.index]
    names = {"type": "category", "tickmode": "array", "tickvals": categories, "ticktext": ticks, "automargin": True}
    share = {"title": {"text": "share of non-null rows"}}
    upright = len(categories) <= UPRIGHT_CATEGORIES
    data = []
    for title, colour in _SAMPLES:
        values = shares[title].to_numpy()
        trace = {"type": "bar", "name": title, "marker": {"color": colour}}
        if upright:
            data.append(trace | {"x": categories, "y": values,
                                 "hovertemplate": f"%{{x}}: %{{y:.3f}}<extra>{title}</extra>"})
        else:
            data.append(trace | {"orientation": "h", "y": categories, "x": values,
                                 "hovertemplate": f"%{{y}}: %{{x:.3f}}<extra>{title}</extra>"})
    if upright:
        return data, {"barmode": "group", "xaxis": names, "yaxis": share}
    # Many categories: bars lie down, names one per line on the left, however narrow the plot.
    return data, {"barmode": "group", "yaxis": {**names, "autorange": "reversed"}, "xaxis": share,
                  "height": 140 + 22 * len(categories)}


def _short(text: str) -> str:
    """A tick label of at most :data:`TICK_CHARACTERS` characters; the whole category shows on hover."""
    return text if len(text) <= TICK_CHARACTERS else text[: TICK_CHARACTERS - 1] + "…"


def _identifier(
    real: pd.Series, synthetic: pd.Series, rng: np.random.Generator
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Identifiers are unique per row: plot their values if numeric, else their text length."""
    if pd.api.types.is_numeric_dtype(real.dtype):
        return _numeric(_values(real, "integer"), _values(synthetic, "integer"), rng, dates=False)
    lengths = [series.dropna().astype(str).str.len().to_numpy(dtype=np.float64) for series in (real, synthetic)]
    data, layout = _numeric(lengths[0], lengths[1], rng, dates=False)
    return data, {**layout, "xaxis": {"title": {"text": "identifier length (characters)"}}}


def _empty(message: str) -> dict[str, Any]:
    note = {"text": message, "showarrow": False, "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5}
    return {"annotations": [note]}

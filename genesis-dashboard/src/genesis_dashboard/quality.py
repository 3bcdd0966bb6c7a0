"""``QualityDashboard`` and ``create_dashboard``: the quality report of a synthetic table as HTML, figures or PDF.

The metrics are core's :func:`genesis.evaluation.evaluate`, computed once per dashboard; the HTML, the JSON
(:meth:`QualityDashboard.compute_metrics`) and the PDF are all drawn from that one result, so they show the
same numbers.
"""

from __future__ import annotations

import copy
import logging
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from genesis.errors import ConfigError, ValidationError
from genesis.evaluation import QualityReport, evaluate
from genesis_dashboard.columns import column_figure
from genesis_dashboard.figures import (
    correlation_figures,
    gauge_figure,
    privacy_figure,
    scores_figure,
    utility_figure,
)
from genesis_dashboard.render import ReportView, build_view, render_page
from genesis_dashboard.style import Spec

__all__ = ["QualityDashboard", "create_dashboard"]

logger = logging.getLogger("genesis_dashboard")


class QualityDashboard:
    """Quality report of ``synthetic_data`` against ``real_data``.

    ``holdout`` is real rows the generator was not fitted on: without it, membership inference and distance to
    the closest record cannot be scored, and the privacy score shows as "not scored" with that reason.
    ``seed`` fixes the subsamples of the privacy and ML-utility metrics and of the KDE curves, so the same
    inputs give the same report. ``report`` reuses an already computed :class:`~genesis.evaluation.QualityReport`
    (the include flags are then ignored).

    >>> dashboard = QualityDashboard(real, synthetic, name="Adult vs copula")  # doctest: +SKIP
    >>> dashboard.compute_metrics()["overall"]  # doctest: +SKIP
    >>> dashboard.save_report("quality.html"); dashboard.save_pdf("quality.pdf")  # doctest: +SKIP
    """

    def __init__(
        self,
        real_data: pd.DataFrame,
        synthetic_data: pd.DataFrame,
        name: str = "Quality Report",
        include_privacy: bool = True,
        include_ml_utility: bool = True,
        *,
        holdout: pd.DataFrame | None = None,
        seed: int | None = 0,
        report: QualityReport | None = None,
    ) -> None:
        frames = (("real_data", real_data), ("synthetic_data", synthetic_data))
        for role, frame in (*frames, *((("holdout", holdout),) if holdout is not None else ())):
            if not isinstance(frame, pd.DataFrame):
                raise ValidationError(f"{role} must be a pandas DataFrame, got {type(frame).__name__}")
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"name must be a non-empty string, got {name!r}")
        if report is not None and not isinstance(report, QualityReport):
            raise ConfigError(f"report must be a genesis.evaluation.QualityReport, got {type(report).__name__}")
        self.real_data = real_data
        self.synthetic_data = synthetic_data
        self.holdout = holdout
        self.name = name
        self.include_privacy = include_privacy
        self.include_ml_utility = include_ml_utility
        self.seed = seed
        self._report = report
        self._metrics: dict[str, Any] | None = None
        #: The renderer of the last :meth:`save_pdf` (``browser <path>`` or the reportlab fallback), else None.
        self.pdf_renderer: str | None = None

    @property
    def report(self) -> QualityReport:
        """The core quality report (computed on first use)."""
        if self._report is None:
            self._report = evaluate(
                self.real_data,
                self.synthetic_data,
                holdout=self.holdout,
                include_privacy=self.include_privacy,
                include_ml_utility=self.include_ml_utility,
                seed=self.seed,
            )
        return self._report

    def compute_metrics(self) -> dict[str, Any]:
        """The report as a strict-JSON-safe dict (``QualityReport.to_dict()``): every score 0-1, higher is better."""
        if self._metrics is None:
            self._metrics = self.report.to_dict()
        return copy.deepcopy(self._metrics)

    def generate_plotly_figures(self) -> dict[str, go.Figure]:
        """Every figure of the report by key, as plotly figure objects.

        Keys: ``overall_gauge``, ``scores``, ``correlation_real``/``_synthetic``/``_difference`` (two or more
        numeric columns), ``privacy`` and ``ml_utility`` (when scored), and ``column:<name>`` for every column.
        """
        return {key: go.Figure(spec) for key, spec in self.figure_specs().items()}

    def figure_specs(self) -> dict[str, Spec]:
        """The figures of :meth:`generate_plotly_figures` as plain ``{"data", "layout"}`` dicts (what the HTML
        embeds; building validated figure objects for hundreds of columns takes seconds)."""
        metrics = self.compute_metrics()
        figures: dict[str, Spec] = {
            "overall_gauge": gauge_figure(metrics["overall"]),
            "scores": scores_figure(metrics["metrics"]),
        }
        names = [column["column"] for column in metrics["columns"]]
        figures |= correlation_figures(names, metrics["pairs"])
        if "privacy" in metrics["metrics"]:
            figures["privacy"] = privacy_figure(metrics["metrics"]["privacy"])
        utility = utility_figure(metrics["metrics"]["ml_utility"]) if "ml_utility" in metrics["metrics"] else None
        if utility is not None:
            figures["ml_utility"] = utility
        rngs = (np.random.default_rng(child) for child in np.random.SeedSequence(self.seed).spawn(len(names)))
        for column, detail, rng in zip(self.real_data.columns, metrics["columns"], rngs, strict=True):
            figures[f"column:{detail['column']}"] = column_figure(
                detail["column"], detail["kind"], self.real_data[column], self.synthetic_data[column], rng=rng
            )
        return figures

    def view(self) -> ReportView:
        """What the HTML shows: the metrics, the sections and the serialised figures."""
        return build_view(self.name, self.compute_metrics(), self.figure_specs())

    def generate_html_report(self) -> str:
        """One self-contained HTML document (plotly.js inlined, no network access needed)."""
        return render_page(self.view())

    def save_report(self, path: str | Path) -> None:
        """Write the HTML report to ``path`` (parent folders are created)."""
        _write(Path(path), self.generate_html_report().encode("utf-8"))

    def save_pdf(self, path: str | Path) -> None:
        """Write the report as a PDF at ``path``, and name the renderer in :attr:`pdf_renderer` (and on the
        ``genesis_dashboard`` logger).

        An installed Chrome, Chromium or Edge prints the HTML with every figure; without one, reportlab lays out
        the same numbers without the plotly figures (see :mod:`genesis_dashboard.export`). Nothing is written
        unless a PDF was produced.
        """
        from genesis_dashboard.export import render_pdf

        rendered = render_pdf(self.view())
        _write(Path(path), rendered.data)
        self.pdf_renderer = rendered.renderer
        logger.info("wrote %s with %s", path, rendered.renderer)


def create_dashboard(
    real_data: pd.DataFrame, synthetic_data: pd.DataFrame, output_path: str | None = None
) -> str:
    """The HTML quality report of ``synthetic_data``; also written to ``output_path`` when one is given."""
    html = QualityDashboard(real_data, synthetic_data).generate_html_report()
    if output_path is not None:
        _write(Path(output_path), html.encode("utf-8"))
    return html


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)

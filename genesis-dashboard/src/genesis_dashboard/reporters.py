"""Reporters of the dashboard (``genesis.protocols.Reporter``): ``render(report)`` draws the given
:class:`~genesis.evaluation.QualityReport`, so its numbers are exactly the report's.

A quality report holds scores, not rows, so each reporter is built with the real and synthetic frames its
distribution plots need. The JSON form is core's ``json`` reporter (the same ``report.to_dict()``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from genesis.errors import ValidationError
from genesis.evaluation import QualityReport
from genesis_dashboard.quality import QualityDashboard
from genesis_dashboard.server import InteractiveDashboard

__all__ = ["HtmlReporter", "InteractiveReporter", "PdfReporter"]


class _FrameReporter:
    """Holds the frames and the title; builds the dashboard for one report."""

    def __init__(
        self, real_data: pd.DataFrame, synthetic_data: pd.DataFrame, path: str | Path | None = None,
        name: str = "Quality Report",
    ) -> None:  # fmt: skip
        self.real_data = real_data
        self.synthetic_data = synthetic_data
        self.path = None if path is None else Path(path)
        self.name = name

    def _dashboard(self, report: object) -> QualityDashboard:
        if not isinstance(report, QualityReport):
            raise ValidationError(f"a reporter renders a QualityReport, got {type(report).__name__}")
        return QualityDashboard(self.real_data, self.synthetic_data, name=self.name, report=report)


class HtmlReporter(_FrameReporter):
    """The self-contained HTML report; written to ``path`` when one is given."""

    def render(self, report: object) -> str:
        """Return the HTML text."""
        dashboard = self._dashboard(report)
        html = dashboard.generate_html_report()
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(html, encoding="utf-8")
        return html


class PdfReporter(_FrameReporter):
    """The report as a PDF at ``path`` (default ``quality_report.pdf``); see :meth:`QualityDashboard.save_pdf`."""

    def render(self, report: object) -> Path:
        """Write the PDF and return its path."""
        path = self.path if self.path is not None else Path("quality_report.pdf")
        self._dashboard(report).save_pdf(path)
        return path


class InteractiveReporter:
    """A live dashboard of the report's frames, started in the background; ``render`` returns it running
    (call ``stop()`` on it when done). The served report is recomputed from the frames with the same
    defaults as :class:`QualityDashboard`."""

    def __init__(
        self, real_data: pd.DataFrame, synthetic_data: pd.DataFrame, host: str = "127.0.0.1", port: int = 8050
    ) -> None:
        self.real_data = real_data
        self.synthetic_data = synthetic_data
        self.host = host
        self.port = port

    def render(self, report: object) -> InteractiveDashboard:
        """Start serving and return the running dashboard (its ``url`` says where)."""
        if not isinstance(report, QualityReport):
            raise ValidationError(f"a reporter renders a QualityReport, got {type(report).__name__}")
        dashboard = InteractiveDashboard(self.real_data, self.synthetic_data, host=self.host, port=self.port)
        dashboard.start()
        return dashboard

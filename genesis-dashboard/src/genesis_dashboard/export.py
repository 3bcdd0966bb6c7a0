"""Choosing how the PDF is drawn: a Chromium-family browser when one is installed, else reportlab.

``GENESIS_PDF_RENDERER`` overrides the choice: ``auto`` (the default), ``browser`` (a browser is required:
:class:`~genesis.errors.ExternalToolError` when none is found) or ``reportlab`` (never start a browser).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from genesis.errors import ConfigError, ExternalToolError
from genesis_dashboard.browsers import find_browser
from genesis_dashboard.render import ReportView, render_page

__all__ = ["RENDERERS", "RENDERER_ENV", "RenderedPdf", "render_pdf"]

#: Environment variable choosing the renderer.
RENDERER_ENV = "GENESIS_PDF_RENDERER"
RENDERERS = ("auto", "browser", "reportlab")


@dataclass(frozen=True)
class RenderedPdf:
    """A PDF and the renderer that drew it (``browser <path>`` or the reportlab one)."""

    data: bytes
    renderer: str


def render_pdf(view: ReportView) -> RenderedPdf:
    """The PDF of ``view``: printed by an installed Chrome, Chromium or Edge with every figure, else laid out by
    reportlab with the same numbers and no plotly figures."""
    choice = os.environ.get(RENDERER_ENV, "auto").strip().lower() or "auto"
    if choice not in RENDERERS:
        raise ConfigError(f"{RENDERER_ENV}={choice!r} is not a PDF renderer; choose one of {', '.join(RENDERERS)}")
    browser = None if choice == "reportlab" else find_browser()
    if browser is not None:
        from genesis_dashboard.pdf import html_to_pdf

        return RenderedPdf(html_to_pdf(render_page(view), browser), f"browser {browser}")
    if choice == "browser":
        raise ExternalToolError(
            f"{RENDERER_ENV}=browser, but no Chrome, Chromium or Edge was found (on PATH or where their installers "
            "put them); install one (`apt-get install chromium` on Debian/Ubuntu) or set GENESIS_CHROMIUM to its path"
        )
    from genesis_dashboard.plain_pdf import PLAIN_RENDERER, view_to_pdf

    return RenderedPdf(view_to_pdf(view), PLAIN_RENDERER)

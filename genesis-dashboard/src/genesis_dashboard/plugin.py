"""Hook implementations of genesis-dashboard, registered under the ``genesis`` entry-point group.

Factories import their modules on first use, so loading the plugin stays cheap.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Any

from genesis import hookimpl
from genesis.plugins import ReporterSpec

__all__ = ["genesis_reporters"]


def _lazy(attribute: str) -> Callable[..., Any]:
    """A factory that imports ``genesis_dashboard.reporters`` when first called."""

    def factory(**kwargs: Any) -> Any:
        return getattr(importlib.import_module("genesis_dashboard.reporters"), attribute)(**kwargs)

    return factory


@hookimpl
def genesis_reporters() -> Iterable[ReporterSpec]:
    """The dashboard's reporters; each takes ``real_data`` and ``synthetic_data`` for its plots."""
    requires = ("plotly>=5.20", "jinja2>=3.1")
    yield ReporterSpec(name="html", summary="Self-contained HTML quality report with plots",
                       factory=_lazy("HtmlReporter"), requires=requires)
    yield ReporterSpec(name="pdf", summary="PDF quality report (an installed Chrome/Chromium/Edge, else reportlab)",
                       factory=_lazy("PdfReporter"), requires=requires)
    yield ReporterSpec(name="interactive", summary="Live dashboard server with WebSocket updates",
                       factory=_lazy("InteractiveReporter"), requires=(*requires, "websockets>=13"))

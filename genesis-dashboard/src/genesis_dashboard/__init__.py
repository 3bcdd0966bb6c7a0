"""Quality dashboards and reports for Genesis: HTML, PDF and a live dashboard over WebSocket.

>>> from genesis_dashboard import QualityDashboard, create_dashboard  # doctest: +SKIP
>>> create_dashboard(real, synthetic, "quality.html")  # doctest: +SKIP

The classes load on first use (pandas and plotly with them), so loading the plugin stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from genesis.lazy import lazy_exports

if TYPE_CHECKING:
    from genesis_dashboard.quality import QualityDashboard, create_dashboard
    from genesis_dashboard.server import InteractiveDashboard

__version__ = "1.3.0"

__all__ = ["InteractiveDashboard", "QualityDashboard", "__version__", "create_dashboard"]

__getattr__, __dir__ = lazy_exports(__name__, {
    "InteractiveDashboard": "genesis_dashboard.server",
    "QualityDashboard": "genesis_dashboard.quality",
    "create_dashboard": "genesis_dashboard.quality",
})

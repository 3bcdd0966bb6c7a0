"""Quality dashboards and reports for Genesis: HTML, PDF and a live dashboard over WebSocket.

>>> from genesis_dashboard import QualityDashboard, create_dashboard  # doctest: +SKIP
>>> create_dashboard(real, synthetic, "quality.html")  # doctest: +SKIP
"""

from genesis_dashboard.quality import QualityDashboard, create_dashboard
from genesis_dashboard.server import InteractiveDashboard

__version__ = "1.3.0"

__all__ = ["InteractiveDashboard", "QualityDashboard", "__version__", "create_dashboard"]

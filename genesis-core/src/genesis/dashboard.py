"""Quality dashboards; implemented by the ``genesis-dashboard`` distribution (extra ``dashboard``)."""

from genesis._forward import make_forwarder

__all__ = ["InteractiveDashboard", "QualityDashboard", "create_dashboard"]

__getattr__ = make_forwarder(__name__, {name: ("genesis_dashboard", "dashboard") for name in __all__})

"""Federated learning; implemented by the ``genesis-federated`` distribution (extra ``federated``)."""

from genesis._forward import make_forwarder

__all__ = [
    "AggregatedModel",
    "DataSite",
    "FederatedGenerator",
    "FederatedTrainingSimulator",
    "ModelAggregator",
    "SecureAggregator",
    "SiteConfig",
    "create_federated_generator",
]

__getattr__ = make_forwarder(__name__, {name: ("genesis_federated", "federated") for name in __all__})

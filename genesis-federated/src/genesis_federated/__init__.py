"""Federated synthetic data with differential privacy for Genesis."""

__version__ = "1.3.0"

__all__ = ["__version__"]

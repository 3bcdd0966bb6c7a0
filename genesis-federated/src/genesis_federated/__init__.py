"""Federated synthetic data with differential privacy for Genesis.

Sites share sufficient statistics of a Gaussian copula on a public domain (never rows); the
coordinator pools them exactly, optionally through pairwise masks with Gaussian noise, and
builds the core copula from the pooled statistics. See ``docs/federated.md``.

The classes load on first use (numpy and scipy with them), so loading the plugin stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from genesis.lazy import lazy_exports

if TYPE_CHECKING:
    from genesis_federated.aggregators import AggregatedModel, ModelAggregator, SecureAggregator
    from genesis_federated.domain import ColumnDomain, Domain
    from genesis_federated.generator import FederatedGenerator, create_federated_generator
    from genesis_federated.remote import RemoteSite
    from genesis_federated.simulator import FederatedTrainingSimulator
    from genesis_federated.site import DataSite, SiteConfig

__version__ = "1.3.0"

__all__ = [
    "AggregatedModel",
    "ColumnDomain",
    "DataSite",
    "Domain",
    "FederatedGenerator",
    "FederatedTrainingSimulator",
    "ModelAggregator",
    "RemoteSite",
    "SecureAggregator",
    "SiteConfig",
    "__version__",
    "create_federated_generator",
]

__getattr__, __dir__ = lazy_exports(__name__, {
    "AggregatedModel": "genesis_federated.aggregators",
    "ModelAggregator": "genesis_federated.aggregators",
    "SecureAggregator": "genesis_federated.aggregators",
    "ColumnDomain": "genesis_federated.domain",
    "Domain": "genesis_federated.domain",
    "FederatedGenerator": "genesis_federated.generator",
    "create_federated_generator": "genesis_federated.generator",
    "RemoteSite": "genesis_federated.remote",
    "FederatedTrainingSimulator": "genesis_federated.simulator",
    "DataSite": "genesis_federated.site",
    "SiteConfig": "genesis_federated.site",
})

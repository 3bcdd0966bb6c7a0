"""Hook implementations of genesis-federated, registered under the ``genesis`` entry-point group."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from genesis import hookimpl
from genesis.plugins import AggregatorSpec, GeneratorSpec

__all__ = ["genesis_aggregators", "genesis_generators"]


def _mean(**kwargs: Any) -> Any:
    """Build a :class:`genesis_federated.aggregators.ModelAggregator` (imported on first use)."""
    from genesis_federated.aggregators import ModelAggregator

    return ModelAggregator(**kwargs)


def _secure(**kwargs: Any) -> Any:
    """Build a :class:`genesis_federated.aggregators.SecureAggregator` (imported on first use)."""
    from genesis_federated.aggregators import SecureAggregator

    return SecureAggregator(**kwargs)


@hookimpl
def genesis_aggregators() -> Iterable[AggregatorSpec]:
    """``mean`` (exact pooling of plaintext statistics) and ``secure`` (masked sums, differential privacy)."""
    yield AggregatorSpec(name="mean", summary="Exact pooling of the sites' sufficient statistics", factory=_mean)
    yield AggregatorSpec(
        name="secure",
        summary="Pairwise-masked sums with record-level (epsilon, delta) differential privacy",
        factory=_secure,
        requires=("prv-accountant>=0.2", "cryptography>=43"),
    )


def _dp_copula(**kwargs: Any) -> Any:
    """Build a :class:`genesis_federated.dp.DPGaussianCopulaGenerator` (imported on first use)."""
    from genesis_federated.dp import DPGaussianCopulaGenerator

    return DPGaussianCopulaGenerator(**kwargs)


@hookimpl
def genesis_generators() -> Iterable[GeneratorSpec]:
    """``dp-gaussian-copula``: a single-table copula with (epsilon, delta) differential privacy."""
    yield GeneratorSpec(
        name="dp-gaussian-copula",
        summary="Gaussian copula from Gaussian-noised statistics on a public domain, (epsilon, delta)-DP",
        factory=_dp_copula,
        requires=("prv-accountant>=0.2",),
    )

"""Core's built-in components, registered through the same hooks as any plugin.

Factories import their implementation lazily so that listing components stays cheap.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from genesis.plugins.hookspecs import hookimpl
from genesis.plugins.types import GeneratorSpec

__all__ = ["genesis_generators"]


def _gaussian_copula(**kwargs: Any) -> Any:
    from genesis.generators.copula import GaussianCopulaGenerator

    return GaussianCopulaGenerator(**kwargs)


@hookimpl
def genesis_generators() -> Iterable[GeneratorSpec]:
    """Core's generators."""
    yield GeneratorSpec(
        name="gaussian-copula",
        summary="Gaussian copula with fitted marginals, point masses, nulls and functional dependencies",
        factory=_gaussian_copula,
    )

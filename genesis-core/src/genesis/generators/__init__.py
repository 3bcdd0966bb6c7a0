"""Genesis generators: the built-in Gaussian copula and the conditional-generation dialect.

``GaussianCopulaGenerator`` is imported on first use, so importing
``genesis.generators.conditional`` stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from genesis.generators.copula import GaussianCopulaGenerator

__all__ = ["GaussianCopulaGenerator"]


def __getattr__(name: str) -> Any:
    if name == "GaussianCopulaGenerator":
        from genesis.generators.copula import GaussianCopulaGenerator

        return GaussianCopulaGenerator
    raise AttributeError(f"module 'genesis.generators' has no attribute {name!r}")

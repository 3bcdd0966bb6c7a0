"""Genesis generators: the built-in Gaussian copula (the condition dialect lives in :mod:`genesis.conditions`).

``GaussianCopulaGenerator`` is imported on first use, so importing
``genesis.conditions`` stays light.
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

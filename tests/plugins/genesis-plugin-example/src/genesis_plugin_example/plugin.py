"""Hook implementations of the example plugin.

The generator module (numpy, pandas) is imported when the generator is created, never when the plugin loads:
every ``genesis`` command loads every plugin.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from genesis import hookimpl
from genesis.plugins import GeneratorSpec

__all__ = ["create_independent_marginals", "genesis_generators"]


def create_independent_marginals(**kwargs: Any) -> Any:
    """Build an :class:`~genesis_plugin_example.generator.IndependentMarginals` (imported on first use)."""
    from genesis_plugin_example.generator import IndependentMarginals

    return IndependentMarginals(**kwargs)


@hookimpl
def genesis_generators() -> Iterable[GeneratorSpec]:
    """Register the independent-marginals generator."""
    yield GeneratorSpec(
        name="independent-marginals",
        summary="Samples each column independently (baseline)",
        factory=create_independent_marginals,
        requires=("numpy>=1.26",),
    )

"""Hook implementations of the example plugin."""

from __future__ import annotations

from collections.abc import Iterable

from genesis import hookimpl
from genesis.plugins import GeneratorSpec
from genesis_plugin_example.generator import IndependentMarginals

__all__ = ["genesis_generators"]


@hookimpl
def genesis_generators() -> Iterable[GeneratorSpec]:
    """Register the independent-marginals generator."""
    yield GeneratorSpec(
        name="independent-marginals",
        summary="Samples each column independently (baseline)",
        factory=IndependentMarginals,
        requires=("numpy>=1.26",),
    )

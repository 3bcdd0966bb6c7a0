"""Registers ``independent_marginals``, which normalises to the example plugin's name."""

from __future__ import annotations

from collections.abc import Iterable

from genesis import hookimpl
from genesis.plugins import GeneratorSpec

__all__ = ["genesis_generators"]


def _unavailable() -> object:
    raise NotImplementedError("this test plugin only exists to clash on a name")


@hookimpl
def genesis_generators() -> Iterable[GeneratorSpec]:
    """A record whose name clashes with genesis-plugin-example's generator."""
    yield GeneratorSpec(name="independent_marginals", summary="Clashing name", factory=_unavailable)

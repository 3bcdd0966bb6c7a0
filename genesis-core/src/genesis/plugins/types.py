"""Frozen spec records that registration hooks return.

A record names a component, says what it does, and carries the factory that builds it.
The manager attaches the providing plugin's name when it collects the records.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from genesis.errors import ConfigError
from genesis.protocols import Aggregator, AsyncSink, Executor, Generator, NLParser, Reporter, Sampler, Sink

#: The component type a spec's factory builds.
C = TypeVar("C")

__all__ = [
    "AggregatorSpec",
    "BatchInfo",
    "ComponentSpec",
    "ExecutorSpec",
    "GeneratorSpec",
    "NLParserSpec",
    "ReporterSpec",
    "RunInfo",
    "RunResult",
    "SamplerSpec",
    "SinkSpec",
    "normalize_name",
]

_SEPARATORS = re.compile(r"[\s_.]+")
_VALID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def normalize_name(name: str) -> str:
    """Return the canonical lowercase kebab-case form of a component name.

    ``"Gaussian_Copula"`` and ``"gaussian copula"`` both become ``"gaussian-copula"``, so users may
    spell a method the way the API reference does (``method="gaussian_copula"``).
    """
    canonical = _SEPARATORS.sub("-", name.strip().lower())
    if not _VALID.match(canonical):
        raise ConfigError(f"invalid component name {name!r}: use letters, digits and '-'")
    return canonical


@dataclass(frozen=True, kw_only=True)
class ComponentSpec(Generic[C]):
    """What every registration record has in common; ``create()`` returns the component type ``C``."""

    kind: ClassVar[str] = "component"

    name: str
    summary: str
    factory: Callable[..., C]
    config_model: type | None = None
    requires: tuple[str, ...] = ()
    plugin: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not callable(self.factory):
            raise ConfigError(f"{self.kind} '{self.name}': factory must be callable, got {self.factory!r}")
        if not self.summary.strip():
            raise ConfigError(f"{self.kind} '{self.name}': summary must not be empty")
        object.__setattr__(self, "name", normalize_name(self.name))
        object.__setattr__(self, "requires", tuple(self.requires))

    def create(self, **kwargs: Any) -> C:
        """Build the component, passing ``kwargs`` to the factory."""
        return self.factory(**kwargs)


@dataclass(frozen=True, kw_only=True)
class GeneratorSpec(ComponentSpec[Generator]):
    """A synthetic-data model (``Generator`` protocol)."""

    kind: ClassVar[str] = "generator"


@dataclass(frozen=True, kw_only=True)
class SamplerSpec(ComponentSpec[Sampler]):
    """A conditional sampling strategy (``Sampler`` protocol)."""

    kind: ClassVar[str] = "sampler"


@dataclass(frozen=True, kw_only=True)
class AggregatorSpec(ComponentSpec[Aggregator]):
    """A federated aggregation rule (``Aggregator`` protocol)."""

    kind: ClassVar[str] = "aggregator"


@dataclass(frozen=True, kw_only=True)
class SinkSpec(ComponentSpec[Sink | AsyncSink]):
    """A destination for generated batches (``Sink`` or ``AsyncSink`` protocol)."""

    kind: ClassVar[str] = "sink"


@dataclass(frozen=True, kw_only=True)
class ReporterSpec(ComponentSpec[Reporter]):
    """A renderer of quality reports (``Reporter`` protocol)."""

    kind: ClassVar[str] = "reporter"


@dataclass(frozen=True, kw_only=True)
class NLParserSpec(ComponentSpec[NLParser]):
    """A natural-language request parser (``NLParser`` protocol)."""

    kind: ClassVar[str] = "nl-parser"


@dataclass(frozen=True, kw_only=True)
class ExecutorSpec(ComponentSpec[Executor]):
    """A partition executor, local or distributed (``Executor`` protocol)."""

    kind: ClassVar[str] = "executor"


@dataclass(frozen=True, kw_only=True)
class RunInfo:
    """Describes one generation run to lifecycle hooks; never carries data values."""

    run_id: str
    method: str
    n_samples: int | None
    seed: int | None = None
    parameters: dict[str, Any] = field(default_factory=dict)
    started_at: float = 0.0


@dataclass(frozen=True, kw_only=True)
class BatchInfo:
    """Counts, ids and timing of one emitted batch; never the rows themselves."""

    batch_id: int
    rows: int
    first_row: int
    elapsed: float


@dataclass(frozen=True, kw_only=True)
class RunResult:
    """Summary of a finished run."""

    total_rows: int
    total_batches: int
    elapsed: float
    outputs: dict[str, Any] = field(default_factory=dict)

"""Structural types of the components plugins provide.

Factories registered through the hooks return objects that satisfy these protocols; Genesis
only ever talks to components through them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from types import TracebackType
    from typing import Self

    import pandas as pd

    from genesis.conditions import ConditionSet
    from genesis.schema import Schema

__all__ = [
    "Aggregator", "AsyncSink", "Executor", "Generator", "NLParser", "Reporter", "Sampler", "Sink", "SinkWithCaveats",
]  # fmt: skip


@runtime_checkable
class Generator(Protocol):
    """A synthetic-data model: learn from a frame, then draw new rows.

    ``schema`` is what the model learned the data to be; the run pipeline checks requests against it (unknown
    columns and values are named before anything is drawn). A generator that also implements
    :class:`genesis.conditions.ExactConditioning` is conditioned exactly; any other gets budgeted rejection.
    On Python 3.11 ``isinstance(x, Generator)`` reads ``schema``, so check a fitted generator.
    """

    @property
    def schema(self) -> Schema:
        """The schema of the data the model was fitted on."""
        ...

    def fit(self, data: pd.DataFrame, schema: Schema | None = None) -> Self:
        """Learn the model from ``data`` (with ``schema`` instead of an inferred one, if given); return ``self``."""
        ...

    def generate(self, n: int, *, conditions: ConditionSet | None = None, seed: int | None = None) -> pd.DataFrame:
        """Draw ``n`` rows, honouring ``conditions``; the same ``seed`` gives the same frame."""
        ...


@runtime_checkable
class Sampler(Protocol):
    """A strategy that draws rows satisfying conditions from a generator."""

    def sample(self, generator_fn: Any, n_samples: int, conditions: Any, seed: int | None = None) -> pd.DataFrame:
        """Return exactly ``n_samples`` rows that satisfy ``conditions``."""
        ...


@runtime_checkable
class Sink(Protocol):
    """A destination for batches of generated rows; used as a context manager."""

    def open(self, schema: Any) -> None:
        """Prepare to receive batches of frames with ``schema``."""
        ...

    def write(self, batch: pd.DataFrame) -> None:
        """Write one batch; raise on failure so nothing is silently lost."""
        ...

    def close(self) -> None:
        """Flush and release resources."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...


@runtime_checkable
class SinkWithCaveats(Protocol):
    """A sink that can say, after a successful close, what its destination may hold beyond the rows written
    (every row delivered, some perhaps twice). Optional: ``genesis generate`` prints each caveat as one red line
    and exits with :data:`genesis.cli.console.EXIT_CAVEATS`."""

    def caveats(self) -> list[str]: ...


@runtime_checkable
class AsyncSink(Protocol):
    """The asynchronous counterpart of :class:`Sink`."""

    async def open(self, schema: Any) -> None: ...

    async def write(self, batch: pd.DataFrame) -> None: ...

    async def close(self) -> None: ...


@runtime_checkable
class Aggregator(Protocol):
    """Combines the parameters shared by federated sites into one model."""

    def aggregate(self, site_params: list[dict[str, Any]]) -> Any:
        """Return an aggregated model from the sites' shared parameters."""
        ...


@runtime_checkable
class Reporter(Protocol):
    """Turns a quality report into an artifact (text, a file, a server)."""

    def render(self, report: Any) -> Any:
        """Render ``report`` and return the artifact."""
        ...


@runtime_checkable
class NLParser(Protocol):
    """Turns a natural-language request into a count and conditions grounded in a schema."""

    def parse(self, text: str, schema: Any) -> Any:
        """Return an interpretation of ``text`` against ``schema``."""
        ...


@runtime_checkable
class Executor(Protocol):
    """Runs generation partitions, locally or on a distributed engine."""

    def map_partitions(self, fn: Any, partitions: Iterable[Mapping[str, Any]]) -> Iterable[Any]:
        """Apply ``fn`` to each partition description and yield the results in order."""
        ...

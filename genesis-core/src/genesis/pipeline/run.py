"""The run pipeline: one fitted model, every surface's requests, one way through.

A :class:`Pipeline` owns what a run needs beyond the model: the checks of the request against the schema, the
conditioning strategy (exact for a generator that offers it, budgeted rejection otherwise), seeding by fixed
blocks (:mod:`genesis.pipeline.blocks`), the lifecycle hooks (so lineage and reporters see every run), the
lineage recorder when lineage is on, and the sink's life. Surfaces (CLI, REST, chat, WebSocket, Kafka, the
streaming classes, executors, the demo) build a :class:`GenerationRequest` and hand it over.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd

from genesis.conditions import ConditionSet, as_condition_set
from genesis.conditions.sampler import Plans
from genesis.errors import ConfigError
from genesis.pipeline.checks import check_conditions
from genesis.pipeline.drawing import DEFAULT_DRAW_BUDGET, Drawable, draw_rows, empty_frame, plan_drawer
from genesis.pipeline.seeding import fresh_seed
from genesis.plugins.types import BatchInfo, RunInfo, RunResult
from genesis.protocols import Executor, Sink
from genesis.schema import Schema
from genesis.validation import require_int

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from genesis.lineage.recorder import LineageRecorder

__all__ = ["GenerationRequest", "Pipeline", "Run", "RunReport"]

T = TypeVar("T")

#: Rows a stream without an end may reach: far beyond any run, so ``n=None`` never stops on its own.
_ENDLESS = 1 << 62


@dataclass(frozen=True)
class GenerationRequest:
    """What a surface asks for: ``n`` rows (``None``: a stream without end) from row ``start``, in batches.

    The rows depend only on ``(seed, conditions)`` and their positions, never on ``batch_size``.
    """

    n: int | None
    seed: int | None = None
    conditions: ConditionSet | None = None
    batch_size: int = 10_000
    start: int = 0

    def __post_init__(self) -> None:
        if self.n is not None:
            require_int("n", self.n, minimum=0)
        require_int("batch_size", self.batch_size, minimum=1)
        require_int("start", self.start, minimum=0)
        if self.seed is not None:
            require_int("seed", self.seed, minimum=0)
            if self.seed >= 1 << 63:
                raise ConfigError(f"seed must be below 2**63, got {self.seed}")
        if self.conditions is not None:
            object.__setattr__(self, "conditions", as_condition_set(self.conditions))


@dataclass(frozen=True)
class RunReport:
    """What a finished run did: its id, the seed it used, what it produced, and the lineage head after it."""

    run_id: str
    seed: int
    rows: int
    batches: int
    elapsed: float
    lineage_head: str | None = None
    outputs: dict[str, Any] = field(default_factory=dict)


class Run:
    """One run: iterate it for its batches; the hooks fire as it goes and :attr:`report` is set at the end.

    Checks and conditioning plans are made when the run is created, so a request that cannot be served fails
    before any hook fires or any sink is opened.
    """

    def __init__(self, pipeline: Pipeline, request: GenerationRequest, surface: str,
                 parameters: dict[str, Any], *, observed: bool = True) -> None:
        self.pipeline = pipeline
        self.request = request
        self.seed = request.seed if request.seed is not None else fresh_seed()
        conditions = request.conditions if request.conditions is not None and len(request.conditions) else None
        if conditions is not None and pipeline.schema is not None:
            check_conditions(conditions, pipeline.schema)
        self.conditions = conditions
        self._draw = plan_drawer(pipeline.model, conditions, request.n or 1, pipeline.draw_budget,
                                 pipeline.conditioning_plans)
        self.info = RunInfo(
            run_id=uuid.uuid4().hex, method=pipeline.method, n_samples=request.n, seed=self.seed,
            parameters={"surface": surface, "conditions": conditions.to_dict() if conditions else None,
                        "batch_size": request.batch_size, "start": request.start, **_privacy(pipeline.model),
                        **parameters},
            started_at=time.time())
        self.report: RunReport | None = None
        self._observed_by_hooks = observed

    @property
    def run_id(self) -> str:
        """The run's id, known before it starts (REST responses carry it)."""
        return self.info.run_id

    def __iter__(self) -> Iterator[pd.DataFrame]:
        return self._observed(self._rows(), len) if self._observed_by_hooks else self._rows()

    def _rows(self) -> Iterator[pd.DataFrame]:
        request = self.request
        stop = _ENDLESS if request.n is None else request.start + request.n
        return draw_rows(self._draw, self.seed, request.start, stop, request.batch_size)

    def observe(self, items: Iterable[T], rows_of: Callable[[T], int]) -> Iterator[T]:
        """Pass ``items`` through while the hooks see the run: started, one batch per item, finished or failed.

        A consumer that stops early (a stream closed) ends the run as finished with what it got.
        """
        return self._observed(items, rows_of)

    def _observed(self, items: Iterable[T], rows_of: Callable[[T], int]) -> Iterator[T]:
        from genesis.plugins.manager import get_plugin_manager

        hook = get_plugin_manager().hook
        rows = batches = 0
        started = time.perf_counter()
        hook.genesis_run_started(run=self.info)
        try:
            for item in items:
                count = rows_of(item)
                info = BatchInfo(batch_id=batches, rows=count, first_row=self.request.start + rows,
                                 elapsed=time.perf_counter() - started)
                rows, batches = rows + count, batches + 1
                hook.genesis_batch_emitted(run=self.info, batch=info)
                yield item
        except GeneratorExit:
            self._finish(hook, rows, batches, started)
            raise
        except BaseException as error:
            hook.genesis_run_failed(run=self.info, error=error)
            raise
        self._finish(hook, rows, batches, started)

    def _finish(self, hook: Any, rows: int, batches: int, started: float) -> None:
        elapsed = time.perf_counter() - started
        result = RunResult(total_rows=rows, total_batches=batches, elapsed=elapsed, outputs=self.info.parameters)
        hook.genesis_run_finished(run=self.info, result=result)
        self.report = RunReport(self.run_id, self.seed, rows, batches, elapsed, self.pipeline.lineage_head,
                                dict(self.info.parameters))


class Pipeline:
    """A fitted model behind every surface.

    :param model: any fitted generator.
    :param method: the registered name the model was made with (recorded in lineage).
    :param schema: the schema requests are checked against; by default the model's own ``schema``.
    :param draw_budget: model rows a rejection sampler may draw per request (exact conditioning needs none).
    :param lineage: a chain file (or a :class:`~genesis.lineage.LineageRecorder`) every run is appended to.
    :param lineage_key: an Ed25519 key that signs a checkpoint of the chain after each run.
    """

    def __init__(self, model: Drawable, *, method: str | None = None, schema: Schema | None = None,
                 draw_budget: int = DEFAULT_DRAW_BUDGET, lineage: str | Path | LineageRecorder | None = None,
                 lineage_key: Ed25519PrivateKey | None = None) -> None:
        require_int("draw_budget", draw_budget, minimum=1)
        self.model = model
        self.method = method or type(model).__name__
        found = schema if schema is not None else getattr(model, "schema", None)
        self.schema = found if isinstance(found, Schema) else None
        self.draw_budget = draw_budget
        self.recorder = _recorder(lineage, lineage_key)
        #: Latent regions prepared for the conditions of earlier runs, reused by later ones (bounded).
        self.conditioning_plans: Plans = {}

    @property
    def lineage_head(self) -> str | None:
        """The hash of the lineage chain's newest block, when lineage is on."""
        return self.recorder.chain.latest_hash if self.recorder is not None else None

    def run(self, request: GenerationRequest, *, surface: str, **parameters: Any) -> Run:
        """A checked, planned run of ``request``; iterate it for batches."""
        return Run(self, request, surface, parameters)

    def rows(self, request: GenerationRequest) -> Iterator[pd.DataFrame]:
        """The batches of ``request`` without firing hooks: one partition of a run observed elsewhere."""
        return iter(Run(self, request, "partition", {}, observed=False))

    def frame(self, request: GenerationRequest, *, surface: str, **parameters: Any) -> tuple[pd.DataFrame, RunReport]:
        """All of a bounded request's rows as one frame, and the run's report."""
        if request.n is None:
            raise ConfigError("a request without an end cannot be collected into one frame")
        run = self.run(request, surface=surface, **parameters)
        batches = list(run)
        frame = pd.concat(batches, ignore_index=True) if batches else empty_frame(self.model)
        assert run.report is not None
        return frame, run.report

    def into_sink(self, request: GenerationRequest, sink: Sink, *, surface: str,
                  on_batch: Callable[[int], None] | None = None, **parameters: Any) -> RunReport:
        """Write a request's batches to ``sink``, opened here and closed in every case.

        The run is checked and planned before the sink opens, so a refused request leaves no output behind;
        the sink is closed before the run is reported finished.
        """
        run = self.run(request, surface=surface, **parameters)
        with sink:
            for batch in run:
                sink.write(batch)
                if on_batch is not None:
                    on_batch(len(batch))
        assert run.report is not None
        return run.report

    def partitioned(self, request: GenerationRequest, output: str, *, executor: Executor, sink: str = "parquet",
                    partition_rows: int = 1_000_000, on_part: Callable[[int], None] | None = None, surface: str,
                    **parameters: Any) -> RunReport:
        """Write a bounded request as part files under ``output`` (a folder or fsspec URL) on ``executor``.

        The parts hold exactly the rows a single stream of the same request holds; the hooks see one batch per
        part.
        """
        from genesis.executors.partitions import iter_partitioned

        if request.n is None:
            raise ConfigError("partitioned generation needs a number of rows")
        run = self.run(request, surface=surface, output=output, sink=sink, partition_rows=partition_rows,
                       **parameters)
        parts = iter_partitioned(self.model, request.n, output, seed=run.seed, executor=executor,
                                 partition_rows=partition_rows, batch_size=request.batch_size,
                                 conditions=run.conditions, sink=sink)
        for part in run.observe(parts, lambda result: result.rows):
            if on_part is not None:
                on_part(part.rows)
        assert run.report is not None
        return run.report

    def close(self) -> None:
        """Stop recording lineage (the chain file stays)."""
        if self.recorder is not None:
            self.recorder.unregister()

    def __enter__(self) -> Pipeline:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _recorder(lineage: str | Path | LineageRecorder | None, key: Ed25519PrivateKey | None) -> LineageRecorder | None:
    if lineage is None:
        return None
    from genesis.lineage.recorder import LineageRecorder, record_lineage

    if isinstance(lineage, LineageRecorder):
        return lineage
    return record_lineage(lineage, signing_key=key)


def _privacy(model: object) -> dict[str, Any]:
    """What a differentially private model spent (its ``privacy_spent``), for the run record and so for lineage."""
    spent = getattr(model, "privacy_spent", None)
    return {"privacy": dict(spent)} if isinstance(spent, Mapping) else {}

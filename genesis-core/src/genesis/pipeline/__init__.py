"""The one way every surface turns a fitted model and a request into rows.

``fit`` makes the model, :class:`Pipeline` serves its requests (checks, exact conditioning, block seeding,
lifecycle hooks, lineage, sinks). See ``docs/architecture.md`` for the flow.

    >>> model = fit(frame)                                            # doctest: +SKIP
    >>> rows, report = Pipeline(model).frame(GenerationRequest(1_000, seed=7), surface="python")  # doctest: +SKIP
"""

from genesis.pipeline.blocks import FIRST_BLOCK_ROWS, MAX_BLOCK_ROWS
from genesis.pipeline.drawing import DEFAULT_DRAW_BUDGET
from genesis.pipeline.fitting import DEFAULT_METHOD, fit
from genesis.pipeline.run import GenerationRequest, Pipeline, Run, RunReport

__all__ = [
    "DEFAULT_DRAW_BUDGET",
    "DEFAULT_METHOD",
    "FIRST_BLOCK_ROWS",
    "MAX_BLOCK_ROWS",
    "GenerationRequest",
    "Pipeline",
    "Run",
    "RunReport",
    "fit",
]

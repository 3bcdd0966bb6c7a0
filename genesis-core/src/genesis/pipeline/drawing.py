"""Drawing a run's rows block by block, with the conditioning strategy the model allows.

A generator that conditions exactly (:class:`~genesis.conditions.ExactConditioning`) is sampled inside its latent
model, one prepared region reused by every block. Any other generator gets rejection sampling, but only after a
feasibility estimate on :data:`PILOT_ROWS` of its rows: a condition it never meets, or one that would need more
than the draw budget, is refused before a single block is drawn, naming the bottleneck condition.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Protocol

import pandas as pd

from genesis.conditions import ConditionSet, ExactConditioning, conditional_sample
from genesis.conditions.collect import collect
from genesis.conditions.feasibility import sampled_feasibility
from genesis.conditions.proposals import unconditioned_proposal
from genesis.conditions.sampler import Plans, refuse_impossible
from genesis.errors import GenerationError, InfeasibleConditionError
from genesis.pipeline.blocks import block_spans
from genesis.pipeline.seeding import child_seed

__all__ = ["DEFAULT_DRAW_BUDGET", "PILOT_ROWS", "BlockDrawer", "Drawable", "draw_rows", "empty_frame", "plan_drawer"]

#: Model rows a rejection sampler may draw for one request before it is refused up front.
DEFAULT_DRAW_BUDGET = 20_000_000
#: Unconditioned rows the feasibility estimate of a rejection sampler looks at.
PILOT_ROWS = 20_000
#: Proposal rounds one block may take.
_BLOCK_ROUNDS = 100


class Drawable(Protocol):
    """What the pipeline draws from: any fitted generator."""

    def generate(self, n: int, *, conditions: ConditionSet | None = None,
                 seed: int | None = None) -> pd.DataFrame: ...


class BlockDrawer(Protocol):
    """Draws one block: ``size`` rows with ``seed``."""

    def __call__(self, size: int, seed: int) -> pd.DataFrame: ...


def _exact(model: ExactConditioning, conditions: ConditionSet, n: int, plans: Plans) -> BlockDrawer:
    refuse_impossible(model, conditions, n, plans)  # prepares the region every block reuses

    def draw(size: int, seed: int) -> pd.DataFrame:
        return conditional_sample(model, conditions, size, seed=seed, max_iterations=_BLOCK_ROUNDS, plans=plans)

    return draw


def _bottleneck(conditions: ConditionSet, pilot: pd.DataFrame) -> str:
    rates = [(float(ConditionSet([c]).mask(pilot).mean()), str(c)) for c in conditions]
    rate, condition = min(rates)
    return f"{condition} (met by {rate:.4%} of {len(pilot):,} model rows)"


def _rejection(model: Drawable, conditions: ConditionSet, n: int, budget: int) -> BlockDrawer:
    feasibility = sampled_feasibility(model, conditions, PILOT_ROWS, seed=0)
    if feasibility.accepted == 0:
        pilot = unconditioned_proposal(model)(PILOT_ROWS, 0)
        raise InfeasibleConditionError(
            f"no row of {PILOT_ROWS:,} drawn from {type(model).__name__} meets {conditions}; bottleneck: "
            f"{_bottleneck(conditions, pilot)}. {type(model).__name__} cannot condition exactly, so "
            "rows are drawn and filtered: relax that condition.")
    needed = math.ceil(n / feasibility.probability)
    if needed > budget:
        raise InfeasibleConditionError(
            f"{n:,} rows meeting {conditions} would need about {needed:,} draws from {type(model).__name__} "
            f"(acceptance {feasibility.probability:.4%}), over the budget of {budget:,}: ask for fewer rows, relax "
            "the conditions, or raise draw_budget")
    proposal = unconditioned_proposal(model)
    prior = (feasibility.accepted, feasibility.proposed)

    def draw(size: int, seed: int) -> pd.DataFrame:
        return collect(proposal, conditions, size, seed=seed, prior=prior, max_iterations=_BLOCK_ROUNDS)

    return draw


def plan_drawer(model: Drawable, conditions: ConditionSet | None, n: int,
                budget: int = DEFAULT_DRAW_BUDGET, plans: Plans | None = None) -> BlockDrawer:
    """How blocks of ``model`` are drawn under ``conditions`` (refused here when they cannot be met).

    ``plans``, kept by the caller for the model's life, reuses the latent region prepared for conditions seen before
    (a server asked the same conditions again skips preparing them).
    """
    if conditions is None or not len(conditions):
        return lambda size, seed: model.generate(size, seed=seed)
    if isinstance(model, ExactConditioning):
        return _exact(model, conditions, n, {} if plans is None else plans)
    return _rejection(model, conditions, n, budget)


def _block(draw: BlockDrawer, size: int, seed: int) -> pd.DataFrame:
    rows = draw(size, seed)
    if len(rows) == 0:
        raise GenerationError(f"the generator returned no rows for a block of {size:,}")
    if len(rows) < size:
        raise GenerationError(f"the generator returned {len(rows):,} rows for a block of {size:,}")
    return rows.iloc[:size].reset_index(drop=True)


def draw_rows(draw: BlockDrawer, root_seed: int, start: int, stop: int,
              batch_size: int) -> Iterator[pd.DataFrame]:
    """Rows ``[start, stop)`` of the run seeded ``root_seed``, in batches of ``batch_size`` (the last shorter).

    Block ``i`` is drawn with ``child_seed(root_seed, i)``; only the blocks holding the range are drawn, one at a
    time, so memory stays at one block plus one batch.
    """
    pending: list[pd.DataFrame] = []
    held = 0
    for index, first, end in block_spans(start, stop):
        block = _block(draw, end - first, child_seed(root_seed, index))
        block = block.iloc[max(start - first, 0):min(stop, end) - first]
        pending.append(block)
        held += len(block)
        while held >= batch_size:
            merged = pd.concat(pending, ignore_index=True) if len(pending) > 1 else pending[0]
            yield merged.iloc[:batch_size].reset_index(drop=True)
            rest = merged.iloc[batch_size:]
            pending, held = ([rest], len(rest)) if len(rest) else ([], 0)
    if held:
        yield (pd.concat(pending, ignore_index=True) if len(pending) > 1 else pending[0]).reset_index(drop=True)


def empty_frame(model: Drawable) -> pd.DataFrame:
    """A frame with the model's columns and dtypes and no rows."""
    return model.generate(1, seed=0).iloc[:0]


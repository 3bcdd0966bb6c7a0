"""The sampling loop every strategy shares: propose, keep the rows that satisfy, adapt, stop at exactly n.

A *proposal* is ``propose(m, seed) -> DataFrame``: ``m`` units of work (rows or latent draws) that
yield candidate rows. The loop estimates the acceptance rate per unit from what it has seen
(a Jeffreys posterior, seeded by the caller's prior guess), sizes the next batch to finish in one
more call, and stops with exactly ``n`` rows. When the budget runs out, or the evidence says it
will, it raises :class:`~genesis.errors.InfeasibleConditionError` naming how far it got and the
bottleneck condition, or returns the partial result if the caller asked for it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import special

from genesis.conditions.condition_set import ConditionSet
from genesis.errors import InfeasibleConditionError

__all__ = ["Proposal", "SamplingStats", "collect", "infeasible_error", "spawn_seed"]

Proposal = Callable[[int, int], pd.DataFrame]

#: Largest batch a single proposal call is asked for, to bound memory.
MAX_BATCH = 500_000
_MIN_BATCH = 64


def spawn_seed(sequence: np.random.SeedSequence) -> int:
    """A fresh 32-bit integer seed from ``sequence`` (deterministic given the root seed)."""
    return int(sequence.spawn(1)[0].generate_state(1, dtype=np.uint32)[0])


@dataclass
class SamplingStats:
    """What one sampling run did: units proposed, rows seen, rows kept, per-condition pass counts."""

    proposed: int = 0
    candidates: int = 0
    accepted: int = 0
    iterations: int = 0
    passes: dict[str, int] = field(default_factory=dict)

    def record(self, conditions: ConditionSet, batch: pd.DataFrame) -> np.ndarray:
        """Update the counts with one batch and return its joint mask."""
        keep = np.ones(len(batch), dtype=bool)
        for condition in conditions:
            hit = condition.mask(batch)
            self.passes[str(condition)] = self.passes.get(str(condition), 0) + int(hit.sum())
            keep &= hit
        self.candidates += len(batch)
        self.accepted += int(keep.sum())
        return keep

    def bottleneck(self) -> tuple[str, float] | None:
        """The condition the fewest candidates passed, with its pass rate."""
        if not self.passes or not self.candidates:
            return None
        name = min(self.passes, key=lambda key: self.passes[key])
        return name, self.passes[name] / self.candidates


def infeasible_error(
    conditions: ConditionSet, n: int, found: pd.DataFrame, stats: SamplingStats, reason: str
) -> InfeasibleConditionError:
    """An error that says how far sampling got, why it stopped and what to relax; rows found ride along."""
    bottleneck = stats.bottleneck()
    hint = (
        f"; bottleneck: {bottleneck[0]} (passed by {bottleneck[1]:.4%} of {stats.candidates:,} generated rows)"
        if bottleneck
        else ""
    )
    error = InfeasibleConditionError(
        f"found {len(found):,} of {n:,} rows satisfying {conditions} after {stats.iterations} iterations "
        f"and {stats.proposed:,} proposals ({reason}){hint}. Relax that condition, ask for fewer rows, "
        f"raise max_iterations, or pass allow_partial=True to accept the rows found."
    )
    error.found = found  # type: ignore[attr-defined]
    error.requested = n  # type: ignore[attr-defined]
    error.bottleneck = bottleneck[0] if bottleneck else None  # type: ignore[attr-defined]
    return error


def collect(
    propose: Proposal,
    conditions: ConditionSet,
    n: int,
    *,
    seed: int | np.random.SeedSequence | None,
    prior: tuple[float, float],
    max_iterations: int,
    adapt: bool = True,
    batch_multiplier: float = 1.0,
    allow_partial: bool = False,
    stats: SamplingStats | None = None,
) -> pd.DataFrame:
    """Exactly ``n`` proposed rows satisfying ``conditions`` (fewer only with ``allow_partial``).

    ``prior`` is ``(accepted, proposed)`` pseudo-counts for the acceptance rate per proposal unit
    before anything is observed (a model's feasibility sample, or ``(1, 1)`` for an exact
    proposal). With ``adapt`` each batch follows the rate so far, the first one at least
    ``ceil(n * batch_multiplier)`` units; without it every batch is that size. ``stats``, if given,
    receives the run's counters.
    """
    sequence = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    stats = SamplingStats() if stats is None else stats
    kept: list[pd.DataFrame] = []
    found = 0
    if n == 0:
        return propose(0, spawn_seed(sequence)).iloc[:0]
    while found < n:
        if stats.iterations >= max_iterations:
            return _shortfall(conditions, n, kept, stats, "max_iterations exhausted", allow_partial)
        need = n - found
        if adapt:
            rate = (stats.accepted + prior[0] + 0.5) / (stats.proposed + prior[1] + 1.0)
            if stats.proposed >= MAX_BATCH and _hopeless(stats, need, max_iterations):
                return _shortfall(conditions, n, kept, stats, "the acceptance rate is ~0", allow_partial)
            size = math.ceil(need / max(rate, 1e-12) * 1.1) + 16
            if not stats.iterations:  # the caller's oversample factor bounds the first batch from below
                size = max(size, math.ceil(n * batch_multiplier))
        else:
            size = math.ceil(n * batch_multiplier)
        size = int(min(max(size, _MIN_BATCH), MAX_BATCH))
        batch = propose(size, spawn_seed(sequence))
        stats.proposed += size
        stats.iterations += 1
        keep = stats.record(conditions, batch)
        if keep.any() or not kept:
            kept.append(batch[keep])
            found += int(keep.sum())
    return pd.concat(kept, ignore_index=True).iloc[:n].reset_index(drop=True)


def _hopeless(stats: SamplingStats, need: int, max_iterations: int) -> bool:
    """Even at the 99.9% upper bound of the rate, the remaining budget cannot yield ``need`` rows.

    The bound is the Jeffreys interval's: the 0.999 quantile of Beta(accepted + ½, rejected + ½), computed with
    ``scipy.special.betaincinv`` (what ``scipy.stats.beta.ppf`` calls) so that ``scipy.stats`` and its ~0.5 s
    import stay off every generate path.
    """
    upper = float(special.betaincinv(stats.accepted + 0.5, stats.proposed - stats.accepted + 0.5, 0.999))
    return upper * MAX_BATCH * (max_iterations - stats.iterations) < need


def _shortfall(
    conditions: ConditionSet, n: int, kept: list[pd.DataFrame], stats: SamplingStats, reason: str, allow_partial: bool
) -> pd.DataFrame:
    found = pd.concat(kept, ignore_index=True) if kept else pd.DataFrame()  # kept[0] may be an empty frame
    if allow_partial:
        return found.iloc[:n].reset_index(drop=True)
    raise infeasible_error(conditions, n, found, stats, reason)

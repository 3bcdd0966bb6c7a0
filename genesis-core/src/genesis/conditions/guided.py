"""``GuidedConditionalSampler``: conditional sampling strategies over any generator function.

Strategies (all return exactly ``n_samples`` rows that satisfy the conditions):

``rejection``             fixed batches of ``ceil(n * batch_multiplier)`` rows, filtered.
``iterative_refinement``  batches sized from the acceptance rate observed so far (a Jeffreys
                          estimate, seeded by the rate in the data given to :meth:`fit`), so the
                          run ends in about one more call whatever the selectivity.
                          ``batch_multiplier`` is the oversample factor, fitted or not: the first
                          call asks for at least ``n * batch_multiplier`` rows.
``importance_sampling``   when the generator is a latent-Gaussian model (the built-in copula),
                          proposals come from the truncated normal of the conditioned columns
                          (GHK) and are accepted with probability ``w / max w``: exact draws, no
                          duplicates, no resampling bias. Any other generator is its own
                          proposal, where the importance weights are the 0/1 indicator of the
                          conditions and the strategy behaves as ``iterative_refinement``.
"""

from __future__ import annotations

from typing import Any, Self

import pandas as pd

from genesis.conditions.collect import SamplingStats, collect
from genesis.conditions.condition_set import as_condition_set
from genesis.conditions.proposals import latent_model_of, unconditioned_proposal
from genesis.conditions.sampler import check_count, conditional_sample
from genesis.errors import ConfigError, ValidationError

__all__ = ["STRATEGIES", "GuidedConditionalSampler"]

STRATEGIES = ("iterative_refinement", "importance_sampling", "rejection")
#: Pseudo-observations given to the data's acceptance rate as the prior of the model's.
_DATA_PRIOR_WEIGHT = 8.0


class GuidedConditionalSampler:
    """Conditional sampling with a strategy; see the module docstring for what each one does."""

    def __init__(
        self, strategy: str = "iterative_refinement", max_iterations: int = 100, batch_multiplier: float = 5.0
    ) -> None:
        strategy = strategy.strip().lower().replace("-", "_")
        if strategy not in STRATEGIES:
            raise ConfigError(f"unknown strategy {strategy!r} (choose from {', '.join(STRATEGIES)})")
        if isinstance(max_iterations, bool) or not isinstance(max_iterations, int) or max_iterations < 1:
            raise ConfigError(f"max_iterations must be a positive integer, got {max_iterations!r}")
        if not batch_multiplier > 0:
            raise ConfigError(f"batch_multiplier must be positive, got {batch_multiplier!r}")
        self.strategy = strategy
        self.max_iterations = max_iterations
        self.batch_multiplier = float(batch_multiplier)
        self.data: pd.DataFrame | None = None
        #: Counters of the last :meth:`sample` call (proposals, generated candidates, accepted rows).
        self.last_stats = SamplingStats()

    def fit(self, data: pd.DataFrame) -> Self:
        """Remember the real table: it validates conditions and gives the first acceptance-rate guess."""
        if not isinstance(data, pd.DataFrame) or data.empty:
            raise ValidationError("GuidedConditionalSampler.fit needs a non-empty pandas DataFrame")
        self.data = data
        return self

    def sample(
        self, generator_fn: Any, n_samples: int, conditions: Any, seed: int | None = None, *,
        allow_partial: bool = False,
    ) -> pd.DataFrame:  # fmt: skip
        """Exactly ``n_samples`` rows from ``generator_fn`` satisfying ``conditions``.

        ``generator_fn`` is a fitted Generator, its ``generate`` method, or a callable
        ``fn(n, seed=...) -> DataFrame``. Raises :class:`~genesis.errors.InfeasibleConditionError`
        when the rows cannot be found, unless ``allow_partial`` returns the rows found.
        """
        n = check_count(n_samples)
        self.last_stats = SamplingStats()
        conditions = as_condition_set(conditions)
        real_rate = float(conditions.mask(self.data).mean()) if self.data is not None else 1 / self.batch_multiplier
        if self.strategy == "importance_sampling" and latent_model_of(generator_fn) is not None:
            return conditional_sample(generator_fn, conditions, n, seed=seed, max_iterations=self.max_iterations,
                                      allow_partial=allow_partial, stats=self.last_stats)  # fmt: skip
        return collect(
            unconditioned_proposal(generator_fn),
            conditions,
            n,
            seed=seed,
            prior=(real_rate * _DATA_PRIOR_WEIGHT, _DATA_PRIOR_WEIGHT),
            max_iterations=self.max_iterations,
            adapt=self.strategy != "rejection",
            batch_multiplier=self.batch_multiplier,
            allow_partial=allow_partial,
            stats=self.last_stats,
        )

"""``ConditionalSampler``: exactly n synthetic rows that satisfy a condition set, from a fitted model."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import numpy as np
import pandas as pd

from genesis.conditions.collect import SamplingStats, collect, infeasible_error
from genesis.conditions.condition_set import ConditionSet, as_condition_set
from genesis.conditions.feasibility import latent_feasibility, sampled_feasibility
from genesis.conditions.latent import LatentConditioner, LatentGaussianModel
from genesis.conditions.proposals import latent_model_of, latent_proposal, unconditioned_proposal
from genesis.errors import ConfigError, ValidationError

__all__ = ["ConditionalSampler", "Plans", "check_count", "conditional_sample", "refuse_impossible"]

#: Pseudo-observations given to the pilot estimate of the acceptance rate.
_PILOT_WEIGHT = 16.0
#: Spawn key of the random stream that redraws identifiers, apart from the sampling streams.
_IDENTIFIER_STREAM = 0x1D


def check_count(n: Any) -> int:
    """``n`` as a non-negative int, or a ConfigError."""
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 0:
        raise ConfigError(f"n_samples must be a non-negative integer, got {n!r}")
    return int(n)


def _empty_box_error(model: LatentGaussianModel, conditions: ConditionSet, n: int) -> Exception:
    """The model gives the conditions probability zero: name the conditions responsible."""
    culprits = [str(c) for c in conditions if LatentConditioner(model, ConditionSet([c])).empty]
    reason = (
        f"the model gives probability 0 to {' AND '.join(culprits)}"
        if culprits
        else f"the conditions on {', '.join(conditions.columns)} contradict each other under the model"
    )
    return infeasible_error(conditions, n, pd.DataFrame(), SamplingStats(), reason)


#: Prepared regions by ``(id of the latent model, conditions)``; each entry holds its model, so the id stays its own.
Plans = dict[tuple[int, str], tuple[LatentConditioner, float]]
#: Entries a long-lived plan cache (a server's pipeline) keeps; the oldest goes first.
MAX_PLANS = 64


def refuse_impossible(generator: object, conditions: ConditionSet, n: int, plans: Plans | None = None,
                      pilot_draws: int = 2048) -> None:
    """Raise :class:`InfeasibleConditionError` naming the conditions a latent model gives probability 0 (asking
    for ``n`` rows); a generator without a latent model, or feasible conditions, pass. The prepared region is
    kept in ``plans`` for the :func:`conditional_sample` calls that follow."""
    model = latent_model_of(generator)
    if model is not None and _plan(model, conditions, pilot_draws, plans)[0].empty:
        raise _empty_box_error(model, conditions, n)


def _plan(
    model: LatentGaussianModel, conditions: ConditionSet, pilot_draws: int, plans: Plans | None
) -> tuple[LatentConditioner, float]:
    """The conditioner for ``conditions`` and its pilot acceptance rate, reused from ``plans`` when there."""
    key = (id(model), json.dumps(conditions.to_dict(), sort_keys=True, default=str))
    known = plans.get(key) if plans is not None else None
    if known is not None:
        return known
    conditioner = LatentConditioner(model, conditions)
    pilot = 0.0
    if not conditioner.empty:
        pilot = conditioner.box_probability(pilot_draws, np.random.default_rng(0)) / conditioner.weight_bound
    if plans is not None:
        while len(plans) >= MAX_PLANS:
            with contextlib.suppress(StopIteration, KeyError, RuntimeError):  # another thread pruned it first
                plans.pop(next(iter(plans)))
        plans[key] = (conditioner, pilot)
    return conditioner, pilot


def conditional_sample(
    generator: Any,
    conditions: Any,
    n: int,
    *,
    seed: int | None = None,
    max_iterations: int = 100,
    allow_partial: bool = False,
    pilot_draws: int = 2048,
    stats: SamplingStats | None = None,
    plans: Plans | None = None,
) -> pd.DataFrame:
    """Exactly ``n`` rows of a fitted ``generator`` satisfying ``conditions``.

    A latent-Gaussian model (the built-in copula) is conditioned inside its normal-score space
    (see :mod:`~genesis.conditions.latent`); any other generator is sampled and
    filtered, with batches sized from a pilot sample and then from the observed rate.
    ``stats``, if given, receives the counters of the run (proposals, candidates, accepted rows);
    ``plans``, a dict the caller keeps for one fitted generator, reuses the prepared latent
    region of conditions seen before.
    """
    n = check_count(n)
    conditions = as_condition_set(conditions)
    model = latent_model_of(generator)
    if model is None:
        feasibility = sampled_feasibility(generator, conditions, pilot_draws, seed=0)
        return collect(unconditioned_proposal(generator), conditions, n, seed=seed, max_iterations=max_iterations,
                       prior=(feasibility.accepted, feasibility.proposed), allow_partial=allow_partial,
                       stats=stats)  # fmt: skip
    conditioner, pilot = _plan(model, conditions, pilot_draws, plans)
    if conditioner.empty:
        if allow_partial:
            return model.decode_latent(np.empty((0, len(model.latent_correlation))), np.random.default_rng(0))
        raise _empty_box_error(model, conditions, n)
    rows = collect(latent_proposal(conditioner), conditions, n, seed=seed, max_iterations=max_iterations,
                   prior=(pilot * _PILOT_WEIGHT, _PILOT_WEIGHT), allow_partial=allow_partial, stats=stats)  # fmt: skip
    refresh = getattr(model, "refresh_identifiers", None)
    if callable(refresh):  # rows from several batches: per-row identifiers must stay unique
        entropy = None if seed is None else np.random.SeedSequence(seed, spawn_key=(_IDENTIFIER_STREAM,))
        refreshed = refresh(rows.copy(), np.random.default_rng(entropy))
        if conditions.mask(refreshed).all():  # unless a condition is on an identifier
            rows = refreshed
    return rows


class ConditionalSampler:
    """Conditional sampling from a model of ``base_data``.

    :param base_data: the real table; the default generator (``gaussian_copula`` from the plugin
        registry) is fitted on it unless ``generator`` is given. Rows are always generated, never
        taken from ``base_data``; it only validates conditions (unknown columns, type mismatches).
    :param generator: an already-fitted generator to sample from instead of fitting one.
    :param max_iterations: proposal rounds allowed per :meth:`sample` call.
    :param feasibility_draws: model draws behind :meth:`estimate_feasibility`.
    """

    def __init__(
        self,
        base_data: pd.DataFrame,
        *,
        generator: Any = None,
        max_iterations: int = 100,
        feasibility_draws: int = 20_000,
    ) -> None:
        if not isinstance(base_data, pd.DataFrame) or base_data.empty:
            raise ValidationError("ConditionalSampler needs a non-empty pandas DataFrame as base_data")
        if max_iterations < 1 or feasibility_draws < 1:
            raise ConfigError("max_iterations and feasibility_draws must be at least 1")
        self.base_data = base_data
        self.max_iterations = max_iterations
        self.feasibility_draws = feasibility_draws
        self.generator = generator if generator is not None else _default_generator().fit(base_data)
        #: Counters of the last :meth:`sample` call (proposals, generated candidates, accepted rows).
        self.last_stats = SamplingStats()
        self._plans: Plans = {}

    def _conditions(self, conditions: Any) -> ConditionSet:
        conditions = as_condition_set(conditions)
        conditions.mask(self.base_data)  # unknown columns and type mismatches fail here, before sampling
        return conditions

    def estimate_feasibility(self, conditions: Any) -> float:
        """The model's probability that a generated row satisfies ``conditions``, in [0, 1]."""
        conditions = self._conditions(conditions)
        model = latent_model_of(self.generator)
        if model is not None:
            estimate = latent_feasibility(model, conditions, self.feasibility_draws, seed=0)
        else:
            estimate = sampled_feasibility(self.generator, conditions, self.feasibility_draws, seed=0)
        return float(min(max(estimate.probability, 0.0), 1.0))

    def sample(
        self, conditions: Any, n_samples: int, seed: int | None = None, *, allow_partial: bool = False
    ) -> pd.DataFrame:
        """Exactly ``n_samples`` generated rows satisfying ``conditions``.

        Raises :class:`~genesis.errors.InfeasibleConditionError` (rows found, bottleneck condition)
        when the model cannot produce them, unless ``allow_partial`` returns the rows found.
        """
        self.last_stats = SamplingStats()
        return conditional_sample(self.generator, self._conditions(conditions), n_samples, seed=seed,
                                  max_iterations=self.max_iterations, allow_partial=allow_partial,
                                  stats=self.last_stats, plans=self._plans)  # fmt: skip


def _default_generator() -> Any:
    from genesis.plugins.manager import get_plugin_manager
    from genesis.plugins.types import GeneratorSpec

    return get_plugin_manager().get(GeneratorSpec, "gaussian_copula").create()

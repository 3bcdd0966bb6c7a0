"""How likely a condition set is under a fitted model: the number that sizes batches and spots the impossible."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from genesis.conditions.collect import spawn_seed
from genesis.conditions.condition_set import ConditionSet
from genesis.conditions.latent import LatentConditioner, LatentGaussianModel
from genesis.conditions.proposals import unconditioned_proposal

__all__ = ["Feasibility", "latent_feasibility", "sampled_feasibility"]


@dataclass(frozen=True)
class Feasibility:
    """Estimated model probability of the conditions, and the evidence about accepted rows per proposal unit.

    ``accepted`` of ``proposed`` units passed; the sampling loop uses them as its prior.
    """

    probability: float
    accepted: float
    proposed: float
    method: str


def sampled_feasibility(generator: Any, conditions: ConditionSet, draws: int, seed: int) -> Feasibility:
    """Share of ``draws`` unconditioned model rows that satisfy ``conditions`` (any generator)."""
    rows = unconditioned_proposal(generator)(draws, spawn_seed(np.random.SeedSequence(seed)))
    passed = float(conditions.mask(rows).sum())
    return Feasibility(passed / max(len(rows), 1), passed, float(len(rows)), "monte-carlo")


def latent_feasibility(model: LatentGaussianModel, conditions: ConditionSet, draws: int, seed: int) -> Feasibility:
    """Model probability of ``conditions`` for a latent model, and the acceptance per latent draw.

    The probability is the box probability (GHK, exact for one conditioned column) times the
    share of conditioned draws that also pass the conditions checked after decoding.
    """
    conditioner = LatentConditioner(model, conditions)
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    box = conditioner.box_probability(draws, rng)
    if box <= 0.0:
        return Feasibility(0.0, 0.0, float(draws), "latent")
    rows = conditioner.propose(draws, rng)
    passed = float(conditions.mask(rows).sum())
    residual = passed / len(rows) if len(rows) else 0.0
    return Feasibility(box * residual, passed, float(draws), "latent")

"""Turning what callers pass as a generator into a proposal ``(m, seed) -> DataFrame``."""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np
import pandas as pd

from genesis.conditions.collect import Proposal
from genesis.conditions.latent import ExactConditioning, LatentConditioner, LatentGaussianModel
from genesis.errors import ValidationError

__all__ = ["latent_model_of", "latent_proposal", "unconditioned_proposal"]


def latent_model_of(generator: object) -> LatentGaussianModel | None:
    """The latent-Gaussian model behind ``generator`` (an object or its bound ``generate``), if it has one.

    A model implementing :class:`LatentGaussianModel` is used as is; a generator implementing
    :class:`ExactConditioning` (the built-in copula) gives its :meth:`~ExactConditioning.latent_model`.
    """
    owner = getattr(generator, "__self__", generator)
    if isinstance(owner, LatentGaussianModel):
        return owner
    if isinstance(owner, ExactConditioning):
        return owner.latent_model()
    return None


def _accepts_seed(fn: Any) -> bool:
    try:
        parameters = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return True
    return any(p.name == "seed" or p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters)


def unconditioned_proposal(generator: Any) -> Proposal:
    """Draw ``m`` rows from a Generator (``generate(m, seed=...)``) or a callable ``fn(m[, seed=...])``."""
    fn = getattr(generator, "generate", generator)
    if not callable(fn):
        raise ValidationError(f"generator_fn must be a Generator or a callable, got {type(generator).__name__}")
    seeded = _accepts_seed(fn)

    def propose(m: int, seed: int) -> pd.DataFrame:
        rows = fn(m, seed=seed) if seeded else fn(m)
        if not isinstance(rows, pd.DataFrame):
            raise ValidationError(f"the generator returned {type(rows).__name__}, not a DataFrame")
        return rows

    return propose


def latent_proposal(conditioner: LatentConditioner) -> Proposal:
    """``m`` latent draws conditioned exactly in normal-score space, then decoded."""
    return lambda m, seed: conditioner.propose(m, np.random.default_rng(seed))

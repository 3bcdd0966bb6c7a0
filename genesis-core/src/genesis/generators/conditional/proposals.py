"""Turning what callers pass as a generator into a proposal ``(m, seed) -> DataFrame``."""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np
import pandas as pd

from genesis.errors import ValidationError
from genesis.generators.conditional.collect import Proposal
from genesis.generators.conditional.latent import LatentConditioner, LatentGaussianModel

__all__ = ["latent_model_of", "latent_proposal", "unconditioned_proposal"]


def latent_model_of(generator: Any) -> LatentGaussianModel | None:
    """The latent-Gaussian model behind ``generator`` (an object or its bound ``generate``), if it has one.

    A model implementing :class:`LatentGaussianModel` is used as is; a fitted built-in
    ``GaussianCopulaGenerator`` is viewed through :class:`CopulaLatentModel`.
    """
    owner = getattr(generator, "__self__", generator)
    if isinstance(owner, LatentGaussianModel):
        return owner
    from genesis.generators.copula import GaussianCopulaGenerator

    if isinstance(owner, GaussianCopulaGenerator) and owner.is_fitted:
        from genesis.generators.conditional.copula_latent import CopulaLatentModel

        return CopulaLatentModel(owner)
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

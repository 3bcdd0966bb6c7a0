"""Record-level differential privacy of the released statistics: sensitivities, calibration, accounting.

Neighbouring datasets differ by adding or removing one record at one site. Every released
block is a sum over records, so its L2 sensitivity is the largest L2 norm one record adds:

========================  =============================================================
block                     sensitivity (``w`` = the largest site weight, ``c`` = clip)
========================  =============================================================
``rows``                  ``w``
``counts:<column>``       ``w`` (the record adds ``w`` to one cell)
``moments:<column>``      ``w * sqrt(2)`` (``t`` and ``t**2`` with ``t`` in ``[0, 1]``)
``scores``                ``w * (2c)**2 * k`` (the score vector is clipped to norm ``2c*sqrt(k)``)
``pairs``                 ``w * k`` (``k`` presence flags in ``{0, 1}``)
========================  =============================================================

Each block is released once per phase through the Gaussian mechanism with noise standard
deviation ``noise_multiplier * sensitivity``. The privacy loss of all releases, over every
phase and round, is composed by the privacy-random-variable accountant of the ``prv-accountant``
library (Gopi, Lee and Wutschitz, 2021), whose upper bound on epsilon at the given delta is what
is reported. Given a target epsilon, the noise multiplier is the smallest one (to 0.1%) for
which that accountant's bound is at most epsilon for the planned releases, found from the exact Gaussian
(GDP) multiplier upwards.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from genesis.errors import ConfigError
from genesis_federated.domain import Domain
from genesis_federated.statistics import ROWS, block_names

__all__ = [
    "PrivacyLedger",
    "calibrate_noise",
    "clip_norm",
    "epsilon_spent",
    "gaussian_multiplier",
    "releases_per_round",
    "sensitivities",
]


def clip_norm(clip_threshold: float, latent_size: int) -> float:
    """The L2 bound on one record's normal-score vector: ``2 * clip_threshold * sqrt(k)``."""
    return 2.0 * clip_threshold * math.sqrt(max(latent_size, 1))


def sensitivities(
    domain: Domain, phase: str, *, latent_size: int, max_weight: float, clip_threshold: float
) -> dict[str, float]:
    """The L2 sensitivity of every block released in ``phase`` (see the module table)."""
    result: dict[str, float] = {}
    for name in block_names(domain, phase):
        if name == ROWS or name.startswith("counts:"):
            result[name] = max_weight
        elif name.startswith("moments:"):
            result[name] = max_weight * math.sqrt(2.0)
        elif name == "scores":
            result[name] = max_weight * clip_norm(clip_threshold, latent_size) ** 2
        else:  # pairs
            result[name] = max_weight * max(latent_size, 1)
    return result


def releases_per_round(domain: Domain) -> int:
    """Gaussian releases of one round: every phase-1 block plus the two phase-2 blocks."""
    return len(block_names(domain, "marginals")) + len(block_names(domain, "dependence"))


def _accountant_epsilon(releases: Mapping[float, int], delta: float, eps_error: float) -> float:
    """The PRV accountant's upper bound on epsilon for ``releases`` ({noise multiplier: count}) at ``delta``."""
    from prv_accountant import PRVAccountant  # imported here: sites never need the accountant
    from prv_accountant.privacy_random_variables import GaussianMechanism

    multipliers = list(releases)
    counts = [releases[mu] for mu in multipliers]
    accountant = PRVAccountant(
        prvs=[GaussianMechanism(noise_multiplier=mu) for mu in multipliers],
        max_self_compositions=counts,
        eps_error=eps_error,
        delta_error=delta * 1e-3,
    )
    return float(accountant.compute_epsilon(delta=delta, num_self_compositions=counts)[2])


def epsilon_spent(releases: Mapping[float, int], delta: float) -> float:
    """Epsilon of the composed releases: a coarse pass sizes the accountant's grid, a fine one
    (error at most 0.1% of epsilon, or 1e-4) gives the reported upper bound."""
    if any(mu <= 0 for mu in releases):
        return math.inf
    coarse = _accountant_epsilon(releases, delta, 0.5)
    return _accountant_epsilon(releases, delta, max(1e-3 * coarse, 1e-4))


def gaussian_multiplier(epsilon: float, delta: float, releases: int) -> float:
    """The noise multiplier at which ``releases`` Gaussian releases spend exactly ``(epsilon, delta)``.

    Composed, they are one Gaussian mechanism with ``mu = sqrt(releases) / multiplier`` (Gaussian differential
    privacy, Dong, Roth and Su), whose privacy profile is exact (Balle and Wang, 2018):
    ``delta(epsilon) = Phi(-epsilon/mu + mu/2) - exp(epsilon) * Phi(-epsilon/mu - mu/2)``, increasing in ``mu``.
    """
    from scipy import optimize, special

    def excess(mu: float) -> float:
        tail = special.ndtr(-epsilon / mu - mu / 2)
        return float(special.ndtr(-epsilon / mu + mu / 2) - math.exp(epsilon) * tail) - delta

    mu = optimize.brentq(excess, 1e-6, 2.0 * epsilon + 40.0, xtol=1e-14, rtol=1e-12)
    return math.sqrt(releases) / mu


def calibrate_noise(epsilon: float, delta: float, releases: int) -> float:
    """The smallest noise multiplier (to 0.1%) whose ``releases`` Gaussian releases spend at most ``(epsilon, delta)``
    by :func:`epsilon_spent`.

    It starts from the exact :func:`gaussian_multiplier` (no smaller multiplier can qualify, since the reported
    accountant bound is never below the true epsilon) and grows it in 0.1% steps until the accountant agrees,
    usually at once, so a calibration costs one or two accountant runs.
    """
    if not epsilon > 0:
        raise ConfigError(f"epsilon must be positive, got {epsilon}")
    if not 0 < delta < 1:
        raise ConfigError(f"delta must be within (0, 1), got {delta}")
    multiplier = gaussian_multiplier(epsilon, delta, releases)
    while epsilon_spent({multiplier: releases}, delta) > epsilon:  # the very bound that is reported
        multiplier *= 1.001
    return multiplier


class PrivacyLedger:
    """Every Gaussian release so far (by noise multiplier), and the epsilon they spend together."""

    def __init__(self, delta: float) -> None:
        self.delta = delta
        self.releases: dict[float, int] = {}

    def record(self, noise_multiplier: float, count: int = 1) -> None:
        """Add ``count`` releases with ``noise_multiplier`` (noise std / sensitivity)."""
        self.releases[noise_multiplier] = self.releases.get(noise_multiplier, 0) + count

    def epsilon(self) -> float:
        """The epsilon spent so far at :attr:`delta` (0 before any release, inf without noise)."""
        return epsilon_spent(self.releases, self.delta) if self.releases else 0.0

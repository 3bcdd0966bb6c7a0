"""Aggregators: exact pooling of the sites' statistics, and its private, masked variant.

:class:`ModelAggregator` (registered as ``mean``) adds the plaintext statistics of sites that
answered the same plan. :class:`SecureAggregator` (``secure``) only ever sees masked vectors:
it sums them, removes the masks of sites that dropped out with keys the survivors reveal, and
decodes the sum, which already carries the Gaussian noise the sites added; it accounts the
privacy loss of every release (see :mod:`genesis_federated.privacy`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from genesis.errors import ConfigError, ValidationError
from genesis.generators.copula import GaussianCopulaGenerator
from genesis.generators.state import CopulaState
from genesis_federated.domain import Domain
from genesis_federated.masking import decode, unmask_dropped
from genesis_federated.privacy import PrivacyLedger, calibrate_noise, clip_norm, releases_per_round, sensitivities
from genesis_federated.statistics import block_names

__all__ = ["AggregatedModel", "ModelAggregator", "SecureAggregator", "block_lengths"]


@dataclass
class AggregatedModel:
    """Result of federated aggregation.

    After :meth:`FederatedGenerator.train`, ``parameters`` holds ``state`` (the fitted copula,
    :meth:`CopulaState.to_dict`), ``columns`` (pooled count, null rate, mean and std or
    category counts), ``correlation`` (labels and matrix), ``domain`` and the pooled
    ``statistics`` of both phases; ``metadata`` says who took part and the privacy spent.
    """

    parameters: dict[str, Any]
    n_sites: int
    total_samples: int
    round_number: int
    metadata: dict[str, Any] | None = field(default=None)

    def __post_init__(self) -> None:
        if self.metadata is None:
            self.metadata = {}

    def to_generator(self) -> GaussianCopulaGenerator:
        """The fitted core Gaussian copula this model describes."""
        if "state" not in self.parameters:
            raise ValidationError("this AggregatedModel holds pooled statistics of one phase, not a fitted model")
        return GaussianCopulaGenerator.from_state(CopulaState.from_dict(self.parameters["state"]))


def block_lengths(domain: Domain, phase: str, latent_size: int) -> dict[str, int]:
    """The length of every block released in ``phase``, in release order."""
    lengths: dict[str, int] = {}
    for name in block_names(domain, phase):
        if name.startswith("counts:"):
            lengths[name] = domain[name.partition(":")[2]].n_cells
        elif name.startswith("moments:"):
            lengths[name] = 2
        elif name in ("scores", "pairs"):
            lengths[name] = latent_size * (latent_size + 1) // 2
        else:
            lengths[name] = 1
    return lengths


def _check_replies(site_params: list[dict[str, Any]]) -> None:
    if not site_params:
        raise ValidationError("no site statistics to aggregate")
    first = site_params[0]
    for reply in site_params[1:]:
        for key in ("session", "round", "phase", "domain"):
            if reply.get(key) != first.get(key):
                raise ValidationError(
                    f"sites answered different plans ({key}: {first.get(key)!r} vs {reply.get(key)!r}); "
                    "exact pooling needs every site on the same plan and public domain"
                )
    names = [reply["site"] for reply in site_params]
    if len(set(names)) != len(names):
        raise ValidationError(f"a site answered twice: {sorted(n for n in set(names) if names.count(n) > 1)}")


class ModelAggregator:
    """Exact pooling: the blockwise sum of the sites' statistics (for trusted coordinators)."""

    name = "mean"

    def aggregate(self, site_params: list[dict[str, Any]]) -> AggregatedModel:
        """Pool the replies of sites that answered the same plan."""
        _check_replies(site_params)
        if any("statistics" not in reply for reply in site_params):
            raise ValidationError("the 'mean' aggregator needs plaintext statistics; masked replies need 'secure'")
        pooled: dict[str, np.ndarray] = {}
        for reply in site_params:
            for block, values in reply["statistics"].items():
                pooled[block] = pooled.get(block, 0.0) + np.asarray(values, dtype=float)
        first = site_params[0]
        return AggregatedModel(
            parameters={"phase": first["phase"], "statistics": {k: v.tolist() for k, v in pooled.items()}},
            n_sites=len(site_params),
            total_samples=sum(int(reply["n_samples"]) for reply in site_params),
            round_number=int(first["round"]),
            metadata={
                "aggregator": self.name,
                "sites": [r["site"] for r in site_params],
                "differentially_private": False,
            },
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class SecureAggregator(ModelAggregator):
    """Aggregation with record-level (epsilon, delta)-differential privacy and pairwise masking.

    :param noise_scale: the noise multiplier (noise std / sensitivity) of every release, used
        when ``epsilon`` is None; the epsilon it spends is still computed and reported.
    :param min_sites: fewer surviving sites than this is an error (a sum of too few sites
        reveals too much about each).
    :param clip_threshold: each record's normal-score vector is clipped to L2 norm
        ``2 * clip_threshold * sqrt(k)`` (``k`` latent dimensions) before it is summed.
    :param epsilon: the total privacy budget of a training (every phase and round); the noise
        multiplier is calibrated to it by the accountant.
    :param delta: the delta of the guarantee.
    :param noise_threshold: the number of surviving sites the noise is sized for (each site adds
        ``1/noise_threshold`` of the noise variance); default: every registered site. If fewer
        survive, the effective noise is smaller and the reported epsilon larger.
    :param noise_seed: fixes the sites' noise, for reproducible simulations only.
    """

    name = "secure"

    def __init__(
        self,
        noise_scale: float = 0.1,
        min_sites: int = 2,
        clip_threshold: float = 1.0,
        epsilon: float | None = None,
        delta: float = 1e-5,
        *,
        noise_threshold: int | None = None,
        noise_seed: int | None = None,
    ) -> None:
        if not (math.isfinite(noise_scale) and noise_scale >= 0):
            raise ConfigError(f"noise_scale must be a non-negative number, got {noise_scale}")
        if isinstance(min_sites, bool) or not isinstance(min_sites, int) or min_sites < 1:
            raise ConfigError(f"min_sites must be a positive integer, got {min_sites!r}")
        if not (math.isfinite(clip_threshold) and clip_threshold > 0):
            raise ConfigError(f"clip_threshold must be positive, got {clip_threshold}")
        if epsilon is not None and not epsilon > 0:
            raise ConfigError(f"epsilon must be positive, got {epsilon}")
        if not 0 < delta < 1:
            raise ConfigError(f"delta must be within (0, 1), got {delta}")
        if noise_threshold is not None and noise_threshold < 1:
            raise ConfigError(f"noise_threshold must be at least 1, got {noise_threshold}")
        self.noise_scale, self.min_sites, self.clip_threshold = noise_scale, min_sites, clip_threshold
        self.epsilon, self.delta = epsilon, delta
        self.noise_threshold, self.noise_seed = noise_threshold, noise_seed
        self.noise_multiplier = noise_scale
        self.planned_epsilon = math.inf
        self.ledger = PrivacyLedger(delta)
        self._max_weight = 1.0
        self._plan: dict[str, Any] | None = None

    def start(self, *, domain: Domain, rounds: int, max_weight: float, n_sites: int) -> None:
        """Begin a training: calibrate the noise for ``rounds`` rounds and reset the ledger."""
        if n_sites < self.min_sites:
            raise ValidationError(f"secure aggregation needs at least min_sites={self.min_sites} sites, got {n_sites}")
        releases = releases_per_round(domain) * rounds
        if self.epsilon is not None:
            self.noise_multiplier = calibrate_noise(self.epsilon, self.delta, releases)
        planned = PrivacyLedger(self.delta)
        planned.record(self.noise_multiplier, releases)
        self.planned_epsilon = planned.epsilon()
        self.ledger = PrivacyLedger(self.delta)
        self._max_weight = max_weight
        self._threshold = self.noise_threshold or n_sites

    def secure_plan(
        self, *, domain: Domain, phase: str, latent_size: int, public_keys: Mapping[str, bytes]
    ) -> dict[str, Any]:
        """What every site needs to clip, add its share of the noise and mask its vector."""
        sens = sensitivities(
            domain, phase, latent_size=latent_size, max_weight=self._max_weight, clip_threshold=self.clip_threshold
        )
        share = self.noise_multiplier / math.sqrt(self._threshold)
        self._plan = {
            "domain": domain,
            "phase": phase,
            "latent_size": latent_size,
            "participants": sorted(public_keys),
        }
        return {
            "public_keys": dict(public_keys),
            "noise_std": {name: share * value for name, value in sens.items()},
            "clip_norm": clip_norm(self.clip_threshold, latent_size),
            "epsilon": self.planned_epsilon,
            "noise_seed": self.noise_seed,
        }

    def aggregate(
        self, site_params: list[dict[str, Any]], recovery: Mapping[tuple[str, str], bytes] | None = None
    ) -> AggregatedModel:
        """Sum masked replies, remove dropped sites' masks (``recovery[(survivor, dropped)]``), decode."""
        if self._plan is None:
            raise ValidationError("secure aggregation needs a plan: train through FederatedGenerator")
        _check_replies(site_params)
        plan = self._plan
        survivors = [reply["site"] for reply in site_params]
        unknown = sorted(set(survivors) - set(plan["participants"]))
        if unknown:
            raise ValidationError(f"replies from sites outside the plan: {unknown}")
        if len(survivors) < self.min_sites:
            raise ValidationError(
                f"only {len(survivors)} site(s) answered; secure aggregation needs min_sites={self.min_sites}"
            )
        dropped = sorted(set(plan["participants"]) - set(survivors))
        revealed = dict(recovery or {})
        missing = [(s, d) for s in survivors for d in dropped if (s, d) not in revealed]
        if missing:
            raise ValidationError(f"masks of dropped sites cannot be removed without the survivors' keys: {missing}")
        total = np.zeros(len(site_params[0]["masked"]), dtype=np.uint64)
        for reply in site_params:
            total = total + np.asarray(reply["masked"], dtype=np.uint64)
        values = decode(unmask_dropped(total, {k: v for k, v in revealed.items() if k[1] in dropped}))
        lengths = block_lengths(plan["domain"], plan["phase"], plan["latent_size"])
        if sum(lengths.values()) != len(values):
            raise ValidationError(f"masked vectors have {len(values)} values, the plan expects {sum(lengths.values())}")
        blocks = np.split(values, np.cumsum(list(lengths.values()))[:-1])
        effective = self.noise_multiplier * math.sqrt(len(survivors) / self._threshold)
        self.ledger.record(effective, len(lengths))
        self._plan = None  # a late reply for this phase must never be combined with revealed keys
        rows = blocks[0][0] if plan["phase"] == "marginals" else 0.0
        return AggregatedModel(
            parameters={
                "phase": plan["phase"],
                "statistics": {n: b.tolist() for n, b in zip(lengths, blocks, strict=True)},
            },
            n_sites=len(survivors),
            total_samples=max(round(float(rows)), 0),
            round_number=int(site_params[0]["round"]),
            metadata={
                "aggregator": self.name,
                "sites": survivors,
                "dropped": dropped,
                "differentially_private": self.noise_multiplier > 0,
                "noise_multiplier": self.noise_multiplier,
                "effective_noise_multiplier": effective,
                "epsilon": self.ledger.epsilon(),
                "delta": self.delta,
            },
        )

    def __repr__(self) -> str:
        budget = f"epsilon={self.epsilon}" if self.epsilon is not None else f"noise_scale={self.noise_scale}"
        return f"SecureAggregator({budget}, delta={self.delta}, min_sites={self.min_sites})"

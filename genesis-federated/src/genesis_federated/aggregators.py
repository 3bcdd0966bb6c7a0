"""Aggregators: exact pooling of the sites' statistics, and its private, masked variant.

:class:`ModelAggregator` (registered as ``mean``) adds the plaintext statistics of sites that
answered the same plan. :class:`SecureAggregator` (``secure``) only ever sees masked vectors:
it sums them, removes the masks of sites that dropped out with keys the survivors reveal, and
decodes the sum, which already carries the Gaussian noise the sites added; it accounts the
privacy loss of every release (see :mod:`genesis_federated.privacy`).

Both also take the replies of sites asked without a plan (``site.train_local()``), in one call:
``mean`` reconciles their declared domains into a fitted model, ``secure`` releases noisy
marginals from them as a trusted curator (see :mod:`genesis_federated.oneshot`).
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
from genesis_federated.estimate import fit_dependence, fit_marginals, model_parameters
from genesis_federated.masking import decode, unmask_dropped
from genesis_federated.oneshot import is_local, pooled_dependence, reconcile
from genesis_federated.privacy import (
    PrivacyLedger,
    calibrate_noise,
    clip_norm,
    epsilon_spent,
    releases_per_round,
    sensitivities,
)
from genesis_federated.statistics import ROWS, block_names

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
        """Pool the replies of sites that answered the same plan, or fit a model from replies made without one."""
        if is_local(site_params):
            return self._one_shot(site_params)
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

    def _one_shot(self, site_params: list[dict[str, Any]]) -> AggregatedModel:
        """A fitted model from local replies: declared domains merged, statistics reconciled (approximate)."""
        reconciled = reconcile(site_params)
        state = fit_marginals(reconciled.domain, reconciled.marginals)
        dependence = pooled_dependence(state, reconciled)
        state = fit_dependence(state, dependence)
        return AggregatedModel(
            parameters=model_parameters(reconciled.domain, reconciled.marginals, dependence, state),
            n_sites=len(reconciled.sites),
            total_samples=reconciled.n_samples,
            round_number=1,
            metadata={
                "aggregator": self.name,
                "sites": reconciled.sites,
                "dropped": [],
                "differentially_private": False,
                "one_shot": True,
                "domain_source": "declared by the sites",
            },
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class SecureAggregator(ModelAggregator):
    """Aggregation with record-level (epsilon, delta)-differential privacy and pairwise masking.

    :param noise_scale: the smallest noise multiplier (noise std / sensitivity) of every release,
        used when ``epsilon`` is None: raised, when the epsilon it would spend exceeds the sites'
        smallest ``privacy_budget``, to the multiplier that budget allows (so the documented
        defaults run with default sites at epsilon <= 1); the epsilon spent is always computed
        by the accountant and reported.
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

    def start(
        self, *, domain: Domain, rounds: int, max_weight: float, n_sites: int, budget: float = math.inf
    ) -> None:
        """Begin a training: size the noise for ``rounds`` rounds (and the sites' smallest ``budget``), reset the
        ledger."""
        if n_sites < self.min_sites:
            raise ValidationError(f"secure aggregation needs at least min_sites={self.min_sites} sites, got {n_sites}")
        releases = releases_per_round(domain) * rounds
        self.noise_multiplier = self._multiplier(releases, budget)
        self.planned_epsilon = epsilon_spent({self.noise_multiplier: releases}, self.delta)
        self.ledger = PrivacyLedger(self.delta)
        self._max_weight = max_weight
        self._threshold = self.noise_threshold or n_sites

    def _multiplier(self, releases: int, budget: float) -> float:
        """The noise multiplier of ``releases`` releases: calibrated to ``epsilon`` when given, else ``noise_scale``
        raised to what ``budget`` (the sites' smallest privacy budget) allows."""
        if self.epsilon is not None:
            return calibrate_noise(self.epsilon, self.delta, releases)
        if math.isfinite(budget) and epsilon_spent({self.noise_scale: releases}, self.delta) > budget:
            return calibrate_noise(budget, self.delta, releases)
        return self.noise_scale

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
        """Sum masked replies, remove dropped sites' masks (``recovery[(survivor, dropped)]``), decode.

        Replies made without a plan (``site.train_local()``) are released as noisy marginals instead: see
        :meth:`_one_shot`."""
        if self._plan is None and is_local(site_params):
            return self._one_shot(site_params)
        if self._plan is None:
            raise ValidationError(
                "secure aggregation needs a plan (train through FederatedGenerator) or replies of "
                "site.train_local() made without one"
            )
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

    def _one_shot(self, site_params: list[dict[str, Any]]) -> AggregatedModel:
        """Noisy marginals from plaintext local replies, this aggregator acting as a trusted curator.

        The phase-1 statistics, reconciled on the merged declared domain, are released once each through the
        Gaussian mechanism (one row adds at most ``w`` to one cell and ``w * sqrt(2)`` to the moments, re-binning
        included). The sites' phase-2 sums are not used: they were computed under each site's exact local
        marginals, so their sensitivity to one row has no bound; the model's columns are independent (identity
        correlation). Correlations under differential privacy need the two-phase protocol of
        :class:`~genesis_federated.generator.FederatedGenerator`.
        """
        if len(site_params) < self.min_sites:
            raise ValidationError(
                f"only {len(site_params)} site(s) answered; secure aggregation needs min_sites={self.min_sites}"
            )
        reconciled = reconcile(site_params)
        domain = reconciled.domain
        names = block_names(domain, "marginals")
        multiplier = self._multiplier(len(names), reconciled.privacy_budget)
        planned = epsilon_spent({multiplier: len(names)}, self.delta)
        if planned > reconciled.privacy_budget:
            raise ConfigError(
                f"a site accepts epsilon <= {reconciled.privacy_budget}, but this release would spend "
                f"epsilon = {planned:.4g}"
            )
        sens = sensitivities(domain, "marginals", latent_size=0, max_weight=reconciled.max_weight,
                             clip_threshold=self.clip_threshold)  # fmt: skip
        rng = np.random.default_rng(self.noise_seed)
        noisy = {name: reconciled.marginals[name] + rng.normal(0.0, multiplier * sens[name],
                                                               size=len(reconciled.marginals[name]))
                 for name in names}  # fmt: skip
        self.noise_multiplier, self.planned_epsilon = multiplier, planned
        self.ledger = PrivacyLedger(self.delta)
        self.ledger.record(multiplier, len(names))
        state = fit_marginals(domain, noisy)
        return AggregatedModel(
            parameters=model_parameters(domain, noisy, {}, state),
            n_sites=len(reconciled.sites),
            total_samples=max(round(float(noisy[ROWS][0])), 0),
            round_number=1,
            metadata={
                "aggregator": self.name,
                "sites": reconciled.sites,
                "dropped": [],
                "differentially_private": multiplier > 0,
                "noise_multiplier": multiplier,
                "effective_noise_multiplier": multiplier,
                "epsilon": self.ledger.epsilon(),
                "delta": self.delta,
                "one_shot": True,
                "masked": False,
                "dependence": "not released: the sites' one-shot correlations have no bounded sensitivity",
                "domain_source": "declared by the sites",
            },
        )

    def __repr__(self) -> str:
        budget = f"epsilon={self.epsilon}" if self.epsilon is not None else f"noise_scale={self.noise_scale}"
        return f"SecureAggregator({budget}, delta={self.delta}, min_sites={self.min_sites})"

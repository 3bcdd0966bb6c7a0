"""The coordinator: runs the protocol over the registered sites and keeps the pooled model.

One training round has two phases, because a Gaussian copula's normal scores depend on the
marginals: (1) sites send cell counts and moments on the public domain, the coordinator pools
them into marginals; (2) it broadcasts those marginals, sites send sums of normal-score
products, the coordinator pools them into the correlation. Each further round moves the
histogram bins of numeric columns to the quantiles of the previous round's marginals
(equal-mass bins) and runs both phases again; under differential privacy the budget covers
every round. The result is a core :class:`~genesis.generators.copula.GaussianCopulaGenerator`.

Example::

    >>> federated = create_federated_generator({"a": frame_a, "b": frame_b})
    >>> model = federated.train(rounds=2)
    >>> federated.generate(1_000, seed=0).columns.tolist() == frame_a.columns.tolist()
    True
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from genesis.errors import ConfigError, NotFittedError, ValidationError
from genesis.generators.copula import GaussianCopulaGenerator
from genesis.generators.state import CopulaState
from genesis_federated.aggregators import AggregatedModel, ModelAggregator, SecureAggregator
from genesis_federated.domain import Domain
from genesis_federated.estimate import fit_dependence, fit_marginals, model_parameters
from genesis_federated.remote import RemoteSite
from genesis_federated.site import DataSite, check_method

__all__ = ["STRATEGIES", "FederatedGenerator", "create_federated_generator"]

#: ``proportional``: every row counts (times its site's weight), the pooled mixture of the sites;
#: ``equal``: every site counts the same in total, whatever its size (plain aggregation only).
STRATEGIES = ("proportional", "equal")
#: Anything the coordinator can talk to: a site in this process or in a worker process.
Site = DataSite | RemoteSite


class FederatedGenerator:
    """Coordinate federated training of a Gaussian copula over :class:`DataSite` objects.

    :param aggregator: ``ModelAggregator()`` (exact, plaintext sums) by default, or a
        :class:`SecureAggregator` (masked sums with differential privacy).
    :param method: only ``"gaussian_copula"`` can be fitted from sufficient statistics.
    :param domain: the public column domain (a :class:`~genesis_federated.domain.Domain` or its
        dict). Without one, the sites declare theirs and the coordinator merges them; the
        declarations (coarse bounds, vocabularies, frequent values) are then outside the
        privacy guarantee.
    :param bins: histogram bins of numeric columns in declared domains.
    """

    def __init__(
        self,
        aggregator: ModelAggregator | None = None,
        method: str = "gaussian_copula",
        *,
        domain: Domain | Mapping[str, Any] | None = None,
        bins: int = 32,
    ) -> None:
        check_method(method)
        if aggregator is not None and not callable(getattr(aggregator, "aggregate", None)):
            raise ConfigError(f"aggregator must have aggregate(site_params), got {aggregator!r}")
        self.aggregator = aggregator if aggregator is not None else ModelAggregator()
        self._method = method
        self.domain = domain if isinstance(domain, Domain) or domain is None else Domain.from_dict(domain)
        self.bins = bins
        self._sites: dict[str, Site] = {}
        self._rounds = 0
        self.model: AggregatedModel | None = None
        self.history: list[dict[str, Any]] = []
        self.round_models: list[AggregatedModel | None] = []
        self._generators: dict[str, GaussianCopulaGenerator] = {}

    @property
    def sites(self) -> list[Site]:
        """Registered sites."""
        return list(self._sites.values())

    @property
    def is_trained(self) -> bool:
        """Whether a model has been trained."""
        return self.model is not None

    @property
    def method(self) -> str:
        """Generation method."""
        return self._method

    @property
    def generator(self) -> GaussianCopulaGenerator:
        """The fitted core copula of the proportional strategy."""
        return self._fitted("proportional")

    def add_site(self, site: Site) -> None:
        """Register a site (a :class:`DataSite` or a :class:`~genesis_federated.remote.RemoteSite`)."""
        if not callable(getattr(site, "train_local", None)):
            raise ConfigError(f"a site must have train_local(plan), got {type(site).__name__}")
        if site.name in self._sites:
            raise ConfigError(f"a site named '{site.name}' is already registered")
        self._sites[site.name] = site

    def train(self, rounds: int = 1, *, dropouts: Callable[[int], Iterable[str]] | None = None) -> AggregatedModel:
        """Run ``rounds`` rounds of the protocol and return the final model.

        ``dropouts(round)`` names sites that fail in that round after the others have masked
        their vectors (a simulation hook); a round with too few survivors raises
        :class:`~genesis.errors.ValidationError`.
        """
        if isinstance(rounds, bool) or not isinstance(rounds, int) or rounds < 1:
            raise ConfigError(f"rounds must be a positive integer, got {rounds!r}")
        model, history, round_models = self._fit(rounds, dropouts=dropouts)
        self.history, self.round_models = history, round_models
        if model is None:
            raise ValidationError(f"no round of {rounds} had enough sites: {[r['skipped'] for r in history]}")
        self.model, self._rounds = model, rounds
        self._generators = {"proportional": model.to_generator()}
        return model

    def generate(self, n_samples: int, strategy: str = "proportional", *, seed: Any = None) -> pd.DataFrame:
        """``n_samples`` rows with the domain's columns and dtypes (never a site column).

        ``strategy`` is one of :data:`STRATEGIES`: ``proportional`` samples the pooled model;
        ``equal`` samples a model in which every site has the same total weight (fitted on first
        use by running the protocol again with rescaled weights; refused under a secure
        aggregator, whose budget was spent on the proportional model).
        """
        return self._fitted(strategy).generate(n_samples, seed=seed)

    def _fitted(self, strategy: str) -> GaussianCopulaGenerator:
        if strategy not in STRATEGIES:
            raise ConfigError(f"unknown strategy {strategy!r}; choose from {list(STRATEGIES)}")
        if self.model is None:
            raise NotFittedError("FederatedGenerator is not trained: call train() first")
        if strategy not in self._generators:
            if isinstance(self.aggregator, SecureAggregator):
                raise ConfigError(
                    "strategy 'equal' would spend more privacy budget under a secure aggregator; "
                    "give the sites SiteConfig weights before training instead"
                )
            sizes = {site.name: site.n_samples for site in self.sites}
            mean = float(np.mean(list(sizes.values())))
            model, _, _ = self._fit(self._rounds, scales={name: mean / size for name, size in sizes.items()})
            assert model is not None  # without dropouts every round succeeds or raises
            self._generators[strategy] = model.to_generator()
        return self._generators[strategy]

    # ---------------------------------------------------------------- protocol

    def _fit(
        self,
        rounds: int,
        *,
        dropouts: Callable[[int], Iterable[str]] | None = None,
        scales: Mapping[str, float] | None = None,
    ) -> tuple[AggregatedModel | None, list[dict[str, Any]], list[AggregatedModel | None]]:
        """Run the protocol; with a ``dropouts`` hook, a round with too few survivors is skipped."""
        sites = self.sites
        if not sites:
            raise ValidationError("no sites registered: call add_site() first")
        for site in sites:
            site.initialize(self._method)
        declared = self.domain is None
        domain = self.domain or Domain.merge(
            (Domain.from_dict(site.declare_domain(self.bins)) for site in sites), bins=self.bins
        )
        session = secrets.token_hex(8)
        public_keys: dict[str, bytes] = {}
        if isinstance(self.aggregator, SecureAggregator):
            weights = [site.config.weight for site in sites]
            budget = min(site.config.privacy_budget for site in sites)
            self.aggregator.start(domain=domain, rounds=rounds, max_weight=max(weights), n_sites=len(sites),
                                  budget=budget)
            public_keys = {site.name: site.public_key(session) for site in sites}
        run = _Run(self.aggregator, sites, session, public_keys, scales or {})
        history: list[dict[str, Any]] = []
        models: list[AggregatedModel | None] = []
        model: AggregatedModel | None = None
        for number in range(1, rounds + 1):
            dropped = sorted(set(dropouts(number)) & {s.name for s in sites}) if dropouts else []
            try:
                current = run.round(number, domain, dropped)
            except ValidationError as exc:
                if dropouts is None:
                    raise
                history.append(_skipped(number, dropped, str(exc), self.aggregator))
                models.append(None)
                continue
            current.metadata["domain_source"] = "declared by the sites" if declared else "public"  # type: ignore[index]
            history.append(_round_record(current))
            models.append(current)
            model = current
            if number < rounds:
                domain = domain.refined(CopulaState.from_dict(current.parameters["state"]).columns)
        return model, history, models


class _Run:
    """One training session: the sites, the session's keys and the plans of each phase."""

    def __init__(
        self,
        aggregator: ModelAggregator,
        sites: list[Site],
        session: str,
        public_keys: dict[str, bytes],
        scales: Mapping[str, float],
    ) -> None:
        self.aggregator, self.sites, self.session = aggregator, sites, session
        self.public_keys, self.scales = public_keys, scales

    def round(self, number: int, domain: Domain, dropped: list[str]) -> AggregatedModel:
        first = self._phase(number, "marginals", domain, None, dropped)
        state = fit_marginals(domain, _arrays(first))
        second = self._phase(number, "dependence", domain, state, dropped)
        state = fit_dependence(state, _arrays(second))
        metadata = dict(second.metadata or {})
        used = [s.name for s in self.sites if s.name not in dropped]
        metadata.update(rounds_done=number, dropped=dropped, sites=used)
        return AggregatedModel(
            parameters=model_parameters(domain, _arrays(first), _arrays(second), state),
            n_sites=second.n_sites,
            total_samples=first.total_samples,
            round_number=number,
            metadata=metadata,
        )

    def _phase(
        self, number: int, phase: str, domain: Domain, state: CopulaState | None, dropped: list[str]
    ) -> AggregatedModel:
        plan: dict[str, Any] = {"session": self.session, "round": number, "phase": phase, "domain": domain.to_dict()}
        if state is not None:
            plan["state"] = state.to_dict()
        secure = isinstance(self.aggregator, SecureAggregator)
        if secure:
            latent = len(state.latent) if state is not None else 0
            plan["secure"] = self.aggregator.secure_plan(  # type: ignore[attr-defined]
                domain=domain, phase=phase, latent_size=latent, public_keys=self.public_keys
            )
        survivors = [site for site in self.sites if site.name not in dropped]
        replies = [_scaled(site.train_local(plan), self.scales.get(site.name)) for site in survivors]
        if not secure:
            if not replies:
                raise ValidationError(f"round {number}: every site dropped out")
            return self.aggregator.aggregate(replies)
        recovery = {
            (site.name, peer): key for site in survivors for peer, key in site.recovery_keys(plan, dropped).items()
        }
        return self.aggregator.aggregate(replies, recovery=recovery)  # type: ignore[call-arg]


def _scaled(reply: dict[str, Any], scale: float | None) -> dict[str, Any]:
    """A plaintext reply with every statistic multiplied by ``scale`` (the 'equal' strategy's reweighting)."""
    if scale is None:
        return reply
    reply["statistics"] = {k: (np.asarray(v, dtype=float) * scale).tolist() for k, v in reply["statistics"].items()}
    return reply


def _arrays(model: AggregatedModel) -> dict[str, np.ndarray]:
    return {k: np.asarray(v, dtype=float) for k, v in model.parameters["statistics"].items()}


def _round_record(model: AggregatedModel) -> dict[str, Any]:
    meta = model.metadata or {}
    return {
        "round": model.round_number,
        "sites_used": list(meta.get("sites", [])),
        "dropped": list(meta.get("dropped", [])),
        "epsilon_spent": meta.get("epsilon"),
        "total_samples": model.total_samples,
        "skipped": None,
    }


def _skipped(number: int, dropped: list[str], reason: str, aggregator: ModelAggregator) -> dict[str, Any]:
    ledger = getattr(aggregator, "ledger", None)
    return {
        "round": number,
        "sites_used": [],
        "dropped": dropped,
        "epsilon_spent": ledger.epsilon() if ledger is not None else None,
        "total_samples": 0,
        "skipped": reason,
    }


def create_federated_generator(
    site_datasets: Mapping[str, pd.DataFrame],
    method: str = "gaussian_copula",
    aggregator: ModelAggregator | None = None,
) -> FederatedGenerator:
    """A :class:`FederatedGenerator` with one :class:`DataSite` (default config) per named frame."""
    if not isinstance(site_datasets, Mapping) or not site_datasets:
        raise ValidationError("site_datasets must be a non-empty mapping of site name to DataFrame")
    federated = FederatedGenerator(aggregator=aggregator, method=method)
    for name, frame in site_datasets.items():
        federated.add_site(DataSite(str(name), frame))
    return federated

"""A data site: holds its rows and answers the coordinator's plans with statistics, never rows.

A plan (built by :class:`~genesis_federated.generator.FederatedGenerator`) names the session,
round and phase, the public domain and, in the dependence phase, the pooled marginals. Under a
secure aggregator it also carries the participants' public keys, the clip bound, the noise
each site adds and the epsilon the whole training will spend; a site refuses a plan whose
epsilon exceeds its ``privacy_budget``.

Example::

    >>> site = DataSite("clinic-a", frame, SiteConfig("clinic-a", min_samples=50))
    >>> site.initialize()
    >>> stats = site.train_local()  # both phases on the site's own declared domain (one-shot use)
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from genesis.errors import ConfigError, ValidationError
from genesis.generators.state import CopulaState
from genesis.plugins.types import normalize_name
from genesis_federated.domain import Domain
from genesis_federated.masking import MaskContext, MaskingKeys, encode, mask
from genesis_federated.oneshot import local_reply
from genesis_federated.statistics import block_names, dependence_statistics, marginal_statistics

__all__ = ["PHASES", "SUPPORTED_METHODS", "DataSite", "SiteConfig", "check_method"]

PHASES = ("marginals", "dependence")
SUPPORTED_METHODS = ("gaussian-copula",)


def check_method(method: str) -> str:
    """The canonical method name; only the Gaussian copula can be fitted from sufficient statistics."""
    canonical = normalize_name(str(method)) if method else ""
    if canonical not in SUPPORTED_METHODS:
        raise ConfigError(f"federated method must be 'gaussian_copula', got {method!r}")
    return canonical


@dataclass(frozen=True)
class SiteConfig:
    """A site's settings.

    :param weight: every row of the site counts ``weight`` times in the pooled statistics.
    :param privacy_budget: the largest epsilon this site accepts from a differentially private
        aggregator over a whole training (the plain ``mean`` aggregator releases exact statistics
        and is meant for trusted settings; the budget does not apply to it).
    :param min_samples: a site with fewer rows refuses to train.
    """

    name: str
    weight: float = 1.0
    privacy_budget: float = 1.0
    min_samples: int = 100

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise ConfigError(f"site name must be a non-empty string, got {self.name!r}")
        if not (math.isfinite(self.weight) and self.weight > 0):
            raise ConfigError(f"site '{self.name}': weight must be positive and finite, got {self.weight}")
        if not self.privacy_budget > 0:
            raise ConfigError(f"site '{self.name}': privacy_budget must be positive, got {self.privacy_budget}")
        if isinstance(self.min_samples, bool) or not isinstance(self.min_samples, int) or self.min_samples < 1:
            raise ConfigError(f"site '{self.name}': min_samples must be a positive integer, got {self.min_samples!r}")


class DataSite:
    """One federated site: its rows stay here; :meth:`train_local` returns statistics only."""

    def __init__(self, name: str, data: pd.DataFrame, config: SiteConfig | None = None) -> None:
        if not isinstance(data, pd.DataFrame):
            raise ValidationError(f"site '{name}': data must be a pandas DataFrame, got {type(data).__name__}")
        self.config = config if config is not None else SiteConfig(name)
        if self.config.name != name:
            raise ConfigError(f"site '{name}' was given the config of site '{self.config.name}'")
        self._data = data
        self._method: str | None = None
        self._keys: dict[str, MaskingKeys] = {}

    @property
    def name(self) -> str:
        """Site identifier."""
        return self.config.name

    @property
    def n_samples(self) -> int:
        """Number of local rows."""
        return len(self._data)

    def initialize(self, method: str = "gaussian_copula") -> None:
        """Check the method and the site's size (``SiteConfig.min_samples``) before any statistic leaves."""
        canonical = check_method(method)
        if self.n_samples < self.config.min_samples:
            raise ValidationError(
                f"site '{self.name}' has {self.n_samples} rows, fewer than its min_samples={self.config.min_samples}"
            )
        self._method = canonical

    def declare_domain(self, bins: int = 32) -> dict[str, Any]:
        """The site's declared domain (coarse bounds, vocabularies), for a coordinator without a public one."""
        return Domain.infer(self._data, bins=bins).to_dict()

    def public_key(self, session: str) -> bytes:
        """This site's X25519 public key for ``session`` (the key pair is made on first request)."""
        return self._keys.setdefault(session, MaskingKeys()).public_bytes

    def train_local(self, plan: dict[str, Any] | None = None) -> dict[str, Any]:
        """Statistics for a coordinator's ``plan``.

        Without one (the one-shot use, ``aggregator.aggregate([a.train_local(), b.train_local()])``), both phases
        on the site's own declared domain, in plaintext: see :mod:`genesis_federated.oneshot`.
        """
        if self._method is None:
            self.initialize()
        if plan is None:
            return local_reply(self.name, self._data, weight=self.config.weight,
                               privacy_budget=self.config.privacy_budget)  # fmt: skip
        phase = plan["phase"]
        if phase not in PHASES:
            raise ValidationError(f"unknown protocol phase {phase!r} (expected one of {PHASES})")
        domain = Domain.from_dict(plan["domain"])
        secure = plan.get("secure")
        if secure and secure["epsilon"] > self.config.privacy_budget:
            raise ConfigError(
                f"site '{self.name}' accepts epsilon <= {self.config.privacy_budget}, "
                f"but the training would spend epsilon = {secure['epsilon']:.4g}"
            )
        weight = self.config.weight
        if phase == "marginals":
            stats = marginal_statistics(self._data, domain, weight)
        else:
            state = CopulaState.from_dict(plan["state"])
            stats = dependence_statistics(self._data, state, domain, weight, secure["clip_norm"] if secure else None)
        reply: dict[str, Any] = {
            "site": self.name,
            "session": plan["session"],
            "round": plan["round"],
            "phase": phase,
            "domain": domain.digest(),
        }
        if not secure:
            reply["n_samples"] = self.n_samples
            reply["statistics"] = {name: stats[name].tolist() for name in stats}
            return reply
        reply["masked"] = self._masked(plan, domain, stats)
        return reply

    def _masked(self, plan: dict[str, Any], domain: Domain, stats: dict[str, np.ndarray]) -> np.ndarray:
        """The site's noise share added to every block, then the vector encoded and masked."""
        secure = plan["secure"]
        names = block_names(domain, plan["phase"])
        rng = self._noise_rng(plan)
        noisy = [stats[n] + rng.normal(0.0, secure["noise_std"][n], size=len(stats[n])) for n in names]
        keys = self._keys.get(plan["session"])
        if keys is None:
            raise ValidationError(f"site '{self.name}' has no key pair for session {plan['session']!r}")
        context = MaskContext(plan["session"], plan["round"], plan["phase"])
        return mask(self.name, keys, secure["public_keys"], context, encode(np.concatenate(noisy)))

    def _noise_rng(self, plan: dict[str, Any]) -> np.random.Generator:
        """Fresh OS entropy, unless the plan fixes a simulation seed (never for real data)."""
        seed = plan["secure"].get("noise_seed")
        if seed is None:
            return np.random.default_rng()
        return np.random.default_rng([seed, plan["round"], PHASES.index(plan["phase"]), zlib.crc32(self.name.encode())])

    def recovery_keys(self, plan: dict[str, Any], dropped: list[str]) -> dict[str, bytes]:
        """Pair keys with sites that dropped out of ``plan``'s round and phase, so their masks can be removed."""
        keys = self._keys.get(plan["session"])
        public = plan["secure"]["public_keys"]
        if keys is None:
            raise ValidationError(f"site '{self.name}' has no key pair for session {plan['session']!r}")
        context = MaskContext(plan["session"], plan["round"], plan["phase"])
        return {peer: keys.pair_key(self.name, peer, public[peer], context) for peer in dropped if peer != self.name}

    def __repr__(self) -> str:
        return f"DataSite({self.name!r}, n_samples={self.n_samples}, weight={self.config.weight})"

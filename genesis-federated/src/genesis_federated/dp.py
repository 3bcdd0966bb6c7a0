"""``dp-gaussian-copula``: a single-table Gaussian copula with (epsilon, delta) differential privacy.

It is the federated protocol with one site: the table's sufficient statistics on a *public* domain (cell
counts, moments, sums of normal-score products, each record's contribution clipped) are released once
through the Gaussian mechanism, and the copula is built from the noisy statistics alone. The noise
multiplier is calibrated to ``epsilon`` by the privacy-random-variable accountant (``prv-accountant``), and
the same accountant reports what was spent (:attr:`DPGaussianCopulaGenerator.privacy_spent`). It lives in
genesis-federated because that is where the mechanism and the accountant are; core never depends on a
sibling distribution, and nothing is copied.

The domain is declared, never read from the data: ``bounds`` for every numeric column, ``categories``
for every categorical one, and optional public point masses ``atoms`` (Adult's ``capital-gain == 0``).
Only column names, kinds and dtypes come from the table. Identifier columns are not modelled.

Example::

    >>> model = DPGaussianCopulaGenerator(epsilon=1.0, bounds={"age": (17, 90)}, categories={"sex": ["F", "M"]})
    >>> model.fit(frame).privacy_spent["epsilon"] <= 1.0
    True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Self

import pandas as pd

from genesis.errors import ConfigError, NotFittedError, ValidationError
from genesis.generators.copula import GaussianCopulaGenerator
from genesis.generators.persistence import read_document, write_document
from genesis.generators.state import CopulaState
from genesis.schema import Scalar, Schema, infer_schema
from genesis_federated.aggregators import SecureAggregator
from genesis_federated.domain import Domain
from genesis_federated.generator import FederatedGenerator
from genesis_federated.privacy import releases_per_round
from genesis_federated.site import DataSite, SiteConfig

__all__ = ["DPGaussianCopulaGenerator"]

_SITE = "table"


class DPGaussianCopulaGenerator:
    """Gaussian copula fitted from Gaussian-noised statistics: (``epsilon``, ``delta``)-DP for every record.

    :param epsilon: the total privacy budget of the fit.
    :param delta: the delta of the guarantee (well below 1 / rows).
    :param bounds: public ``{column: (lower, upper)}`` of every numeric column.
    :param categories: public ``{column: [values]}`` of every categorical column (booleans default to both).
    :param atoms: public point masses ``{column: [values]}`` of numeric columns.
    :param domain: a ready public :class:`~genesis_federated.domain.Domain` (or its dict) instead of the three.
    :param bins: histogram bins of numeric columns on their bounds.
    :param clip_threshold: each record's normal-score vector is clipped to ``2 * clip_threshold * sqrt(k)``.
    :param noise_seed: fixes the noise, for reproducible experiments only.
    """

    def __init__(
        self,
        *,
        epsilon: float = 1.0,
        delta: float = 1e-5,
        bounds: Mapping[str, tuple[float, float]] | None = None,
        categories: Mapping[str, Iterable[Scalar]] | None = None,
        atoms: Mapping[str, Iterable[float]] | None = None,
        domain: Domain | Mapping[str, Any] | None = None,
        bins: int = 32,
        clip_threshold: float = 1.0,
        noise_seed: int | None = None,
    ) -> None:
        if not (isinstance(epsilon, int | float) and math.isfinite(epsilon) and epsilon > 0):
            raise ConfigError(f"epsilon must be a positive number, got {epsilon!r}")
        if not (isinstance(delta, int | float) and 0 < delta < 1):
            raise ConfigError(f"delta must be within (0, 1), got {delta!r}")
        self.epsilon, self.delta = float(epsilon), float(delta)
        self.bounds = {str(k): (float(v[0]), float(v[1])) for k, v in (bounds or {}).items()}
        self.categories = {str(k): list(v) for k, v in (categories or {}).items()}
        self.atoms = {str(k): [float(a) for a in v] for k, v in (atoms or {}).items()}
        self.domain = domain if isinstance(domain, Domain) or domain is None else Domain.from_dict(domain)
        self.bins, self.clip_threshold, self.noise_seed = bins, clip_threshold, noise_seed
        self.privacy_spent: dict[str, Any] | None = None
        self._generator: GaussianCopulaGenerator | None = None
        self._state: dict[str, Any] | None = None  # the fitted copula as JSON, for save

    def fit(self, data: pd.DataFrame) -> Self:
        """Release the table's statistics once through the Gaussian mechanism and fit the copula on them."""
        if not isinstance(data, pd.DataFrame) or data.empty:
            raise ValidationError("fit needs a pandas DataFrame with rows and columns")
        domain = self.domain or Domain.declare(
            infer_schema(data), bounds=self.bounds, categories=self.categories, atoms=self.atoms, bins=self.bins
        )
        missing = [name for name in domain.names if name not in data.columns]
        if missing:
            raise ValidationError(f"the data lacks the domain's columns: {', '.join(missing)}")
        aggregator = SecureAggregator(
            epsilon=self.epsilon, delta=self.delta, min_sites=1, clip_threshold=self.clip_threshold,
            noise_seed=self.noise_seed,
        )  # fmt: skip
        federated = FederatedGenerator(aggregator, domain=domain, bins=self.bins)
        budget = SiteConfig(_SITE, privacy_budget=self.epsilon * (1 + 1e-6), min_samples=1)
        federated.add_site(DataSite(_SITE, data[domain.names], budget))
        model = federated.train(rounds=1)
        metadata = model.metadata or {}
        self.privacy_spent = {
            "epsilon": float(metadata["epsilon"]),
            "delta": self.delta,
            "epsilon_target": self.epsilon,
            "mechanism": "gaussian",
            "accountant": "prv-accountant (privacy random variables)",
            "noise_multiplier": float(metadata["noise_multiplier"]),
            "releases": releases_per_round(domain),
            "domain": "given" if self.domain is not None else "declared",
            "unit": "one record (add or remove)",
        }
        self._generator, self._state = federated.generator, model.parameters["state"]
        return self

    def generate(self, n: int, *, conditions: Any = None, seed: Any = None) -> pd.DataFrame:
        """``n`` rows of the domain's columns (post-processing: no further privacy cost)."""
        return self._fitted().generate(n, conditions=conditions, seed=seed)

    @property
    def is_fitted(self) -> bool:
        """Whether :meth:`fit` (or :meth:`load`) has run."""
        return self._generator is not None

    @property
    def schema(self) -> Schema:
        """The schema of the fitted copula (the domain's columns)."""
        return self._fitted().schema

    @property
    def report(self) -> Any:
        """The core copula's fit report."""
        return self._fitted().report

    def get_params(self) -> dict[str, Any]:
        """The constructor arguments and the privacy spent, JSON-safe."""
        return {
            "epsilon": self.epsilon,
            "delta": self.delta,
            "bounds": {k: list(v) for k, v in self.bounds.items()},
            "categories": self.categories,
            "atoms": self.atoms,
            "domain": None if self.domain is None else self.domain.to_dict(),
            "bins": self.bins,
            "clip_threshold": self.clip_threshold,
            "noise_seed": self.noise_seed,
        }

    def save(self, path: str | Path) -> Path:
        """Write the model (the noisy copula and the privacy spent) as a Genesis model document."""
        self._fitted()
        assert self._state is not None  # set together with the generator
        state = self._state
        return write_document(path, {"dp-gaussian-copula": self.get_params(), "privacy_spent": self.privacy_spent},
                              state)  # fmt: skip

    @classmethod
    def load(cls, path: str | Path) -> DPGaussianCopulaGenerator:
        """Read a model written by :meth:`save`."""
        options, state = read_document(path)
        if "dp-gaussian-copula" not in options:
            raise ValidationError(f"{path} holds no dp-gaussian-copula model")
        params = dict(options["dp-gaussian-copula"])
        params["bounds"] = {k: tuple(v) for k, v in params["bounds"].items()}
        generator = cls(**params)
        generator._generator = GaussianCopulaGenerator.from_state(CopulaState.from_dict(state))
        generator._state = state
        generator.privacy_spent = options.get("privacy_spent")
        return generator

    def _fitted(self) -> GaussianCopulaGenerator:
        if self._generator is None:
            raise NotFittedError("DPGaussianCopulaGenerator is not fitted: call fit(data) or load(path) first")
        return self._generator

    def __repr__(self) -> str:
        spent = "unfitted" if self.privacy_spent is None else f"epsilon spent {self.privacy_spent['epsilon']:.4f}"
        return f"DPGaussianCopulaGenerator(epsilon={self.epsilon}, delta={self.delta}, {spent})"

"""Simulated federations: split one table over sites (IID or Dirichlet label skew) and train.

The simulator holds the whole table, so it plays the data dictionary: the public domain is
declared from the whole table, and each round's model is scored against it next to the core
copula fitted centrally on the same rows.

Example::

    >>> simulator = FederatedTrainingSimulator(n_sites=10)
    >>> simulator.setup_non_iid(frame, "income", alpha=0.5)
    >>> metrics = simulator.simulate_training(2, epsilon=1.0, dropout_rate=0.1)
    >>> [r["sites_used"] for r in metrics["rounds"]]
"""

from __future__ import annotations

from contextlib import ExitStack, suppress
from typing import Any

import numpy as np
import pandas as pd

from genesis.errors import ConfigError, NotFittedError, ValidationError
from genesis.evaluation import evaluate
from genesis.generators.copula import GaussianCopulaGenerator
from genesis_federated.aggregators import AggregatedModel, ModelAggregator, SecureAggregator
from genesis_federated.domain import Domain
from genesis_federated.generator import FederatedGenerator
from genesis_federated.remote import RemoteSite
from genesis_federated.site import DataSite, SiteConfig

__all__ = ["FederatedTrainingSimulator"]

#: A numeric partition column with more distinct values than this is cut into quantile classes.
MAX_CLASSES = 20
_ATTEMPTS = 200
_PRIVACY_KEYS = ("noise_scale", "min_sites", "clip_threshold", "epsilon", "delta", "noise_threshold", "noise_seed")


class FederatedTrainingSimulator:
    """Simulate federated scenarios over ``n_sites`` sites made from one table.

    :param seed: seeds the partitions, the dropouts and the quality scoring.
    :param min_samples: every partition gets at least this many rows (each site's ``min_samples``).
    :param bins: histogram bins of numeric columns in the public domain.
    """

    def __init__(self, n_sites: int = 3, *, seed: int = 0, min_samples: int = 10, bins: int = 32) -> None:
        if isinstance(n_sites, bool) or not isinstance(n_sites, int) or n_sites < 1:
            raise ConfigError(f"n_sites must be a positive integer, got {n_sites!r}")
        self.n_sites, self.seed, self.min_samples, self.bins = n_sites, seed, min_samples, bins
        self.data: pd.DataFrame | None = None
        self.partitions: list[pd.DataFrame] = []
        self.federated: FederatedGenerator | None = None
        self._central: dict[int, float | None] = {}

    def setup_from_data(self, data: pd.DataFrame) -> None:
        """Shuffle ``data`` (seeded) and deal it into ``n_sites`` near-equal IID partitions."""
        self._check(data)
        order = np.random.default_rng(self.seed).permutation(len(data))
        self._set(data, [data.iloc[np.sort(part)] for part in np.array_split(order, self.n_sites)])

    def setup_non_iid(self, data: pd.DataFrame, partition_column: str, alpha: float = 0.5) -> None:
        """Label skew: each class of ``partition_column`` is split over sites by Dirichlet(``alpha``) shares.

        Small ``alpha`` gives each site few classes; partitions are redrawn (up to a bounded
        number of attempts) until every site has at least ``min_samples`` rows.
        """
        self._check(data)
        if partition_column not in data.columns:
            raise ConfigError(f"partition_column '{partition_column}' is not a column of the data")
        if not alpha > 0:
            raise ConfigError(f"alpha must be positive, got {alpha}")
        classes = _classes(data[partition_column])
        rng = np.random.default_rng(self.seed)
        for _ in range(_ATTEMPTS):
            owner = np.empty(len(data), dtype=np.intp)
            for code in np.unique(classes):
                rows = rng.permutation(np.flatnonzero(classes == code))
                shares = rng.dirichlet(np.full(self.n_sites, alpha))
                cuts = (np.cumsum(shares)[:-1] * len(rows)).astype(int)
                for site, part in enumerate(np.split(rows, cuts)):
                    owner[part] = site
            sizes = np.bincount(owner, minlength=self.n_sites)
            if sizes.min() >= self.min_samples:
                self._set(data, [data.iloc[np.flatnonzero(owner == site)] for site in range(self.n_sites)])
                return
        raise ValidationError(
            f"no Dirichlet(alpha={alpha}) split of {len(data)} rows gave all {self.n_sites} sites "
            f"{self.min_samples} rows in {_ATTEMPTS} attempts; raise alpha or lower min_samples"
        )

    def simulate_training(self, n_rounds: int, **kwargs: Any) -> dict[str, Any]:
        """Train for ``n_rounds`` rounds and return per-round metrics.

        Keywords: ``aggregator`` (a ModelAggregator or SecureAggregator), or SecureAggregator
        arguments (``epsilon``, ``delta``, ``noise_scale``, ``min_sites``, ``clip_threshold``,
        ``noise_threshold``, ``noise_seed``) to build one; ``dropout_rate`` (each site fails
        each round with this probability, after the others masked); ``processes`` (run each
        site in its own process); ``evaluate`` (score each round, default True);
        ``n_eval`` (rows generated for scoring, default the table's size).

        Returns ``{"rounds": [{"round", "sites_used", "dropped", "skipped", "epsilon_spent",
        "quality", "central_quality", "quality_gap"}], "epsilon_spent", "delta", "model",
        "central_quality"}``; a round without enough surviving sites is skipped (the previous
        model is kept), never fatal.
        """
        if self.data is None:
            raise NotFittedError("call setup_from_data() or setup_non_iid() first")
        aggregator = self._aggregator(kwargs)
        dropout_rate = float(kwargs.pop("dropout_rate", 0.0))
        processes = bool(kwargs.pop("processes", False))
        scoring = bool(kwargs.pop("evaluate", True))
        n_eval = int(kwargs.pop("n_eval", len(self.data)))
        if kwargs:
            raise ConfigError(f"unknown simulate_training arguments: {sorted(kwargs)}")
        if not 0.0 <= dropout_rate < 1.0:
            raise ConfigError(f"dropout_rate must be within [0, 1), got {dropout_rate}")
        rng = np.random.default_rng([self.seed, 1])
        names = [f"site-{i}" for i in range(self.n_sites)]
        plan = {r: [n for n in names if rng.random() < dropout_rate] for r in range(1, n_rounds + 1)}
        federated = FederatedGenerator(aggregator, domain=Domain.infer(self.data, bins=self.bins))
        with ExitStack() as stack:
            for name, part in zip(names, self.partitions, strict=True):
                site = DataSite(name, part, SiteConfig(name, min_samples=self.min_samples, privacy_budget=np.inf))
                federated.add_site(stack.enter_context(RemoteSite(site)) if processes else site)
            with suppress(ValidationError):  # no round had enough sites: the metrics say so
                federated.train(n_rounds, dropouts=plan.__getitem__)
            self.federated = federated
        central = self._central_quality(n_eval) if scoring else None
        rounds = []
        for record, model in zip(federated.history, federated.round_models, strict=True):
            quality = self._quality(model, n_eval) if scoring and model is not None else None
            gap = None if quality is None or central is None else quality - central
            rounds.append({**record, "quality": quality, "central_quality": central, "quality_gap": gap})
        return {
            "rounds": rounds,
            "epsilon_spent": rounds[-1]["epsilon_spent"] if rounds else None,
            "delta": getattr(aggregator, "delta", None),
            "model": federated.model,
            "central_quality": central,
        }

    def generate_synthetic(self, n_samples: int, *, seed: Any = None) -> pd.DataFrame:
        """Rows from the last trained model."""
        if self.federated is None or not self.federated.is_trained:
            raise NotFittedError("no trained model: call simulate_training() first")
        return self.federated.generate(n_samples, seed=seed)

    # ---------------------------------------------------------------- helpers

    def _check(self, data: pd.DataFrame) -> None:
        if not isinstance(data, pd.DataFrame) or data.empty:
            raise ValidationError("the simulator needs a non-empty pandas DataFrame")
        if len(data) < self.n_sites * self.min_samples:
            raise ValidationError(
                f"{len(data)} rows cannot give {self.n_sites} sites {self.min_samples} rows each"
            )

    def _set(self, data: pd.DataFrame, partitions: list[pd.DataFrame]) -> None:
        self.data = data
        self.partitions = [part.reset_index(drop=True) for part in partitions]
        self.federated = None
        self._central = {}

    @staticmethod
    def _aggregator(kwargs: dict[str, Any]) -> ModelAggregator:
        aggregator = kwargs.pop("aggregator", None)
        privacy = {key: kwargs.pop(key) for key in _PRIVACY_KEYS if key in kwargs}
        if aggregator is not None and privacy:
            raise ConfigError(f"give either an aggregator or its arguments {sorted(privacy)}, not both")
        if aggregator is None and privacy:
            return SecureAggregator(**privacy)
        return aggregator if aggregator is not None else ModelAggregator()

    def _quality(self, model: AggregatedModel, n: int) -> float | None:
        synthetic = model.to_generator().generate(n, seed=self.seed)
        return _overall(self.data, synthetic, self.seed)

    def _central_quality(self, n: int) -> float | None:
        """Quality of the core copula fitted on the whole table (computed once per table and size)."""
        if n not in self._central:
            assert self.data is not None
            synthetic = GaussianCopulaGenerator().fit(self.data).generate(n, seed=self.seed)
            self._central[n] = _overall(self.data, synthetic, self.seed)
        return self._central[n]


def _overall(real: pd.DataFrame | None, synthetic: pd.DataFrame, seed: int) -> float | None:
    assert real is not None
    report = evaluate(real[synthetic.columns], synthetic, include_privacy=False, include_ml_utility=False, seed=seed)
    return report.overall


def _classes(series: pd.Series) -> np.ndarray:
    """Integer class codes of the partition column (missing values are a class of their own)."""
    if pd.api.types.is_numeric_dtype(series.dtype) and series.nunique() > MAX_CLASSES:
        ranks = series.rank(method="first", pct=True).to_numpy()
        return np.where(np.isnan(ranks), -1, np.minimum((ranks * 10).astype(int), 9))
    codes, _ = pd.factorize(series, use_na_sentinel=True)
    return np.asarray(codes)

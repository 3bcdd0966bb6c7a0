"""Secure aggregation: masks cancel, dropped sites are recovered, noise and epsilon are accounted."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, special

from genesis.errors import ConfigError, ValidationError
from genesis_federated import DataSite, Domain, FederatedGenerator, ModelAggregator, SecureAggregator, SiteConfig
from genesis_federated.masking import MaskContext, MaskingKeys, decode, encode, mask, unmask_dropped
from genesis_federated.privacy import releases_per_round
from tests.federated.conftest import split


def _federation(parts: dict[str, pd.DataFrame], aggregator: ModelAggregator, domain: Domain, budget: float = math.inf):
    federated = FederatedGenerator(aggregator, domain=domain)
    for name, part in parts.items():
        federated.add_site(DataSite(name, part, SiteConfig(name, min_samples=1, privacy_budget=budget)))
    return federated


def _exact_epsilon(noise_multiplier: float, releases: int, delta: float) -> float:
    """Closed form: ``releases`` Gaussian releases with ``noise_multiplier`` are one Gaussian with mu/sqrt(m)."""
    mu = np.sqrt(releases) / noise_multiplier  # the Gaussian-DP parameter of the composition

    def excess(epsilon: float) -> float:
        tail = special.ndtr(-epsilon / mu + mu / 2) - np.exp(epsilon) * special.ndtr(-epsilon / mu - mu / 2)
        return float(tail - delta)

    return float(optimize.brentq(excess, 0.0, 200.0))


def _correlation(model: object) -> np.ndarray:
    return np.asarray(model.parameters["correlation"]["matrix"])  # type: ignore[attr-defined]


def test_pairwise_masks_cancel_in_the_sum_and_hide_each_vector() -> None:
    names = ["a", "b", "c"]
    keys = {n: MaskingKeys() for n in names}
    public = {n: k.public_bytes for n, k in keys.items()}
    context = MaskContext("session", 1, "marginals")
    values = {"a": [1.5, -2.0, 1e6], "b": [0.25, 4.0, 3.0], "c": [-1.0, 0.0, 0.5]}
    masked = {n: mask(n, keys[n], public, context, encode(values[n])) for n in names}
    total = sum(masked.values(), np.zeros(3, dtype=np.uint64))
    np.testing.assert_allclose(decode(total), np.sum(list(values.values()), axis=0), atol=1e-6)
    assert np.all(np.abs(decode(masked["a"]) - values["a"]) > 1e3)  # one site's vector is noise to the coordinator
    other = mask("a", keys["a"], public, MaskContext("session", 2, "marginals"), encode(values["a"]))
    assert not np.array_equal(other, masked["a"])  # fresh masks every round
    # "c" drops out: survivors reveal their pair keys with "c" only, and the masks come off
    revealed = {(s, "c"): keys[s].pair_key(s, "c", public["c"], context) for s in ("a", "b")}
    partial = unmask_dropped(masked["a"] + masked["b"], revealed)
    np.testing.assert_allclose(decode(partial), np.add(values["a"], values["b"]), atol=1e-6)


def test_secure_without_noise_equals_plain_pooling_even_with_a_dropout(frame: pd.DataFrame) -> None:
    parts, domain = split(frame, 4), Domain.infer(frame)
    secure = _federation(parts, SecureAggregator(noise_scale=0.0), domain)
    model = secure.train(dropouts=lambda _round: ["site-2"])
    survivors = {k: v for k, v in parts.items() if k != "site-2"}
    plain = _federation(survivors, ModelAggregator(), domain).train()
    np.testing.assert_allclose(_correlation(model), _correlation(plain), atol=1e-6)
    assert model.metadata["sites"] == ["site-0", "site-1", "site-3"] and model.metadata["dropped"] == ["site-2"]
    assert model.total_samples == sum(len(p) for p in survivors.values())
    assert model.metadata["epsilon"] == math.inf


def test_smaller_epsilon_means_more_noise_and_the_reported_epsilon_is_the_accountants(frame: pd.DataFrame) -> None:
    parts, domain = split(frame, 3), Domain.infer(frame)
    exact = _federation(parts, ModelAggregator(), domain).train()
    truth = np.asarray(exact.parameters["statistics"]["marginals"]["counts:colour"])
    errors = {}
    for epsilon in (0.5, 5.0, 50.0):
        aggregator = SecureAggregator(epsilon=epsilon, delta=1e-5, noise_seed=7)
        model = _federation(parts, aggregator, domain, budget=epsilon).train(rounds=2)
        noisy = np.asarray(model.parameters["statistics"]["marginals"]["counts:colour"])
        errors[epsilon] = float(np.abs(noisy - truth).mean())
        exact = _exact_epsilon(aggregator.noise_multiplier, 2 * releases_per_round(domain), 1e-5)
        assert exact <= model.metadata["epsilon"] <= exact * 1.003  # the accountant's upper bound, 0.1% error
        assert model.metadata["epsilon"] == pytest.approx(epsilon, rel=3e-3)
        assert model.metadata["delta"] == 1e-5
    assert errors[0.5] > errors[5.0] > errors[50.0]


def test_noise_scale_is_honoured_without_epsilon_and_its_epsilon_reported(frame: pd.DataFrame) -> None:
    parts, domain = split(frame, 2), Domain.infer(frame)
    aggregator = SecureAggregator(noise_scale=30.0, noise_seed=1)
    model = _federation(parts, aggregator, domain).train()
    assert model.metadata["noise_multiplier"] == 30.0
    exact = _exact_epsilon(30.0, releases_per_round(domain), 1e-5)
    assert exact <= model.metadata["epsilon"] <= exact * 1.003


def test_a_dropout_below_the_noise_threshold_is_reported_as_a_larger_epsilon(frame: pd.DataFrame) -> None:
    parts, domain = split(frame, 4), Domain.infer(frame)
    full = _federation(parts, SecureAggregator(epsilon=2.0, noise_seed=1), domain, budget=2.0).train()
    dropped = _federation(parts, SecureAggregator(epsilon=2.0, noise_seed=1), domain, budget=2.0)
    model = dropped.train(dropouts=lambda _round: ["site-0"])
    expected = full.metadata["noise_multiplier"] * (3 / 4) ** 0.5
    assert model.metadata["effective_noise_multiplier"] == pytest.approx(expected)
    assert model.metadata["epsilon"] > full.metadata["epsilon"]


def test_min_sites_privacy_budget_and_protocol_errors(frame: pd.DataFrame) -> None:
    parts, domain = split(frame, 3), Domain.infer(frame)
    with pytest.raises(ValidationError, match="min_sites=4"):
        _federation(parts, SecureAggregator(noise_scale=0.0, min_sites=4), domain).train()
    too_few = _federation(parts, SecureAggregator(noise_scale=0.0, min_sites=3), domain)
    with pytest.raises(ValidationError, match="only 2 site"):
        too_few.train(rounds=2, dropouts=lambda _round: ["site-1"])  # every round skipped
    assert [r["skipped"] is not None for r in too_few.history] == [True, True]
    with pytest.raises(ConfigError, match=r"accepts epsilon <= 1\.0"):
        _federation(parts, SecureAggregator(epsilon=3.0), domain, budget=1.0).train()
    with pytest.raises(ValidationError, match="plaintext"):
        ModelAggregator().aggregate([{"site": "a", "session": "s", "round": 1, "phase": "marginals", "domain": "d",
                                      "masked": [1, 2]}])
    with pytest.raises(ValidationError, match="needs a plan"):
        SecureAggregator().aggregate([{"site": "a"}])
    with pytest.raises(ConfigError, match="equal"):
        secured = _federation(parts, SecureAggregator(noise_scale=0.0), domain)
        secured.train()
        secured.generate(5, strategy="equal")
    for bad in ({"noise_scale": -1.0}, {"min_sites": 0}, {"clip_threshold": 0.0}, {"epsilon": 0.0}, {"delta": 1.0}):
        with pytest.raises(ConfigError):
            SecureAggregator(**bad)


def test_private_model_still_generates_the_schema(frame: pd.DataFrame) -> None:
    federated = _federation(split(frame, 3), SecureAggregator(epsilon=1.0, noise_seed=3), Domain.infer(frame), 1.0)
    federated.train()
    out = federated.generate(300, seed=0)
    assert out.dtypes.equals(frame.dtypes) and list(out.columns) == list(frame.columns)

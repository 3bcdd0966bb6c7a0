"""The aggregators as the v1.3.0 reference documents them: ``aggregate([site_a.train_local(), site_b.train_local()])``
in one call, and ``SecureAggregator()``'s defaults with default ``SiteConfig`` sites."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, special

from genesis.errors import ConfigError, ValidationError
from genesis_federated import (
    AggregatedModel,
    DataSite,
    FederatedGenerator,
    ModelAggregator,
    SecureAggregator,
    SiteConfig,
    create_federated_generator,
)
from genesis_federated.privacy import releases_per_round


def _closed_form_epsilon(noise_multiplier: float, releases: int, delta: float) -> float:
    """m Gaussian releases with multiplier mu are one Gaussian mechanism with mu / sqrt(m) (Balle and Wang, 2018)."""
    mu = np.sqrt(releases) / noise_multiplier

    def excess(epsilon: float) -> float:
        return float(special.ndtr(-epsilon / mu + mu / 2) - np.exp(epsilon) * special.ndtr(-epsilon / mu - mu / 2)
                     - delta)  # fmt: skip

    return float(optimize.brentq(excess, 0.0, 500.0))


@pytest.fixture(scope="module")
def halves(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two sites with different ranges (split on x), so their declared domains differ."""
    ordered = frame.sort_values("x", kind="stable").reset_index(drop=True)
    return ordered.iloc[:450].reset_index(drop=True), ordered.iloc[450:].reset_index(drop=True)


def test_model_aggregator_pools_train_local_replies_in_one_call(halves: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    low, high = halves
    site_a, site_b = DataSite("site_a", low), DataSite("site_b", high)
    replies = [site_a.train_local(), site_b.train_local()]
    assert replies[0]["declared_domain"] != replies[1]["declared_domain"]  # each site declared its own domain
    model = ModelAggregator().aggregate(replies)
    assert isinstance(model, AggregatedModel)
    assert (model.n_sites, model.total_samples, model.round_number) == (2, 900, 1)
    assert model.metadata == {"aggregator": "mean", "sites": ["site_a", "site_b"], "dropped": [],
                              "differentially_private": False, "one_shot": True,
                              "domain_source": "declared by the sites"}  # fmt: skip

    exact = create_federated_generator({"site_a": low, "site_b": high}).train()  # the two-phase protocol
    one_shot, protocol = model.parameters["columns"], exact.parameters["columns"]
    for name in ("x", "spend", "visits"):  # moments carry over exactly across the domains' bounds
        assert one_shot[name]["mean"] == pytest.approx(protocol[name]["mean"], rel=1e-9)
        assert one_shot[name]["std"] == pytest.approx(protocol[name]["std"], rel=1e-9)
        assert one_shot[name]["null_rate"] == pytest.approx(protocol[name]["null_rate"], abs=1e-12)
    assert one_shot["colour"]["counts"] == protocol["colour"]["counts"]  # categories exactly
    assert model.parameters["correlation"]["labels"] == exact.parameters["correlation"]["labels"]
    difference = np.subtract(model.parameters["correlation"]["matrix"], exact.parameters["correlation"]["matrix"])
    assert np.abs(difference).max() < 0.03  # each site scored under its own marginals, mapped: close, not equal

    rows = model.to_generator().generate(4000, seed=3)
    assert list(rows.columns) == list(low.columns)
    both = pd.concat([low, high], ignore_index=True)
    for q in (0.1, 0.5, 0.9):  # the re-binned histograms still describe the pooled table
        assert rows["x"].quantile(q) == pytest.approx(both["x"].quantile(q), abs=2.0)
    assert rows["visits"].dtype == np.int64 and rows["colour"].dropna().isin(["red", "green", "blue"]).all()


def test_a_column_one_site_lacks_counts_only_where_it_exists(frame: pd.DataFrame) -> None:
    first, second = frame.iloc[:450].reset_index(drop=True), frame.iloc[450:].reset_index(drop=True)
    replies = [DataSite("a", first).train_local(), DataSite("b", second.drop(columns="colour")).train_local()]
    model = ModelAggregator().aggregate(replies)
    counts = model.parameters["columns"]["colour"]["counts"]
    assert counts == {colour: float((first["colour"] == colour).sum()) for colour in ("blue", "green", "red")}
    assert model.total_samples == 900


def test_secure_aggregator_called_directly_releases_private_marginals(
    halves: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    replies = [DataSite("site_a", halves[0]).train_local(), DataSite("site_b", halves[1]).train_local()]
    aggregator = SecureAggregator(epsilon=1.0, noise_seed=5)
    model = aggregator.aggregate(replies)
    meta = model.metadata
    assert model.n_sites == 2 and meta["one_shot"] and not meta["masked"] and meta["differentially_private"]
    releases = sum(1 for block in model.parameters["statistics"]["marginals"])
    exact = _closed_form_epsilon(meta["noise_multiplier"], releases, 1e-5)
    assert exact <= meta["epsilon"] <= exact * 1.003 and meta["epsilon"] <= 1.0 * 1.003
    correlation = np.asarray(model.parameters["correlation"]["matrix"])
    assert np.array_equal(correlation, np.eye(len(correlation)))  # the one-shot correlations are never released
    assert model.parameters["statistics"]["dependence"] == {}
    # the noise on every released cell is the Gaussian mechanism's: std = multiplier x sensitivity (weight 1)
    plain = ModelAggregator().aggregate(replies).parameters["statistics"]["marginals"]
    noise = np.concatenate([np.subtract(values, plain[block]) for block, values in
                            model.parameters["statistics"]["marginals"].items() if block.startswith("counts:")])
    assert len(noise) > 60
    assert np.std(noise) / meta["noise_multiplier"] == pytest.approx(1.0, rel=0.25)
    assert not np.allclose(noise, 0.0)
    assert list(model.to_generator().generate(10, seed=0).columns) == list(halves[0].columns)


def test_secure_one_shot_respects_the_site_budget_and_min_sites(halves: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    replies = [DataSite("site_a", halves[0]).train_local(), DataSite("site_b", halves[1]).train_local()]
    with pytest.raises(ConfigError, match=r"accepts epsilon <= 1\.0, but this release would spend"):
        SecureAggregator(epsilon=4.0).aggregate(replies)
    with pytest.raises(ValidationError, match="min_sites=3"):
        SecureAggregator(epsilon=1.0, min_sites=3).aggregate(replies)
    with pytest.raises(ValidationError, match="needs a plan"):
        SecureAggregator().aggregate([{"site": "a", "phase": "marginals"}])


def test_secure_defaults_run_with_default_sites_and_report_a_true_epsilon(
    halves: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    federated = FederatedGenerator(SecureAggregator())  # noise_scale=0.1, epsilon=None: the reference defaults
    federated.add_site(DataSite("site_a", halves[0]))  # SiteConfig defaults: privacy_budget=1.0
    federated.add_site(DataSite("site_b", halves[1], SiteConfig("site_b")))
    model = federated.train()
    meta = model.metadata
    assert meta["noise_multiplier"] > 0.1  # raised from the 0.1 floor to what a budget of 1.0 allows
    releases = releases_per_round(_domain_of(model))
    exact = _closed_form_epsilon(meta["noise_multiplier"], releases, 1e-5)
    assert exact <= meta["epsilon"] <= exact * 1.003
    assert 0.9 <= meta["epsilon"] <= 1.0  # the whole budget, and not more
    assert len(federated.generate(20, seed=1)) == 20


def test_noise_scale_stays_when_the_budget_allows_it(halves: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    federated = FederatedGenerator(SecureAggregator(noise_scale=40.0, noise_seed=2))
    for name, part in zip(("site_a", "site_b"), halves, strict=True):
        federated.add_site(DataSite(name, part))
    meta = federated.train().metadata
    assert meta["noise_multiplier"] == 40.0 and meta["epsilon"] < 1.0


def _domain_of(model: AggregatedModel) -> object:
    from genesis_federated import Domain

    return Domain.from_dict(model.parameters["domain"])


def test_reference_budget_default_is_what_sites_get() -> None:
    assert SiteConfig("x").privacy_budget == 1.0 and math.isclose(SecureAggregator().noise_scale, 0.1)


def test_what_a_one_shot_reply_reveals_to_the_coordinator(halves: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    """The documented privacy consequence, as an attack: from one site's plaintext reply the coordinator reads
    that site's exact row count, exact category counts, exact mean and a coarse range of each number."""
    from genesis_federated import Domain

    low = halves[0]
    reply = DataSite("site_a", low).train_local()
    assert reply["n_samples"] == len(low)
    domain = Domain.from_dict(reply["declared_domain"])
    counts = dict(zip(domain["colour"].vocabulary, reply["statistics"]["marginals"]["counts:colour"], strict=False))
    assert counts == {colour: float((low["colour"] == colour).sum()) for colour in domain["colour"].vocabulary}
    lower, upper = domain["x"].bounds
    assert lower <= low["x"].min() and low["x"].max() <= upper
    assert upper - lower <= 10 * (low["x"].max() - low["x"].min())  # coarse, but a range
    sum_t = reply["statistics"]["marginals"]["moments:x"][0]
    assert lower + (upper - lower) * sum_t / len(low) == pytest.approx(low["x"].mean(), rel=1e-12)


def test_sites_split_on_a_category_keep_that_column_s_dependence(frame: pd.DataFrame) -> None:
    """A category only one site holds: its pooled scores come from the sites' per-category sums, exactly."""
    red = frame["colour"] == "red"
    parts = {"reds": frame[red].reset_index(drop=True), "others": frame[~red].reset_index(drop=True)}
    one_shot = ModelAggregator().aggregate(
        [DataSite(name, part, SiteConfig(name, min_samples=50)).train_local() for name, part in parts.items()])
    federated = FederatedGenerator()
    for name, part in parts.items():
        federated.add_site(DataSite(name, part, SiteConfig(name, min_samples=50)))
    exact = federated.train()
    difference = np.subtract(one_shot.parameters["correlation"]["matrix"], exact.parameters["correlation"]["matrix"])
    assert np.abs(difference).max() < 0.03

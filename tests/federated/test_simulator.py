"""The simulator: IID and Dirichlet splits, dropouts, per-round metrics, sites in processes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from genesis.errors import ConfigError, NotFittedError, ValidationError
from genesis_federated import DataSite, Domain, FederatedGenerator, FederatedTrainingSimulator, RemoteSite, SiteConfig
from tests.federated.conftest import split


def test_iid_split_is_seeded_and_covers_every_row_once(frame: pd.DataFrame) -> None:
    simulator = FederatedTrainingSimulator(n_sites=4, seed=3)
    simulator.setup_from_data(frame)
    sizes = [len(p) for p in simulator.partitions]
    assert sum(sizes) == len(frame) and max(sizes) - min(sizes) <= 1
    again = FederatedTrainingSimulator(n_sites=4, seed=3)
    again.setup_from_data(frame)
    assert all(a.equals(b) for a, b in zip(simulator.partitions, again.partitions, strict=True))


def test_dirichlet_label_skew_grows_as_alpha_shrinks(frame: pd.DataFrame) -> None:
    def skew(alpha: float) -> float:
        simulator = FederatedTrainingSimulator(n_sites=5, seed=1, min_samples=20)
        simulator.setup_non_iid(frame, "colour", alpha=alpha)
        assert min(len(p) for p in simulator.partitions) >= 20
        assert sum(len(p) for p in simulator.partitions) == len(frame)
        shares = [p["colour"].value_counts(normalize=True, dropna=False).max() for p in simulator.partitions]
        return float(np.mean(shares))

    assert skew(0.1) > skew(100.0) + 0.2
    with pytest.raises(ValidationError, match="Dirichlet"):
        FederatedTrainingSimulator(n_sites=8, min_samples=110).setup_non_iid(frame, "member", alpha=0.01)
    with pytest.raises(ConfigError, match="partition_column"):
        FederatedTrainingSimulator().setup_non_iid(frame, "nope")


def test_dropouts_never_crash_and_the_metrics_name_the_sites_used(frame: pd.DataFrame) -> None:
    simulator = FederatedTrainingSimulator(n_sites=3, seed=5)
    simulator.setup_from_data(frame)
    metrics = simulator.simulate_training(6, epsilon=5.0, min_sites=2, dropout_rate=0.5, noise_seed=1, n_eval=300)
    rounds = metrics["rounds"]
    assert [r["round"] for r in rounds] == list(range(1, 7))
    for record in rounds:
        assert set(record["sites_used"]).isdisjoint(record["dropped"])
        if record["skipped"]:
            assert record["sites_used"] == [] and len(record["dropped"]) >= 2 and record["quality"] is None
        else:
            assert len(record["sites_used"]) + len(record["dropped"]) == 3 and len(record["sites_used"]) >= 2
            assert 0.0 < record["quality"] <= 1.0
            assert record["quality_gap"] == pytest.approx(record["quality"] - metrics["central_quality"])
    assert any(r["dropped"] for r in rounds)
    spent = [r["epsilon_spent"] for r in rounds]
    assert spent == sorted(spent) and metrics["epsilon_spent"] == spent[-1]
    if metrics["model"] is not None:
        assert list(simulator.generate_synthetic(20, seed=0).columns) == list(frame.columns)


def test_without_noise_the_simulated_model_matches_the_central_copula_closely(frame: pd.DataFrame) -> None:
    simulator = FederatedTrainingSimulator(n_sites=3, seed=0)
    simulator.setup_from_data(frame)
    metrics = simulator.simulate_training(1, n_eval=900)
    (record,) = metrics["rounds"]
    assert record["epsilon_spent"] is None and record["sites_used"] == ["site-0", "site-1", "site-2"]
    assert record["quality_gap"] > -0.05
    with pytest.raises(ConfigError, match="unknown simulate_training"):
        simulator.simulate_training(1, rounds=3)
    with pytest.raises(NotFittedError):
        FederatedTrainingSimulator().simulate_training(1)


def test_sites_in_their_own_processes_give_the_same_model(frame: pd.DataFrame) -> None:
    parts, domain = split(frame, 2), Domain.infer(frame)
    local = FederatedGenerator(domain=domain)
    remote = FederatedGenerator(domain=domain)
    workers = [RemoteSite(DataSite(n, p, SiteConfig(n, min_samples=1))) for n, p in parts.items()]
    try:
        for name, part in parts.items():
            local.add_site(DataSite(name, part, SiteConfig(name, min_samples=1)))
        for worker in workers:
            remote.add_site(worker)
        assert workers[0].n_samples == len(parts["site-0"])
        expected, got = local.train(), remote.train()
        matrix = expected.parameters["correlation"]["matrix"]
        np.testing.assert_allclose(got.parameters["correlation"]["matrix"], matrix)
        with pytest.raises(ValidationError, match="unknown protocol phase"):  # errors cross the pipe as they are
            workers[0].train_local({"phase": "bogus"})
    finally:
        for worker in workers:
            worker.close()

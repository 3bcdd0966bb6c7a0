"""``dp-gaussian-copula``: the epsilon it reports is the exact one of its Gaussian releases, on a public domain."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest
from scipy import optimize, special

from genesis.errors import ConfigError
from genesis.plugins import GeneratorSpec, get_plugin_manager
from genesis_federated.dp import DPGaussianCopulaGenerator
from tests.federated.conftest import mixed_frame

DOMAIN = {
    "bounds": {"x": (0.0, 100.0), "spend": (0.0, 2000.0), "visits": (0, 20)},
    "categories": {"colour": ["red", "green", "blue"]},
    "atoms": {"spend": [0.0]},
}


def closed_form_epsilon(noise_multiplier: float, releases: int, delta: float) -> float:
    """Epsilon of ``releases`` Gaussian mechanisms of noise multiplier ``sigma`` at ``delta``, exactly.

    Their composition is one Gaussian mechanism with ``mu = sqrt(releases) / sigma`` (Dong, Roth and Su's
    Gaussian differential privacy), whose privacy profile is the analytic formula of Balle and Wang (2018):
    ``delta(eps) = Phi(-eps/mu + mu/2) - exp(eps) * Phi(-eps/mu - mu/2)``.
    """
    mu = math.sqrt(releases) / noise_multiplier

    def profile(eps: float) -> float:
        return float(special.ndtr(-eps / mu + mu / 2) - math.exp(eps) * special.ndtr(-eps / mu - mu / 2)) - delta

    return float(optimize.brentq(profile, 1e-9, 100.0, xtol=1e-12))


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return mixed_frame(3000, seed=5)


@pytest.mark.parametrize("epsilon", [0.5, 1.0, 4.0])
def test_reported_epsilon_matches_the_closed_form_within_one_percent(table: pd.DataFrame, epsilon: float) -> None:
    model = DPGaussianCopulaGenerator(epsilon=epsilon, delta=1e-5, noise_seed=1, **DOMAIN).fit(table)
    spent = model.privacy_spent
    assert spent is not None and spent["mechanism"] == "gaussian" and spent["domain"] == "declared"
    exact = closed_form_epsilon(spent["noise_multiplier"], spent["releases"], spent["delta"])
    assert spent["epsilon"] == pytest.approx(exact, rel=0.01)
    assert spent["epsilon"] <= epsilon * 1.001  # calibrated to the budget, not above it


def test_the_domain_must_be_declared_not_read_from_the_data(table: pd.DataFrame) -> None:
    with pytest.raises(ConfigError, match=r"bounds of 'x'.*categories of 'colour'"):
        DPGaussianCopulaGenerator(epsilon=1.0).fit(table)


def test_generates_the_domain_and_saves_the_privacy_spent(table: pd.DataFrame, tmp_path: Path) -> None:
    model = DPGaussianCopulaGenerator(epsilon=1.0, noise_seed=2, **DOMAIN).fit(table)
    sample = model.generate(500, seed=3)
    assert list(sample.columns) == list(table.columns) and len(sample) == 500
    assert sample["x"].dropna().between(0, 100).all() and set(sample["colour"].dropna()) <= {"red", "green", "blue"}
    loaded = DPGaussianCopulaGenerator.load(model.save(tmp_path / "dp.json"))
    assert loaded.privacy_spent == model.privacy_spent
    pd.testing.assert_frame_equal(loaded.generate(500, seed=3), sample)


@pytest.mark.autoload
def test_registered_as_a_generator() -> None:
    spec = get_plugin_manager().get(GeneratorSpec, "dp-gaussian-copula")
    assert isinstance(spec.create(epsilon=2.0), DPGaussianCopulaGenerator)


@pytest.mark.autoload
def test_genesis_generate_records_the_epsilon_spent_in_lineage(tmp_path: Path) -> None:
    from genesis.cli.app import main
    from genesis.datasets import ADULT_PUBLIC_DOMAIN, load_adult_sample
    from genesis.lineage import LineageChain

    data, out, chain_file = tmp_path / "adult.csv", tmp_path / "dp.csv", tmp_path / "run.lineage.json"
    load_adult_sample().to_csv(data, index=False)
    options = [f"{key}={json.dumps(value)}" for key, value in ADULT_PUBLIC_DOMAIN.items()]
    command = ["-q", "generate", str(data), "-n", "300", "-o", str(out), "--method", "dp-gaussian-copula",
               "-G", "epsilon=1.0", *[part for option in options for part in ("-G", option)],
               "--lineage", str(chain_file)]  # fmt: skip
    assert main(command) == 0
    assert len(pd.read_csv(out)) == 300
    started = [block.content for block in LineageChain.load(chain_file).blocks if block.block_type == "run_started"]
    privacy = started[0]["parameters"]["privacy"]
    assert privacy["mechanism"] == "gaussian" and 0.99 <= privacy["epsilon"] <= 1.0
    assert privacy["epsilon"] == pytest.approx(
        closed_form_epsilon(privacy["noise_multiplier"], privacy["releases"], privacy["delta"]), rel=0.01
    )

"""Columns with ties (flags, scales, point masses, nulls) keep their real dependence on the others.

Their jittered normal scores correlate less than the normals the copula draws from; fitted on those correlations
as they are, a flag and a 7-point scale at Spearman 0.55 came back at 0.31.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import special, stats

from genesis.generators import GaussianCopulaGenerator
from genesis.generators.attenuation import UNTIED, latent_correlation, score_coefficients
from genesis.generators.dependence import normal_scores

LATENT = np.array([[1.0, 0.7, 0.5], [0.7, 1.0, 0.6], [0.5, 0.6, 1.0]])
SCALE_CUTS = [-1.2, -0.5, 0.0, 0.3, 0.9, 1.5]


def _survey(n: int = 5000) -> pd.DataFrame:
    """A yes/no flag, a 7-point scale and an income, from correlated normals."""
    z = np.random.default_rng(0).multivariate_normal(np.zeros(3), LATENT, size=n)
    return pd.DataFrame({"flag": (z[:, 0] > 0.4).astype("int64"), "scale": np.digitize(z[:, 1], SCALE_CUTS),
                         "income": np.round(np.exp(10 + z[:, 2]), 2)})  # fmt: skip


def _spearman(frame: pd.DataFrame) -> np.ndarray:
    corr = frame.corr(method="spearman").to_numpy()
    return corr[np.triu_indices(len(corr), 1)]


def test_an_untied_score_needs_no_correction_and_a_flag_s_coefficients_are_its_known_moments() -> None:
    rng = np.random.default_rng(1)
    np.testing.assert_allclose(score_coefficients(rng.normal(size=2000)), UNTIED)
    flag = (rng.random(4000) < 0.3).astype(float)
    share = flag.mean()
    cut = special.ndtri(1 - share)
    # a_1 = E[m(Z) Z] = E[m(Z)^2], which for a split at `cut` is phi(cut)^2 / (p (1 - p)); the squares of all
    # coefficients add up to at most that (the terms left out hold the rest)
    expected = stats.norm.pdf(cut) ** 2 / (share * (1 - share))
    coefficients = score_coefficients(flag)
    assert coefficients[0] == pytest.approx(expected, rel=1e-9)
    assert 0.9 * expected < np.sum(coefficients**2) <= expected


def test_the_latent_correlation_is_recovered_from_tied_scores() -> None:
    rng = np.random.default_rng(2)
    for rho in (-0.6, 0.3, 0.7, 0.95):
        z = rng.multivariate_normal([0, 0], [[1, rho], [rho, 1]], size=20000)
        flag, scale = (z[:, 0] > 0.4).astype(float), np.digitize(z[:, 1], SCALE_CUTS).astype(float)
        observed = np.corrcoef(normal_scores(flag, rng), normal_scores(scale, rng))
        ties = np.vstack([score_coefficients(flag), score_coefficients(scale)])
        corrected = latent_correlation(observed, ties, np.full((2, 2), len(flag)))
        assert abs(observed[0, 1]) < abs(rho) - 0.1  # what the ties hide
        assert corrected[0, 1] == pytest.approx(rho, abs=0.03)


def test_flags_and_scales_keep_their_spearman_correlations() -> None:
    real = _survey()
    for linked in (True, False):
        synthetic = GaussianCopulaGenerator(link_categories=linked).fit(real).generate(20000, seed=3)
        np.testing.assert_allclose(_spearman(synthetic), _spearman(real), atol=0.03)  # flag-scale was 0.31 vs 0.55


def test_missing_values_keep_their_dependence_on_other_columns() -> None:
    rng = np.random.default_rng(4)
    z = rng.multivariate_normal(np.zeros(3), LATENT, size=6000)
    income = pd.Series(np.round(np.exp(10 + z[:, 1]), 2)).where(z[:, 2] < 0.8)  # the old leave it blank more
    real = pd.DataFrame({"age": np.round(40 + 12 * z[:, 0]), "income": income})
    synthetic = GaussianCopulaGenerator().fit(real).generate(30000, seed=5)

    def blank_rate_over_50(frame: pd.DataFrame) -> float:
        return float(frame.loc[frame["age"] > 50, "income"].isna().mean())

    assert blank_rate_over_50(real) > 0.3
    assert blank_rate_over_50(synthetic) == pytest.approx(blank_rate_over_50(real), abs=0.03)


def test_a_rare_tie_does_not_turn_noise_into_dependence() -> None:
    # daily highs and lows in whole degrees, one day missing in both (bokeh's Lincoln weather): the null flags'
    # one row carries no dependence worth the name, and dividing its noise by what the rare tie hides (30x)
    # spoilt the highs' and lows' own correlation when the matrix was repaired (0.59 to 1.0 instead of 0.93)
    for seed in range(6):
        z = np.random.default_rng(seed).multivariate_normal([0, 0], [[1, 0.93], [0.93, 1]], size=366)
        real = pd.DataFrame({"day": pd.date_range("2016-01-01", periods=366), "high": np.round(60 + 20 * z[:, 0]),
                             "low": np.round(40 + 18 * z[:, 1])})  # fmt: skip
        real.loc[168, ["high", "low"]] = np.nan
        generator = GaussianCopulaGenerator(detect_constraints=False).fit(real)
        correlations = [generator.generate(366, seed=s)[["high", "low"]].corr().iloc[0, 1] for s in range(10)]
        assert np.mean(correlations) == pytest.approx(real[["high", "low"]].corr().iloc[0, 1], abs=0.03)

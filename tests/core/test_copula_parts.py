"""The copula's building blocks: family choice, mixtures, normal scores and correlation repair."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genesis.generators.dependence import correlation_factor, nearest_correlation, normal_scores, pairwise_correlation
from genesis.generators.families import FAMILIES, choose_family
from genesis.generators.lookup import StepLookup
from genesis.generators.marginals import MarginalOptions, fit_marginal
from genesis.generators.values import decode_values, encode_values
from genesis.schema import infer_schema

RNG = np.random.default_rng(3)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (RNG.normal(10, 2, 3000), {"normal", "truncnorm"}),
        (RNG.gamma(1.5, 2.0, 3000), {"gamma"}),
        (RNG.beta(2, 6, 3000), {"beta"}),
        (RNG.lognormal(3, 0.8, 3000), {"lognormal"}),
        (RNG.uniform(-1, 4, 3000), {"uniform", "beta"}),
        (np.concatenate([RNG.normal(0, 1, 1500), RNG.normal(8, 1, 1500)]), {"empirical"}),
    ],
)
def test_family_is_chosen_by_goodness_of_fit(data: np.ndarray, expected: set[str]) -> None:
    choice = choose_family(data, float(data.min()), float(data.max()), FAMILIES, max_ks=0.03)
    assert choice.family in expected, choice.ks


def test_a_big_column_gets_no_family_that_its_rows_show_to_be_off() -> None:
    """A normal fitted to a slightly skewed column is within 0.03 on 2,000 rows, but 40,000 rows show the misfit:
    the column then keeps its own quantiles, and its generated values follow the data closely."""
    rng = np.random.default_rng(11)
    x = np.concatenate([rng.normal(0.0, 1.0, 38_000), rng.normal(1.5, 0.5, 2_000)])
    small = choose_family(x[:2000], float(x.min()), float(x.max()), ["normal"], max_ks=0.03)
    assert small.family == "normal"
    big = choose_family(x[:2000], float(x.min()), float(x.max()), ["normal"], max_ks=0.03, check=x)
    assert big.family == "empirical" and big.ks["normal"] > 1.63 / np.sqrt(len(x))
    marginal = fit_marginal(x, (float(x.min()), float(x.max())), MarginalOptions(families=["normal"]), rng)
    draws = np.sort(marginal.sample(rng.standard_normal(40_000)))
    grid = np.quantile(x, np.linspace(0.01, 0.99, 99))
    gap = np.abs(np.searchsorted(draws, grid) / len(draws) - np.linspace(0.01, 0.99, 99)).max()
    assert gap < 0.01  # knots from 2,000 rows alone leave about 0.02


def test_mixture_reproduces_mass_share_and_discrete_values() -> None:
    x = np.where(RNG.random(10_000) < 0.7, 5.0, RNG.normal(20, 3, 10_000))
    options = MarginalOptions(families=FAMILIES)
    marginal = fit_marginal(x, (float(x.min()), float(x.max())), options, RNG)
    draws = marginal.sample(RNG.standard_normal(50_000))
    assert (draws == 5.0).mean() == pytest.approx((x == 5.0).mean(), abs=0.01)
    discrete = fit_marginal(np.array([1.0, 2.0, 2.0, 7.0] * 50), (1.0, 7.0), options, RNG)
    values, counts = np.unique(discrete.sample(RNG.standard_normal(40_000)), return_counts=True)
    assert values.tolist() == [1.0, 2.0, 7.0]
    np.testing.assert_allclose(counts / counts.sum(), [0.25, 0.5, 0.25], atol=0.01)


def test_normal_scores_jitter_ties_and_keep_nans() -> None:
    keys = np.array([0.0, 0.0, 0.0, 1.0, np.nan])
    scores = normal_scores(keys, np.random.default_rng(0))
    assert np.isnan(scores[4]) and len(set(scores[:3])) == 3 and scores[3] == scores[:4].max()


def test_pairwise_correlation_uses_rows_where_both_exist() -> None:
    x = RNG.normal(size=5000)
    y = x + RNG.normal(scale=0.5, size=5000)
    y[:2500] = np.nan
    corr = pairwise_correlation(np.column_stack([x, y]))
    assert corr[0, 1] == pytest.approx(np.corrcoef(x[2500:], y[2500:])[0, 1], abs=1e-9)


def test_invalid_correlation_is_repaired_to_a_valid_one() -> None:
    bad = np.array([[1.0, 0.9, 0.9], [0.9, 1.0, -0.9], [0.9, -0.9, 1.0]])
    fixed = nearest_correlation(bad)
    assert np.linalg.eigvalsh(fixed).min() > -1e-8
    np.testing.assert_allclose(np.diag(fixed), 1.0)
    factor = correlation_factor(fixed)
    np.testing.assert_allclose(factor.T @ factor, fixed, atol=1e-8)


def test_value_codec_round_trips_exact_dtypes() -> None:
    frame = pd.DataFrame(
        {
            "tz": pd.date_range("2024-10-27", periods=3, freq="h", tz="Europe/Oslo"),
            "nullable": pd.array([1, None, 3], dtype="Int64"),
            "cat": pd.Categorical(["b", "a", None], categories=["b", "a"], ordered=True),
        }
    )
    schema = infer_schema(frame)
    for name in frame.columns:
        decoded = pd.Series(decode_values(encode_values(frame[name]), schema[name]))
        pd.testing.assert_series_equal(decoded, frame[name], check_names=False)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(-9, 9), min_size=1, max_size=30),
    st.lists(st.floats(-20, 20) | st.sampled_from([np.inf, -np.inf, 0.0]), min_size=1, max_size=200),
    st.sampled_from(["left", "right"]),
)
def test_step_lookup_equals_searchsorted(steps: list[float], values: list[float], side: str) -> None:
    cuts = np.sort(np.asarray(steps))
    probe = np.concatenate([np.asarray(values), cuts, np.nextafter(cuts, np.inf), np.nextafter(cuts, -np.inf)])
    lookup = StepLookup(cuts, -8.0, 8.0, 64, side=side)  # type: ignore[arg-type]
    np.testing.assert_array_equal(lookup(probe), np.searchsorted(cuts, probe, side=side))  # type: ignore[call-overload]

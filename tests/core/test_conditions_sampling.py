"""Conditional samplers: exact n, every row satisfies, real conditioning, clear infeasibility, reproducibility."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.stats import multivariate_normal, norm

from genesis.conditions import (
    Condition,
    ConditionalSampler,
    ConditionSet,
    GuidedConditionalSampler,
    LatentGaussianModel,
)
from genesis.conditions.latent import LatentConditioner
from genesis.errors import ConfigError, InfeasibleConditionError, ValidationError
from genesis.generators.copula import GaussianCopulaGenerator

RHO = 0.8


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    """x, y correlated normals (rho 0.8); a group that depends on x; a text code."""
    rng = np.random.default_rng(0)
    n = 3000
    x = rng.standard_normal(n)
    y = RHO * x + np.sqrt(1 - RHO**2) * rng.standard_normal(n)
    group = np.where(x + 0.5 * rng.standard_normal(n) > 0.8, "high", np.where(rng.random(n) < 0.5, "low", "mid"))
    code = rng.choice(["AB-1", "AB-2", "CD-1", "XY_9"], n, p=[0.4, 0.3, 0.2, 0.1])
    return pd.DataFrame({"x": x, "y": y, "group": group, "code": code})


@pytest.fixture(scope="module")
def copula(data: pd.DataFrame) -> GaussianCopulaGenerator:
    return GaussianCopulaGenerator().fit(data)


class Gaussian:
    """A latent-Gaussian model whose rows are the latent draws themselves (columns a, b, c)."""

    def __init__(self, corr: np.ndarray) -> None:
        self.latent_correlation = corr
        self.columns = ["a", "b", "c"][: len(corr)]

    def latent_region(self, conditions: ConditionSet) -> tuple[list[dict[int, np.ndarray]], ConditionSet]:
        box: dict[int, np.ndarray] = {}
        residual = []
        for condition in conditions:
            j = self.columns.index(condition.column)
            bounds = {"gte": (condition.value, np.inf), "lte": (-np.inf, condition.value)}.get(condition.operator)
            if condition.operator == "between":
                bounds = condition.value
            if bounds is None:
                residual.append(condition)
                continue
            low, high = bounds
            if j in box:
                low, high = max(low, box[j][0, 0]), min(high, box[j][0, 1])
            box[j] = np.array([[low, high]], dtype=float) if low < high else np.zeros((0, 2))
        return [box], ConditionSet(residual)

    def decode_latent(self, z: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
        return pd.DataFrame(z, columns=self.columns)

    def generate(self, n: int, *, conditions: object = None, seed: int | None = None) -> pd.DataFrame:
        rng = np.random.default_rng(seed)
        return self.decode_latent(rng.multivariate_normal(np.zeros(len(self.columns)), self.latent_correlation, n), rng)


CORR = np.array([[1.0, 0.6, 0.3], [0.6, 1.0, -0.4], [0.3, -0.4, 1.0]])


# ------------------------------------------------------------------ ConditionalSampler


def test_sampler_returns_exactly_n_rows_that_all_satisfy(data: pd.DataFrame, copula: GaussianCopulaGenerator) -> None:
    sampler = ConditionalSampler(data, generator=copula)
    conditions = {"x": (">=", 1.5), "group": "high", "code": ("like", "AB%")}
    rows = sampler.sample(conditions, 777, seed=3)
    assert len(rows) == 777
    assert ConditionSet.from_dict(conditions).mask(rows).all()
    assert list(rows.columns) == list(data.columns)


def test_sampler_fits_the_default_generator_from_the_registry(data: pd.DataFrame) -> None:
    sampler = ConditionalSampler(data)
    assert isinstance(sampler.generator, GaussianCopulaGenerator) and sampler.generator.is_fitted
    assert len(sampler.sample({"group": "low"}, 50, seed=1)) == 50


def test_rows_are_generated_never_copied(data: pd.DataFrame, copula: GaussianCopulaGenerator) -> None:
    rows = ConditionalSampler(data, generator=copula).sample({"x": (">", 0.0)}, 500, seed=5)
    assert not set(rows["x"]) & set(data["x"])


def test_same_seed_same_rows_other_seed_other_rows(data: pd.DataFrame, copula: GaussianCopulaGenerator) -> None:
    sampler = ConditionalSampler(data, generator=copula)
    first = sampler.sample({"x": ("between", (0.5, 2.0))}, 300, seed=11)
    assert first.equals(sampler.sample({"x": ("between", (0.5, 2.0))}, 300, seed=11))
    assert not first.equals(sampler.sample({"x": ("between", (0.5, 2.0))}, 300, seed=12))


def test_range_condition_keeps_the_real_conditional_mean(data: pd.DataFrame, copula: GaussianCopulaGenerator) -> None:
    rows = ConditionalSampler(data, generator=copula).sample({"x": (">=", 1.0)}, 4000, seed=2)
    real = data.loc[data["x"] >= 1.0, "y"].mean()
    assert rows["y"].mean() == pytest.approx(real, abs=0.08)
    assert rows["y"].mean() == pytest.approx(RHO * norm.pdf(1.0) / norm.sf(1.0), abs=0.1)


def test_category_condition_samples_the_whole_category(data: pd.DataFrame, copula: GaussianCopulaGenerator) -> None:
    """Each call draws the model's own conditional over the category (stable across calls, no drift)."""
    sampler = ConditionalSampler(data, generator=copula)
    means = [sampler.sample({"group": "high"}, 3000, seed=s)["x"].mean() for s in range(3)]
    generated = copula.generate(200_000, seed=9)
    assert np.ptp(means) < 0.08
    assert np.mean(means) == pytest.approx(generated.loc[generated["group"] == "high", "x"].mean(), abs=0.04)


def test_feasibility_agrees_with_the_model_and_the_data(data: pd.DataFrame, copula: GaussianCopulaGenerator) -> None:
    sampler = ConditionalSampler(data, generator=copula)
    generated = copula.generate(100_000, seed=9)
    for conditions in ({"x": (">=", 1.5)}, {"group": "high"}, {"x": (">=", 1.0), "code": ("in", ["CD-1", "XY_9"])}):
        estimate = sampler.estimate_feasibility(conditions)
        cs = ConditionSet.from_dict(conditions)
        assert 0.0 <= estimate <= 1.0
        assert estimate == pytest.approx(cs.mask(generated).mean(), rel=0.1)
        assert estimate == pytest.approx(cs.mask(data).mean(), rel=0.25)


def test_impossible_condition_raises_with_the_bottleneck(data: pd.DataFrame, copula: GaussianCopulaGenerator) -> None:
    sampler = ConditionalSampler(data, generator=copula)
    assert sampler.estimate_feasibility({"x": (">", 100.0)}) == 0.0
    with pytest.raises(InfeasibleConditionError, match=r"found 0 of 10 rows.*probability 0 to x > 100\.0"):
        sampler.sample({"x": (">", 100.0), "group": "low"}, 10, seed=1)


def test_exhausted_iterations_report_progress_or_return_partial(
    data: pd.DataFrame, copula: GaussianCopulaGenerator
) -> None:
    sampler = ConditionalSampler(data, generator=copula, max_iterations=1)
    conditions = {"code": ("like", "XY%"), "y": ("ne", 0.25)}  # like on text is exact; ne on numbers too
    rows = sampler.sample(conditions, 200, seed=1)
    assert len(rows) == 200
    blind = GuidedConditionalSampler("rejection", max_iterations=2, batch_multiplier=1.0)
    with pytest.raises(InfeasibleConditionError, match=r"found \d+ of 1,000 rows.*bottleneck: x >= 2\.5") as info:
        blind.sample(copula, 1000, {"x": (">=", 2.5)}, seed=1)
    assert 0 < len(info.value.found) < 1000  # type: ignore[attr-defined]
    partial = blind.sample(copula, 1000, {"x": (">=", 2.5)}, seed=1, allow_partial=True)
    assert 0 < len(partial) < 1000 and (partial["x"] >= 2.5).all()


def test_conditions_are_validated_before_sampling(data: pd.DataFrame, copula: GaussianCopulaGenerator) -> None:
    sampler = ConditionalSampler(data, generator=copula)
    with pytest.raises(ValidationError, match="unknown column 'age'"):
        sampler.sample({"age": 3}, 10)
    with pytest.raises(ValidationError, match="type mismatch on column 'x'"):
        sampler.estimate_feasibility({"x": "big"})
    with pytest.raises(ConfigError, match="n_samples"):
        sampler.sample({"x": (">", 0.0)}, -1)
    assert len(sampler.sample({"x": (">", 0.0)}, 0)) == 0


# ------------------------------------------------------------------ latent conditioning is exact


def test_truncated_latent_draws_match_the_truncated_normal() -> None:
    model = Gaussian(CORR)
    conditions = ConditionSet([Condition("a", "gte", 1.0), Condition("b", "between", (0.5, 2.0))])
    assert isinstance(model, LatentGaussianModel)
    conditioner = LatentConditioner(model, conditions)
    exact = multivariate_normal(np.zeros(2), CORR[:2, :2]).cdf([np.inf, 2.0], lower_limit=[1.0, 0.5])
    assert conditioner.box_probability(200_000, np.random.default_rng(1)) == pytest.approx(exact, rel=0.02)
    draws = conditioner.latent_draws(200_000, np.random.default_rng(2))
    reference = np.random.default_rng(3).multivariate_normal(np.zeros(3), CORR, 2_000_000)
    reference = reference[(reference[:, 0] >= 1.0) & (reference[:, 1] >= 0.5) & (reference[:, 1] <= 2.0)]
    assert draws.mean(axis=0) == pytest.approx(reference.mean(axis=0), abs=0.02)
    assert draws.std(axis=0) == pytest.approx(reference.std(axis=0), abs=0.02)
    assert len(np.unique(draws[:, 0])) == len(draws)  # no duplicated draws


@pytest.mark.parametrize("strategy", ["iterative_refinement", "importance_sampling", "rejection"])
@pytest.mark.parametrize("which", ["latent model", "copula", "plain callable"])
def test_every_strategy_returns_exactly_n_satisfying_rows(
    strategy: str, which: str, data: pd.DataFrame, copula: GaussianCopulaGenerator
) -> None:
    if which == "latent model":
        generator, conditions = Gaussian(CORR), {"a": (">=", 1.0), "c": ("<=", 0.0)}
    elif which == "copula":
        generator, conditions = copula, {"x": (">=", 1.0), "group": ("ne", "low")}
    else:
        generator, conditions = (lambda n, seed=None: copula.generate(n, seed=seed)), {"y": ("<", -0.5)}
    sampler = GuidedConditionalSampler(strategy, max_iterations=50, batch_multiplier=3.0)
    rows = sampler.fit(data if which != "latent model" else Gaussian(CORR).generate(500, seed=0)).sample(
        generator, 400, conditions, seed=4
    )
    assert len(rows) == 400
    assert ConditionSet.from_dict(conditions).mask(rows).all()
    assert rows.equals(sampler.sample(generator, 400, conditions, seed=4))


def test_iterative_refinement_adapts_its_batch_to_the_acceptance_rate(copula: GaussianCopulaGenerator) -> None:
    calls: list[int] = []

    def generator_fn(n: int, seed: int | None = None) -> pd.DataFrame:
        calls.append(n)
        return copula.generate(n, seed=seed)

    rows = GuidedConditionalSampler("iterative_refinement").sample(generator_fn, 300, {"x": (">=", 2.0)}, seed=1)
    assert len(rows) == 300 and (rows["x"] >= 2.0).all()
    assert len(calls) <= 4 and calls[1] > 10 * 300  # learned that ~2% pass after the first batch


@pytest.mark.parametrize("strategy", ["iterative_refinement", "importance_sampling"])
def test_batch_multiplier_is_the_oversample_factor_once_fitted(
    strategy: str, data: pd.DataFrame, copula: GaussianCopulaGenerator
) -> None:
    """The reference: ``batch_multiplier`` is the oversample factor; fitting must not make it inert."""
    conditions = {"group": ("ne", "low")}  # met by most rows, so the fitted data alone asks for a small batch
    calls: dict[float, list[int]] = {1.0: [], 50.0: []}
    for multiplier, sizes in calls.items():

        def generator_fn(n: int, seed: int | None = None, sizes: list[int] = sizes) -> pd.DataFrame:
            sizes.append(n)
            return copula.generate(n, seed=seed)

        sampler = GuidedConditionalSampler(strategy, batch_multiplier=multiplier).fit(data)
        rows = sampler.sample(generator_fn, 200, conditions, seed=3)
        assert len(rows) == 200 and ConditionSet.from_dict(conditions).mask(rows).all()
    first_calls = {multiplier: sizes[0] for multiplier, sizes in calls.items()}
    assert first_calls[50.0] >= 50 * 200  # oversampled fifty times in one call
    assert first_calls[1.0] < 5 * 200  # about what the data's acceptance rate asks for
    assert (data["group"] != "low").mean() > 0.4


def test_importance_sampling_on_a_latent_model_costs_no_rejection_for_one_condition() -> None:
    calls: list[int] = []
    model = Gaussian(CORR)
    original = model.decode_latent
    model.decode_latent = lambda z, rng: (calls.append(len(z)), original(z, rng))[1]  # type: ignore[method-assign]
    rows = GuidedConditionalSampler("importance_sampling").sample(model, 1000, {"a": (">=", 3.0)}, seed=1)
    assert len(rows) == 1000 and (rows["a"] >= 3.0).all()  # a 0.13% condition
    assert sum(calls) < 1500  # latent draws are decoded only when they are kept


def test_bad_strategy_settings_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="unknown strategy 'magic'"):
        GuidedConditionalSampler("magic")
    with pytest.raises(ConfigError, match="max_iterations"):
        GuidedConditionalSampler(max_iterations=0)
    with pytest.raises(ConfigError, match="batch_multiplier"):
        GuidedConditionalSampler(batch_multiplier=0)


def test_linked_columns_are_conditioned_exactly_inside_the_copula() -> None:
    """Adult's sex and income are drawn from relationship's table (itself from marital status, from age)."""
    from genesis.datasets import load_adult_sample

    adult = load_adult_sample()
    copula = GaussianCopulaGenerator().fit(adult)
    sampler = ConditionalSampler(adult, generator=copula)
    conditions = {"sex": "Female", "income": ">50K", "age": (">=", 40)}
    rows = sampler.sample(conditions, 5000, seed=2)
    assert ConditionSet.from_dict(conditions).mask(rows).all()
    assert sampler.last_stats.accepted / sampler.last_stats.proposed > 0.3  # not blind rejection (~2.5%)
    reference = ConditionSet.from_dict(conditions).apply(copula.generate(200_000, seed=1))
    assert sampler.estimate_feasibility(conditions) == pytest.approx(len(reference) / 200_000, rel=0.1)
    assert rows["hours-per-week"].mean() == pytest.approx(reference["hours-per-week"].mean(), abs=1.0)
    shares = rows["relationship"].value_counts(normalize=True)
    expected = reference["relationship"].value_counts(normalize=True)
    assert (shares - expected).abs().max() < 0.03


_RANDOM_CONDITION = st.one_of(
    st.builds(lambda op, v: Condition("x", op, v), st.sampled_from(["gt", "gte", "lt", "lte", "ne"]),
              st.floats(-2.5, 2.5)),
    st.builds(lambda lo, w: Condition("y", "between", (lo, lo + w)), st.floats(-2.0, 1.5), st.floats(0.2, 2.0)),
    st.builds(lambda op, v: Condition("group", op, v), st.sampled_from(["eq", "ne"]),
              st.sampled_from(["low", "mid", "high"])),
    st.builds(lambda op, v: Condition("group", op, v), st.sampled_from(["in", "not_in"]),
              st.lists(st.sampled_from(["low", "mid", "high"]), min_size=1, max_size=2)),
    st.builds(lambda p: Condition("code", "like", p), st.sampled_from(["AB%", "%-1", "XY\\_9", "_D-_"])),
)  # fmt: skip


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_RANDOM_CONDITION, min_size=1, max_size=3), st.integers(0, 2**16))
def test_random_condition_sets_give_exactly_n_satisfying_rows(
    data: pd.DataFrame, copula: GaussianCopulaGenerator, conditions: list[Condition], seed: int
) -> None:
    cs = ConditionSet(conditions)
    sampler = ConditionalSampler(data, generator=copula, max_iterations=20)
    try:
        rows = sampler.sample(cs, 50, seed=seed)
    except InfeasibleConditionError as error:
        assert sampler.estimate_feasibility(cs) < 1e-3
        assert "found" in str(error)
        return
    assert len(rows) == 50
    assert cs.mask(rows).all()


def test_guided_samplers_satisfy_the_sampler_protocol() -> None:
    from genesis.protocols import Sampler

    for strategy in ("rejection", "iterative-refinement", "importance_sampling"):
        assert isinstance(GuidedConditionalSampler(strategy), Sampler)


def test_identifiers_stay_unique_across_batches() -> None:
    rng = np.random.default_rng(1)
    when = pd.Series(pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.uniform(0, 10**7, 400), unit="s"))
    frame = pd.DataFrame({"id": np.arange(400), "x": rng.standard_normal(400), "when": when})
    copula = GaussianCopulaGenerator().fit(frame)
    sampler = ConditionalSampler(frame, generator=copula)
    # the datetime condition is checked after decoding, so the first batch falls short
    rows = sampler.sample({"x": (">", 0.5), "when": (">=", when.median())}, 3000, seed=3)
    assert sampler.last_stats.iterations > 1
    assert rows["id"].is_unique and len(rows) == 3000


def test_boxes_cut_into_pieces_keep_the_conditional_distribution() -> None:
    """Five latent coordinates (age, hours, sex through relationship and marital status): the region is cut into
    smaller boxes so that most draws are kept, and the rows still follow the model restricted to the region."""
    from genesis.conditions.latent import LatentConditioner
    from genesis.datasets import load_adult_sample

    copula = GaussianCopulaGenerator().fit(load_adult_sample())
    conditions = ConditionSet.from_dict({"age": (">=", 60), "sex": "Female", "hours-per-week": (">=", 40)})
    conditioner = LatentConditioner(copula.latent_model(), conditions)
    assert len(conditioner.conditioned) >= 3
    sampler = ConditionalSampler(load_adult_sample(), generator=copula)
    rows = sampler.sample(conditions.to_dict(), 6000, seed=4)
    assert conditions.mask(rows).all()
    assert sampler.last_stats.accepted / sampler.last_stats.proposed > 0.5
    reference = conditions.apply(copula.generate(600_000, seed=9))
    assert len(reference) > 3000
    assert conditioner.box_probability(50_000, np.random.default_rng(1)) == pytest.approx(
        len(reference) / 600_000, rel=0.08)
    for column in ("age", "hours-per-week", "education-num"):
        assert rows[column].mean() == pytest.approx(reference[column].mean(), abs=0.25 * reference[column].std())
        assert rows[column].quantile(0.9) == pytest.approx(reference[column].quantile(0.9),
                                                           abs=0.2 * reference[column].std())
    for column in ("relationship", "marital-status", "income"):
        shares = rows[column].value_counts(normalize=True)
        expected = reference[column].value_counts(normalize=True)
        assert shares.sub(expected, fill_value=0).abs().max() < 0.04, column


def test_a_rare_compound_condition_keeps_most_latent_draws() -> None:
    """0.2% of the model's rows (age >= 67, Female, hours >= 45): the cut region keeps over half of the draws
    (34% before the boxes were cut), and a pipeline reuses the prepared region for the same conditions."""
    from genesis.datasets import load_adult_sample
    from genesis.pipeline import GenerationRequest, Pipeline

    copula = GaussianCopulaGenerator().fit(load_adult_sample())
    conditions = {"age": (">=", 67), "sex": "Female", "hours-per-week": (">=", 45)}
    sampler = ConditionalSampler(load_adult_sample(), generator=copula)
    rows = sampler.sample(conditions, 20_000, seed=3)
    assert ConditionSet.from_dict(conditions).mask(rows).all()
    assert sampler.last_stats.accepted / sampler.last_stats.proposed > 0.5
    pipeline = Pipeline(copula)
    request = GenerationRequest(500, 1, ConditionSet.from_dict(conditions))
    first = pipeline.frame(request, surface="test")[0]
    assert len(pipeline.conditioning_plans) == 1
    again = pipeline.frame(request, surface="test")[0]
    assert len(pipeline.conditioning_plans) == 1
    pd.testing.assert_frame_equal(first, again)


def test_a_refit_model_gets_a_new_latent_view_so_no_stale_plan_is_reused() -> None:
    from genesis.datasets import load_adult_sample

    adult = load_adult_sample()
    copula = GaussianCopulaGenerator().fit(adult)
    view = copula.latent_model()
    assert copula.latent_model() is view
    copula.fit(adult[adult["age"] >= 50])
    assert copula.latent_model() is not view
    rows = copula.generate(200, conditions={"sex": "Female"}, seed=1)
    assert rows["age"].min() >= 50

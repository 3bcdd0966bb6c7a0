"""Behaviour of the Gaussian copula users rely on: masses, dependencies, bounds, conditions, errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from genesis.conditions import ConditionSet, ExactConditioning
from genesis.errors import ConfigError, InfeasibleConditionError, NotFittedError, ValidationError
from genesis.generators import GaussianCopulaGenerator
from genesis.protocols import Generator

EDUCATION = ["HS-grad", "Some-college", "Bachelors", "Masters", "Doctorate", "11th"]
YEARS = [9, 10, 13, 14, 16, 7]


@pytest.fixture(scope="module")
def adult_like() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n = 4000
    level = rng.choice(len(EDUCATION), n, p=[0.35, 0.25, 0.2, 0.1, 0.04, 0.06])
    age = rng.integers(17, 80, n)
    gain = np.where(rng.random(n) < 0.9, 0, np.round(rng.lognormal(8, 1, n)))
    return pd.DataFrame(
        {
            "age": age,
            "education": pd.Series(np.array(EDUCATION)[level], dtype="str"),
            "education-num": np.array(YEARS)[level],
            "capital-gain": gain.astype(np.int64),
            "hours": np.clip(np.round(rng.normal(40, 8, n) + (age - 45) * 0.3), 1, 99).astype(np.int64),
            "workclass": pd.Series(rng.choice(["Private", "Gov", None], n, p=[0.7, 0.25, 0.05]), dtype="str"),
        }
    )


@pytest.fixture(scope="module")
def fitted(adult_like: pd.DataFrame) -> GaussianCopulaGenerator:
    return GaussianCopulaGenerator().fit(adult_like)


def test_satisfies_the_generator_protocol(fitted: GaussianCopulaGenerator) -> None:
    generator = GaussianCopulaGenerator()
    assert generator.fit(fitted.generate(50, seed=0)) is generator
    # Python 3.11's runtime protocol check reads the ``schema`` property, which exists once the model is fitted
    assert isinstance(generator, Generator) and isinstance(fitted, Generator)


def test_point_mass_is_kept_as_a_mass(adult_like: pd.DataFrame, fitted: GaussianCopulaGenerator) -> None:
    sample = fitted.generate(20_000, seed=1)
    real_zero, fake_zero = (adult_like["capital-gain"] == 0).mean(), (sample["capital-gain"] == 0).mean()
    assert fake_zero == pytest.approx(real_zero, abs=0.01)
    positive = sample.loc[sample["capital-gain"] > 0, "capital-gain"]
    assert positive.median() == pytest.approx(
        adult_like["capital-gain"][adult_like["capital-gain"] > 0].median(), rel=0.15
    )
    assert fitted.report.columns["capital-gain"].atom_share == pytest.approx(real_zero, abs=1e-9)


def test_one_to_one_columns_are_generated_one_from_the_other(fitted: GaussianCopulaGenerator) -> None:
    sample = fitted.generate(10_000, seed=2)
    pairs = set(zip(sample["education"], sample["education-num"], strict=True))
    assert pairs <= set(zip(EDUCATION, YEARS, strict=True))
    assert fitted.report.dependencies == [{"determinant": "education-num", "dependent": "education"}]
    assert fitted.report.columns["education"].model == "dependent"


def test_dependence_between_numeric_columns_is_kept(adult_like: pd.DataFrame, fitted: GaussianCopulaGenerator) -> None:
    sample = fitted.generate(20_000, seed=3)
    real = adult_like["age"].corr(adult_like["hours"], method="spearman")
    assert sample["age"].corr(sample["hours"], method="spearman") == pytest.approx(real, abs=0.05)


def test_report_names_families_and_is_json_safe(fitted: GaussianCopulaGenerator) -> None:
    report = fitted.report
    assert report.columns["age"].model == "numeric" and report.columns["workclass"].null_indicator
    assert set(report.columns["hours"].ks) >= {"normal", "truncnorm", "beta", "gamma", "lognormal", "uniform"}
    json.dumps(report.to_dict(), allow_nan=False)
    assert report.fallbacks == {}


def test_a_column_that_cannot_be_modelled_falls_back_and_says_so() -> None:
    frame = pd.DataFrame({"x": np.arange(30.0), "blob": pd.Series([[1, 2], [3]] * 15, dtype=object)})
    generator = GaussianCopulaGenerator().fit(frame)
    assert "blob" in generator.report.fallbacks
    assert "categorical failed" in generator.report.fallbacks["blob"]
    assert len(generator.generate(10, seed=0)) == 10


def test_public_bounds_are_the_support_and_clip(adult_like: pd.DataFrame) -> None:
    generator = GaussianCopulaGenerator(bounds={"age": (20, 60)}).fit(adult_like)
    sample = generator.generate(5000, seed=4)
    assert sample["age"].between(20, 60).all()


def test_unclipped_fit_may_leave_the_observed_range() -> None:
    frame = pd.DataFrame({"x": np.random.default_rng(0).normal(size=2000)})
    clipped = GaussianCopulaGenerator().fit(frame).generate(50_000, seed=0)["x"]
    free = GaussianCopulaGenerator(enforce_min_max=False, families=["normal"]).fit(frame).generate(50_000, seed=0)["x"]
    assert clipped.between(frame["x"].min(), frame["x"].max()).all()
    assert not free.between(frame["x"].min(), frame["x"].max()).all()


def test_single_column_and_constant_frames() -> None:
    single = pd.DataFrame({"x": [1.5, 2.5, np.nan, 4.0] * 10})
    constant = pd.DataFrame({"k": ["same"] * 5, "n": [np.nan] * 5})
    assert GaussianCopulaGenerator().fit(single).generate(100, seed=0)["x"].isna().any()
    out = GaussianCopulaGenerator().fit(constant).generate(3, seed=0)
    assert out["k"].tolist() == ["same"] * 3 and out["n"].isna().all()


def test_conditions_return_exactly_n_matching_rows(fitted: GaussianCopulaGenerator) -> None:
    sample = fitted.generate(500, conditions=ConditionSet.from_dict({"age": [">=", 60]}), seed=5)
    assert len(sample) == 500 and (sample["age"] >= 60).all()
    assert sample.index.equals(pd.RangeIndex(500))


def test_dict_conditions_mean_the_same_condition_set(fitted: GaussianCopulaGenerator) -> None:
    as_dict = fitted.generate(100, conditions={"workclass": "Gov"}, seed=6)
    as_set = fitted.generate(100, conditions=ConditionSet.from_dict({"workclass": "Gov"}), seed=6)
    assert (as_dict["workclass"] == "Gov").all() and as_dict.equals(as_set)


def test_the_copula_conditions_exactly_through_its_latent_model(fitted: GaussianCopulaGenerator) -> None:
    assert isinstance(fitted, ExactConditioning)
    rare = ConditionSet.from_dict({"age": [">=", 79], "workclass": "Gov"})
    share = rare.mask(fitted.generate(20_000, seed=1)).mean()
    assert share < 0.01
    sample = fitted.generate(200, conditions=rare, seed=2)
    assert len(sample) == 200 and rare.mask(sample).all()


def test_impossible_conditions_raise_naming_them(fitted: GaussianCopulaGenerator) -> None:
    with pytest.raises(InfeasibleConditionError, match=r"probability 0 to age > 500"):
        fitted.generate(10, conditions={"age": [">", 500]})

def test_generate_before_fit_and_bad_arguments_raise(fitted: GaussianCopulaGenerator) -> None:
    with pytest.raises(NotFittedError):
        GaussianCopulaGenerator().generate(5)
    with pytest.raises(ValidationError, match="non-negative"):
        fitted.generate(-1)
    with pytest.raises(ValidationError, match="cannot read conditions from int"):
        fitted.generate(5, conditions=42)
    with pytest.raises(ValidationError, match="DataFrame"):
        GaussianCopulaGenerator().fit([[1, 2]])  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="families"):
        GaussianCopulaGenerator(families=["cauchy"])
    with pytest.raises(ConfigError, match="unknown columns"):
        GaussianCopulaGenerator(bounds={"nope": (0, 1)}).fit(pd.DataFrame({"x": [1.0, 2.0]}))
    with pytest.raises(ConfigError, match="lower"):
        GaussianCopulaGenerator(bounds={"x": (5, 1)})


def test_saved_file_is_versioned_json_and_bad_files_are_refused(
    fitted: GaussianCopulaGenerator, tmp_path: Path
) -> None:
    path = fitted.save(tmp_path / "model.json")
    document = json.loads(path.read_text())
    assert document["format"] == "genesis.gaussian-copula" and document["format_version"] == 1
    (tmp_path / "other.json").write_text(json.dumps({"format": "something"}))
    (tmp_path / "junk.json").write_bytes(b"\x80pickle")
    for name, message in (("other.json", "format"), ("junk.json", "not JSON"), ("missing.json", "no saved model")):
        with pytest.raises(ValidationError, match=message):
            GaussianCopulaGenerator.load(tmp_path / name)


def test_seed_sequences_partition_a_job_reproducibly(fitted: GaussianCopulaGenerator) -> None:
    children = np.random.SeedSequence(11).spawn(3)
    again = np.random.SeedSequence(11).spawn(3)
    assert fitted.generate(50, seed=children[2]).equals(fitted.generate(50, seed=again[2]))
    assert not fitted.generate(50, seed=children[0]).equals(fitted.generate(50, seed=children[1]))


def household_frame() -> pd.DataFrame:
    rng = np.random.default_rng(9)
    n = 6000
    role = rng.choice(["Husband", "Wife", "Child", "Single"], n, p=[0.4, 0.1, 0.2, 0.3])
    male = np.where(role == "Husband", True, np.where(role == "Wife", False, rng.random(n) < 0.5))
    income = np.where((role == "Husband") & (rng.random(n) < 0.45), ">50K", "<=50K")
    return pd.DataFrame(
        {
            "role": pd.Series(role, dtype="str"),
            "sex": pd.Series(np.where(male, "Male", "Female"), dtype="str"),
            "income": pd.Series(income, dtype="str"),
        }
    )


def test_strong_category_associations_are_kept_through_parent_links() -> None:
    frame = household_frame()
    generator = GaussianCopulaGenerator().fit(frame)
    sample = generator.generate(20_000, seed=0)
    real = pd.crosstab(frame["role"], frame["sex"], normalize="index")
    fake = pd.crosstab(sample["role"], sample["sex"], normalize="index")
    assert (fake - real).abs().to_numpy().max() < 0.03
    assert fake.loc["Husband", "Female"] < 0.01 and fake.loc["Wife", "Male"] < 0.01
    rich = sample.groupby("role")["income"].apply(lambda s: (s == ">50K").mean())
    assert rich["Husband"] == pytest.approx(0.45, abs=0.03) and rich.drop("Husband").max() < 0.01
    assert generator.report.columns["sex"].parent == "role"


def test_parent_links_can_be_turned_off() -> None:
    generator = GaussianCopulaGenerator(link_categories=False).fit(household_frame())
    assert all(c.parent is None for c in generator.report.columns.values())


def test_large_requests_are_assembled_from_chunks_without_changing_the_output(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    frame = (
        household_frame()
        .head(300)
        .assign(
            user_id=np.arange(300),
            joined=pd.date_range("2024-01-01", periods=300, freq="h", tz="UTC"),
            score=pd.array(np.arange(300) % 7, dtype="Int64"),
            tier=pd.Categorical(np.array(["a", "b", "c"])[np.arange(300) % 3]),
            source=pd.Series(["survey"] * 300, dtype="str"),
        )
    )
    generator = GaussianCopulaGenerator().fit(frame)
    monkeypatch.setattr("genesis.generators.state._CHUNK", 64)
    sample = generator.generate(1000, seed=3)
    assert sample.dtypes.equals(frame.dtypes) and sample.index.equals(pd.RangeIndex(1000))
    assert sample["user_id"].is_unique and not sample["user_id"].isin(frame["user_id"]).any()
    assert (sample["source"] == "survey").all()
    pd.testing.assert_frame_equal(sample, generator.generate(1000, seed=3))

    assert len(generator.generate(0, conditions={"source": "survey"})) == 0


def test_unusual_columns_never_break_the_fit() -> None:
    frame = pd.DataFrame(
        {
            0: [1.0, np.inf, -np.inf, 2.0, np.nan] * 8,
            1: pd.Series(["a", "b", None, "a"] * 10, dtype=object),
            "span": pd.interval_range(0, 40),
        }
    )
    generator = GaussianCopulaGenerator().fit(frame)
    sample = generator.generate(200, seed=0)
    assert list(sample.columns) == [0, 1, "span"]
    assert np.isfinite(sample[0].dropna()).all() and "infinite" in generator.report.columns["0"].notes[0]
    assert sample[1].dtype == object and set(sample[1].dropna()) <= {"a", "b"}
    assert "span" in generator.report.fallbacks and sample["span"].dtype == object
    with pytest.raises(ValidationError, match="distinct"):
        GaussianCopulaGenerator().fit(pd.DataFrame({1: [1, 2], "1": [3, 4]}))


def test_copula_rows_subset_keeps_full_marginals() -> None:
    rng = np.random.default_rng(5)
    x = rng.normal(size=4000)
    frame = pd.DataFrame(
        {
            "x": x,
            "y": x + rng.normal(scale=0.5, size=4000),
            "tag": pd.Series(np.where(np.arange(4000) == 123, "rare", "common"), dtype="str"),
        }
    )
    generator = GaussianCopulaGenerator(copula_rows=800).fit(frame)
    sample = generator.generate(20_000, seed=0)
    assert generator.report.n_rows == 4000
    assert sample["x"].corr(sample["y"]) == pytest.approx(frame["x"].corr(frame["y"]), abs=0.05)
    assert (sample["tag"] == "rare").mean() == pytest.approx(1 / 4000, abs=5e-4)
    assert generator.schema["tag"].categories == ["common", "rare"]

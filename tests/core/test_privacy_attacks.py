"""Attacks on what Genesis releases: the saved model file and the synthetic rows.

Each test plays an attacker against a claim made in docs/privacy.md (the claims name these tests).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from genesis.datasets import load_adult_sample
from genesis.evaluation import evaluate, split_holdout
from genesis.generators import GaussianCopulaGenerator
from genesis.generators.privacy import OTHER, STRICT_MIN_COUNT

REAL_IDS = 300


def _phones(rng: np.random.Generator, n: int) -> list[str]:
    """``n`` distinct phone-like values ``NNN-NNN`` (a format of 10^6 values, as in issue 22's attack)."""
    numbers = rng.choice(10**6, size=n, replace=False)
    return [f"{v // 1000:03d}-{v % 1000:03d}" for v in numbers]


def _people(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "phone": _phones(rng, REAL_IDS),
            "user_id": rng.permutation(np.arange(1, REAL_IDS + 1)),
            "account": [f"AC-{v:05d}" for v in rng.choice(REAL_IDS * 10, REAL_IDS, replace=False)],
            "age": rng.integers(18, 90, REAL_IDS),
            "city": rng.choice(["Oslo", "Rome", "Lima"], REAL_IDS),
        }
    )


def _fit(frame: pd.DataFrame) -> GaussianCopulaGenerator:
    return GaussianCopulaGenerator(schema_overrides={"phone": "identifier", "account": "identifier"}).fit(frame)


@pytest.fixture(scope="module")
def people() -> pd.DataFrame:
    return _people(7)


@pytest.fixture(scope="module")
def saved(people: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _fit(people).save(tmp_path_factory.mktemp("attack") / "model.json")


def _identifier_models(path: Path) -> dict[str, dict[str, object]]:
    columns = json.loads(path.read_text())["state"]["columns"]
    return {name: model["ids"] for name, model in columns.items() if model["model"] == "identifier"}


def test_enumerating_the_saved_identifier_format_confirms_no_real_value(people: pd.DataFrame, saved: Path) -> None:
    """The attack of issue 22: enumerate every value the stored format allows, keep those the file confirms."""
    phone = _identifier_models(saved)["phone"]
    assert phone["style"] == "template"
    candidates = np.array(["".join(c) for c in itertools.product(*phone["alphabets"][0])], dtype=object)
    assert len(candidates) <= 10**6 and set(people["phone"]) <= set(candidates)  # the enumeration is complete
    numbers_in_file = {int(n) for n in re.findall(r"\d{6,}", saved.read_text())}
    confirmed = [
        c for c, h in zip(candidates, pd.util.hash_array(candidates), strict=True) if int(h) in numbers_in_file
    ]
    assert confirmed == []


@pytest.mark.parametrize("column", ["phone", "account", "user_id"])
def test_saved_file_holds_no_real_identifier_nor_any_hash_of_one(
    people: pd.DataFrame, saved: Path, column: str
) -> None:
    text = saved.read_text().lower()
    values = [str(v) for v in people[column]]
    hashes = pd.util.hash_array(people[column].astype(str).to_numpy(dtype=object))
    hashes_raw = pd.util.hash_array(people[column].to_numpy())
    for value, hashed, raw in zip(values, hashes, hashes_raw, strict=True):
        if column != "user_id":  # small integers occur in any file; the text ids must not
            assert f'"{value.lower()}"' not in text
        for digest in (int(hashed), int(raw), f"{int(hashed):x}", f"{int(raw):x}"):
            assert str(digest) not in text
        for algorithm in ("sha256", "sha1", "md5", "blake2b"):
            assert hashlib.new(algorithm, value.encode()).hexdigest() not in text


def test_saved_identifier_model_depends_on_the_format_only(tmp_path: Path) -> None:
    """Two tables with the same id formats but other real ids save the same identifier models: the file
    cannot tell which values were real."""
    first, second = _people(1), _people(2)
    assert len(set(first["phone"]) & set(second["phone"])) < REAL_IDS // 10
    models = [_identifier_models(_fit(frame).save(tmp_path / f"{i}.json")) for i, frame in enumerate((first, second))]
    assert models[0] == models[1]


def test_no_real_identifier_in_100k_synthetic_rows(people: pd.DataFrame) -> None:
    sample = _fit(people).generate(100_000, seed=3)
    for column in ("phone", "account", "user_id"):
        assert not sample[column].isin(people[column]).any(), column
        assert sample[column].is_unique, column


def test_loaded_model_never_replays_sequence_or_pattern_ids(people: pd.DataFrame, saved: Path) -> None:
    sample = GaussianCopulaGenerator.load(saved).generate(100_000, seed=4)
    for column in ("account", "user_id"):
        assert not sample[column].isin(people[column]).any(), column


def test_loaded_template_ids_hit_real_ones_no_more_often_than_the_stated_bound(
    people: pd.DataFrame, saved: Path
) -> None:
    bound = float(_identifier_models(saved)["phone"]["collision_bound"])
    assert bound == pytest.approx(REAL_IDS / 10**6, rel=0.01)
    n = 100_000
    hits = int(GaussianCopulaGenerator.load(saved).generate(n, seed=5)["phone"].isin(people["phone"]).sum())
    expected = bound * n
    assert hits <= expected + 5 * np.sqrt(expected)


# ------------------------------------------------------------------ privacy="strict": no exact real values


def _numbers_in(path: Path, column: str | None = None) -> set[float]:
    """Every number a saved model file holds, or those on ``column``'s value scale: its point masses, quantile
    knots and family parameters, and its range and categories in the schema (normal scores, counts such as
    ``n_unique`` and the rounding step are on other scales)."""
    document = json.loads(path.read_text())
    if column is not None:
        state = document["state"]
        schema = next(c for c in state["schema"]["columns"] if c["name"] == column)
        marginal = state["columns"][column]["marginal"]
        values = [marginal[key] for key in ("atoms", "knots_x", "params")]
        document = [*values, schema["minimum"], schema["maximum"], schema["categories"]]
    return set(_leaves(document))


def _leaves(node: object) -> list[float]:
    if isinstance(node, dict):
        return [x for value in node.values() for x in _leaves(value)]
    if isinstance(node, list):
        return [x for value in node for x in _leaves(value)]
    return [float(node)] if isinstance(node, int | float) and not isinstance(node, bool) else []


def _rare_values(series: pd.Series) -> set[object]:
    counts = series.value_counts()
    return set(counts.index[counts < STRICT_MIN_COUNT])


@pytest.fixture(scope="module")
def adult_plus() -> pd.DataFrame:
    """The embedded Adult sample with continuous columns added: one all-distinct, one with a 30% point mass."""
    frame = load_adult_sample()
    rng = np.random.default_rng(11)
    frame["balance"] = rng.lognormal(8, 1.5, len(frame))
    frame["ratio"] = np.where(rng.random(len(frame)) < 0.3, 0.0, rng.normal(0.5, 0.2, len(frame)))
    frame["visited"] = pd.Timestamp("2024-01-01 00:00:00") + pd.to_timedelta(rng.integers(0, 10**7, len(frame)), "s")
    return frame


@pytest.fixture(scope="module")
def strict_file(adult_plus: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return GaussianCopulaGenerator(privacy="strict").fit(adult_plus).save(tmp_path_factory.mktemp("s") / "m.json")


def test_strict_model_file_holds_no_real_value_of_a_continuous_column(
    adult_plus: pd.DataFrame, strict_file: Path
) -> None:
    numbers = _numbers_in(strict_file)
    for column in ("balance", "ratio"):
        held = set(adult_plus[column].astype(float)) & numbers
        assert held <= {0.0}, column  # ratio's 0.0 is a point mass on 30% of the rows
        assert not _rare_values(adult_plus[column]) & numbers


def test_strict_model_file_holds_no_rare_value_of_any_column(adult_plus: pd.DataFrame, strict_file: Path) -> None:
    text = strict_file.read_text()
    for column in ("capital-gain", "capital-loss", "fnlwgt", "age", "hours-per-week"):
        assert not {float(v) for v in _rare_values(adult_plus[column])} & _numbers_in(strict_file, column), column
    for column in ("native-country", "occupation", "workclass"):
        rare = _rare_values(adult_plus[column])
        assert rare and not [label for label in rare if json.dumps(label) in text], column
    earliest = adult_plus["visited"].min()
    assert str(earliest.value) not in text and earliest.isoformat() not in text
    default = GaussianCopulaGenerator().fit(adult_plus).save(strict_file.with_name("default.json"))
    assert {float(v) for v in _rare_values(adult_plus["capital-gain"])} & _numbers_in(default, "capital-gain")


def _passenger_list(n: int = 600) -> pd.DataFrame:
    """Names whose titles and first names are frequent and whose surnames are each one passenger's."""
    rng = np.random.default_rng(21)
    sex = rng.choice(["female", "male"], n)
    titles = {"female": ["Mrs", "Miss"], "male": ["Mr", "Master"]}
    firsts = {"female": ["Anna", "Mary", "Helen", "Grace"], "male": ["John", "George", "William", "Henry"]}
    names = [f"Surname{i:04d}x, {rng.choice(titles[s])} {rng.choice(firsts[s])}" for i, s in enumerate(sex)]
    return pd.DataFrame({"name": names, "sex": sex, "age": rng.integers(1, 80, n)})


def test_strict_model_file_holds_no_rare_word_of_a_text_column_nor_a_hash_of_its_values(tmp_path: Path) -> None:
    """A membership check on a strict file fails: no surname one passenger had, no hash of any real name; the
    default file holds both (the attack finds what it looks for)."""
    people = _passenger_list()
    hashes = {int(h) for h in pd.util.hash_array(people["name"].to_numpy(dtype=object))}
    strict = GaussianCopulaGenerator(privacy="strict").fit(people).save(tmp_path / "strict.json")
    default = GaussianCopulaGenerator().fit(people).save(tmp_path / "default.json")
    for path, leaks in ((strict, False), (default, True)):
        text = path.read_text()
        surnames = [name.split(",")[0] for name in people["name"]]
        assert any(surname in text for surname in surnames) is leaks, path.name
        assert bool(hashes & _numbers_in_exact(path)) is leaks, path.name
    names = GaussianCopulaGenerator.load(strict).generate(500, seed=3)["name"]
    assert names.str.contains("Mrs|Miss|Mr|Master").mean() > 0.95  # still names, made of frequent words


def _numbers_in_exact(path: Path) -> set[int]:
    """Every integer a saved file holds, exactly (64-bit hashes lose their low bits as floats)."""
    return {int(token) for token in re.findall(r"(?<![\d.])\d{6,}(?![\d.])", path.read_text())}


def test_strict_model_keeps_frequent_values_and_the_table_useful(adult_plus: pd.DataFrame, strict_file: Path) -> None:
    model = GaussianCopulaGenerator.load(strict_file)
    assert model.privacy == "strict"
    sample = model.generate(len(adult_plus), seed=1)
    assert set(sample["native-country"].dropna()) <= set(adult_plus["native-country"]) | {OTHER}
    assert (sample["capital-gain"] == 0).mean() == pytest.approx((adult_plus["capital-gain"] == 0).mean(), abs=0.03)
    shapes = evaluate(adult_plus, sample, include_privacy=False, include_ml_utility=False, seed=0)
    assert shapes.score("column_shapes") is not None and shapes.score("column_shapes") >= 0.85


# ------------------------------------------------------------------ attacks on the synthetic rows


@pytest.fixture(scope="module")
def adult_split() -> tuple[pd.DataFrame, pd.DataFrame]:
    return split_holdout(load_adult_sample(), 0.3, seed=0)


@pytest.fixture(scope="module")
def adult_synthetic(adult_split: tuple[pd.DataFrame, pd.DataFrame]) -> pd.DataFrame:
    return GaussianCopulaGenerator().fit(adult_split[0]).generate(20_000, seed=1)


def _row_keys(frame: pd.DataFrame) -> set[tuple[object, ...]]:
    return set(frame.astype(object).where(frame.notna(), None).itertuples(index=False, name=None))


def test_no_synthetic_row_replays_a_real_row(
    adult_split: tuple[pd.DataFrame, pd.DataFrame], adult_synthetic: pd.DataFrame
) -> None:
    fitted, _ = adult_split
    assert not _row_keys(adult_synthetic) & _row_keys(fitted)  # 0 of 20,000
    replay = fitted.sample(500, replace=True, random_state=0)  # the attack catches a generator that does
    assert len(_row_keys(replay) & _row_keys(fitted)) == len(_row_keys(replay))


def _privacy(real: pd.DataFrame, synthetic: pd.DataFrame, holdout: pd.DataFrame) -> dict[str, float]:
    report = evaluate(real, synthetic, holdout=holdout, include_ml_utility=False, seed=0)
    return dict(report.metrics["privacy"].details)


def test_synthetic_rows_are_no_closer_to_the_fitted_rows_than_holdout_rows_are(
    adult_split: tuple[pd.DataFrame, pd.DataFrame], adult_synthetic: pd.DataFrame
) -> None:
    fitted, holdout = adult_split
    details = _privacy(fitted, adult_synthetic, holdout)
    assert details["share_synthetic_farther_than_holdout"] >= 0.4  # 0.5 is a fresh sample
    noisy_copy = fitted.sample(len(holdout), random_state=1).reset_index(drop=True)
    assert _privacy(fitted, noisy_copy, holdout)["share_synthetic_farther_than_holdout"] < 0.1


def test_membership_inference_cannot_tell_fitted_rows_from_holdout_rows(
    adult_split: tuple[pd.DataFrame, pd.DataFrame], adult_synthetic: pd.DataFrame
) -> None:
    fitted, holdout = adult_split
    assert _privacy(fitted, adult_synthetic, holdout)["membership_auc"] <= 0.55  # 0.5 is a coin toss
    copy = fitted.sample(len(fitted) // 2, random_state=2)
    assert _privacy(fitted, copy, holdout)["membership_auc"] > 0.7  # the attack wins against a copying generator

"""Free text: new words in the column's style, never a real value unless allowed, scored by the report."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from genesis.errors import ConfigError, GenerationError
from genesis.evaluation import evaluate
from genesis.generators import GaussianCopulaGenerator
from genesis.generators.columns import IdentifierColumn, TextColumn
from genesis.generators.text import fit_text, unpaired

TITLES = [
    "The Godfather", "The Dark Knight", "Pulp Fiction", "Schindler's List", "The Lord of the Rings", "Fight Club",
    "Forrest Gump", "The Matrix", "Star Wars", "The Silence of the Lambs", "Saving Private Ryan", "The Green Mile",
    "Back to the Future", "The Lion King", "The Prestige", "Spirited Away", "Casablanca", "Modern Times",
    "City Lights", "The Great Dictator", "The Big Sleep", "A Night at the Opera", "The Third Man", "Rear Window",
]  # fmt: skip
CITIES = [
    "Paris",
    "London",
    "Berlin",
    "Madrid",
    "Rome",
    "Vienna",
    "Prague",
    "Warsaw",
    "Lisbon",
    "Dublin",
    "Oslo",
    "Helsinki",
    "Stockholm",
    "Copenhagen",
    "Athens",
    "Budapest",
    "Bucharest",
    "Sofia",
    "Zagreb",
    "Belgrade",
]


def _vocabulary(values: list[str]) -> set[str]:
    return {word for value in values for word in value.split()}


def test_titles_become_new_titles_made_of_real_words() -> None:
    generated = fit_text(pd.Series(TITLES)).generate(400, np.random.default_rng(0))
    assert not set(generated) & set(TITLES)
    assert _vocabulary(list(generated)) <= _vocabulary(TITLES)
    assert all(1 <= len(value.split()) <= 7 for value in generated)


def test_single_words_become_new_words_from_letter_chains() -> None:
    model = fit_text(pd.Series(CITIES))
    generated = model.generate(300, np.random.default_rng(1))
    assert model.style == "letters"
    assert not set(generated) & set(CITIES)
    letters = set("".join(CITIES))
    assert all(set(value) <= letters and " " not in value for value in generated)
    assert np.mean([len(v) for v in generated]) == pytest.approx(np.mean([len(c) for c in CITIES]), abs=2.5)


def test_real_values_come_back_only_when_allowed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    frame = pd.DataFrame({"title": TITLES * 3, "n": np.arange(len(TITLES) * 3)})
    frame["title"] = frame["title"] + " " + frame.index.astype(str)  # unique, so kind text
    generator = GaussianCopulaGenerator(allow_real_text=["title"]).fit(frame)
    assert generator.schema["title"].kind == "text"
    allowed = generator.generate(3000, seed=1)["title"]
    assert allowed.isin(frame["title"]).all()  # replayed as a category: real values only
    assert allowed.nunique() > 0.9 * frame["title"].nunique()  # each real value by its frequency (1 in 72)
    default = GaussianCopulaGenerator().fit(frame)
    assert not default.generate(3000, seed=1)["title"].isin(frame["title"]).any()
    loaded = GaussianCopulaGenerator.load(default.save(tmp_path / "m.json"))  # the saved hashes still bar them
    assert not loaded.generate(3000, seed=2)["title"].isin(frame["title"]).any()


def test_replayed_text_keeps_its_neighbour_but_leads_no_column() -> None:
    """An allowed text column follows its strongest neighbour (an airport in its real country), yet no other
    column is drawn given it: through a unique column every other value would be a real row's."""
    rng = np.random.default_rng(3)
    countries = rng.choice(["France", "Spain", "Italy", "Norway"], 400)
    types = rng.choice(["small", "medium", "large"], 400)
    frame = pd.DataFrame({"airport": [f"{c} Field {i}" for i, c in enumerate(countries)], "country": countries,
                          "type": types})  # fmt: skip
    generator = GaussianCopulaGenerator(allow_real_text=["airport"]).fit(frame)
    parents = {name: column.parent for name, column in generator.report.columns.items()}
    assert parents["airport"] == "country"
    assert "airport" not in parents.values()
    synthetic = generator.generate(4000, seed=2)
    real_country = dict(zip(frame["airport"], frame["country"], strict=True))
    assert (synthetic["airport"].map(real_country) == synthetic["country"]).mean() > 0.95
    real_type = dict(zip(frame["airport"], frame["type"], strict=True))
    assert (synthetic["airport"].map(real_type) == synthetic["type"]).mean() < 0.5  # types are not copied with it


def test_allow_real_text_names_real_columns_and_is_refused_under_strict_privacy() -> None:
    frame = pd.DataFrame({"title": [f"{t} {i}" for i, t in enumerate(TITLES)], "x": np.arange(24.0)})
    unknown = r"allow_real_text name unknown columns: \['titel'\] \(did you mean 'title'\?\)"
    with pytest.raises(ConfigError, match=unknown):
        GaussianCopulaGenerator(allow_real_text=["titel"]).fit(frame)
    with pytest.raises(ConfigError, match="privacy='strict'"):
        GaussianCopulaGenerator(allow_real_text=["title"], privacy="strict")


def test_text_columns_round_trip_save_and_load(tmp_path) -> None:  # type: ignore[no-untyped-def]
    frame = pd.DataFrame({"title": [f"{t} {i}" for i, t in enumerate(TITLES)], "x": np.arange(24.0)})
    generator = GaussianCopulaGenerator().fit(frame)
    generator.save(tmp_path / "m.json")
    loaded = GaussianCopulaGenerator.load(tmp_path / "m.json")
    assert loaded.generate(50, seed=4).equals(generator.generate(50, seed=4))


def test_quality_report_scores_text_columns() -> None:
    rng = np.random.default_rng(5)
    first = ["Grand", "Little", "Old", "New", "Royal", "Golden", "Silver", "Quiet", "Lost", "Hidden"]
    second = ["River", "Harbor", "Valley", "Garden", "Tower", "Bridge", "Forest", "Castle", "Lake", "Market"]
    names = sorted({f"{rng.choice(first)} {rng.choice(second)} {rng.choice(['Inn', 'Hotel', 'Lodge'])}"
                    for _ in range(200)})[:96]  # fmt: skip
    frame = pd.DataFrame({"title": names, "x": np.arange(96.0)})
    synthetic = GaussianCopulaGenerator().fit(frame).generate(96, seed=2)
    detail = next(d for d in evaluate(frame, synthetic).columns if d.column == "title")
    assert detail.shape_metric == "TextShape" and detail.shape is not None and detail.shape > 0.6
    assert detail.coverage_metric == "TokenCoverage" and detail.coverage is not None and detail.coverage > 0.5
    soup = pd.DataFrame({"title": ["Zq"] * 96, "x": synthetic["x"]})
    worse = next(d for d in evaluate(frame, soup).columns if d.column == "title")
    assert worse.shape is not None and worse.shape < detail.shape and worse.coverage == 0.0


def _passengers(n: int = 600) -> pd.DataFrame:
    rng = np.random.default_rng(8)
    sex = rng.choice(["female", "male"], n)
    surnames = ["Allen", "Brown", "Carter", "Dean", "Evans", "Fox", "Gray", "Hall", "Irwin", "Jones", "Kerr", "Lowe"]
    female = ["Anna", "Mary", "Helen", "Ellen", "Grace", "Alice", "Rose", "Edith"]
    male = ["John", "George", "William", "Thomas", "Albert", "Henry", "Frank", "James"]
    titles = {"female": ["Mrs", "Miss"], "male": ["Mr", "Master"]}
    firsts = {"female": female, "male": male}
    names = [f"{rng.choice(surnames)}, {rng.choice(titles[s])} {rng.choice(firsts[s])} {rng.choice(surnames)} {i}"
             for i, s in enumerate(sex)]  # fmt: skip
    return pd.DataFrame({"name": names, "sex": sex, "fare": rng.gamma(2.0, 10.0, n).round(2)})


def _titles_agree(frame: pd.DataFrame) -> float:
    title = frame["name"].str.extract(r", (\w+) ")[0]
    expected = np.where(frame["sex"] == "female", "female", "male")
    said = title.map({"Mrs": "female", "Miss": "female", "Mr": "male", "Master": "male"})
    return float((said == expected).mean())


def test_words_follow_the_category_they_depend_on(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Titles in generated names agree with the generated sex, as in the real rows ("Mrs" among women)."""
    frame = _passengers()
    generator = GaussianCopulaGenerator().fit(frame)
    assert generator.report.columns["name"].parent == "sex"
    synthetic = generator.generate(3000, seed=4)
    assert _titles_agree(synthetic) > 0.97
    assert not synthetic["name"].isin(frame["name"]).any()  # each category's chain still never replays a name
    unlinked = GaussianCopulaGenerator(link_categories=False).fit(frame).generate(3000, seed=4)
    assert _titles_agree(unlinked) < 0.7
    generator.save(tmp_path / "m.json")
    loaded = GaussianCopulaGenerator.load(tmp_path / "m.json")
    assert loaded.generate(200, seed=5).equals(generator.generate(200, seed=5))


def test_text_follows_no_category_its_words_do_not_depend_on() -> None:
    frame = _passengers()
    frame["deck"] = np.random.default_rng(9).choice(list("ABCDEFG"), len(frame))
    generator = GaussianCopulaGenerator().fit(frame.drop(columns="sex"))
    assert generator.report.columns["name"].parent is None


def _married_names(n: int = 800) -> pd.Series:
    """Wives with their maiden name in brackets, misses without, nicknames in quotes: a word chain learns
    ``(Mary`` -> ``Anne`` -> end from the misses, which would leave a bracket open."""
    rng = np.random.default_rng(11)
    surnames, firsts = ["Allen", "Brown", "Carter", "Dean", "Evans", "Fox"], ["Mary", "Anne", "Rose", "Edith"]
    names = []
    for i in range(n):
        surname, first, second = rng.choice(surnames), rng.choice(firsts), rng.choice(firsts)
        kind = i % 3
        if kind == 0:
            names.append(f"{surname}, Mrs John ({first} {second} {rng.choice(surnames)})")
        elif kind == 1:
            names.append(f"{surname}, Miss {first} {second}")
        else:
            names.append(f'{surname}, Mr George "{first}" {i}')
    return pd.Series(names)


def test_brackets_and_quotes_opened_in_a_generated_value_are_closed_in_it() -> None:
    real = _married_names()
    model = fit_text(real)
    generated = pd.Series(model.generate(3000, np.random.default_rng(12)))
    assert not unpaired(real.to_numpy()).any() and model.paired
    assert not unpaired(generated.to_numpy()).any()  # was 42%: "Dean, Mrs John (Rose Anne"
    assert generated.str.contains(r"\(").mean() > 0.1 and generated.str.contains('"').mean() > 0.1
    assert not generated.isin(set(real)).any()


def test_a_failed_text_chain_falls_back_to_identifiers_never_to_real_values(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("chain broke")

    monkeypatch.setattr(TextColumn, "fit", broken)
    real = _passengers()
    generator = GaussianCopulaGenerator().fit(real)
    assert "free text failed (RuntimeError: chain broke)" in (generator.report.columns["name"].fallback or "")
    assert not generator.generate(500, seed=1)["name"].isin(set(real["name"])).any()  # a categorical replays them
    monkeypatch.setattr(IdentifierColumn, "fit", broken)
    with pytest.raises(GenerationError, match="no model fits column 'name'"):
        GaussianCopulaGenerator().fit(real)

"""Every phrase kind of issue #19 on two schemas with different spellings of the same things.

``members`` writes states as postal codes, sex as words, weekdays in full, a yes/no column as ``Y``/``N``;
``households`` writes states in full, gender as ``F``/``M``/``X``, weekdays as ``Thur``/``Sat``, ``Yes``/``No``.
Both have a banded income, a country of birth, a zero-inflated count, a boolean flag that shares its word with
a category value, and a date column. Each case checks the whole interpretation and that nothing was ignored.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from genesis.nl import RuleBasedParser, parse
from genesis.schema import Schema, infer_schema

N = 400
_RNG = np.random.default_rng(19)


def _members() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    purchases = rng.poisson(4, N)
    purchases[:120] = 0
    return pd.DataFrame({
        "member_id": np.arange(N), "age": rng.integers(18, 81, N),
        "home_state": rng.choice(["TX", "CA", "OH", "NY", "WA", "OR", "FL", "IL", "MA", "GA"], N),
        "sex": rng.choice(["female", "male", "non-binary"], N),
        "account_status": rng.choice(["verified", "pending"], N),
        "is_verified": rng.random(N) < 0.5, "num_purchases": purchases,
        "joined": pd.Timestamp("2019-01-01") + pd.to_timedelta(rng.integers(0, 1826, N), unit="D"),
        "smoker": rng.choice(["Y", "N"], N), "visit_day": rng.choice(["Monday", "Friday", "Saturday", "Sunday"], N),
        "salary_band": rng.choice(["<=40K", ">40K"], N), "birth_country": rng.choice(["United States", "Mexico",
                                                                                      "Canada"], N),
        "credit": rng.integers(300, 851, N),
    })  # fmt: skip


def _households() -> pd.DataFrame:
    rng = np.random.default_rng(2)
    orders = rng.poisson(6, N)
    orders[:100] = 0
    return pd.DataFrame({
        "household_id": np.arange(N), "age": rng.integers(20, 91, N),
        "state": rng.choice(["Texas", "California", "Ohio", "New York", "Washington", "Oregon", "Vermont",
                             "Maine", "Florida", "Georgia"], N),
        "gender": rng.choice(["F", "M", "X"], N), "plan": rng.choice(["basic", "premium"], N),
        "is_premium": rng.random(N) < 0.4, "order_count": orders,
        "signup_date": pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 3000, N), unit="D"),
        "smokes": rng.choice(["Yes", "No"], N), "day": rng.choice(["Thur", "Fri", "Sat", "Sun"], N),
        "income": rng.choice(["<=50K", ">50K"], N),
        "native_country": rng.choice(["United-States", "Mexico", "Germany"], N),
        "score": rng.integers(300, 851, N),
    })  # fmt: skip


SCHEMAS: dict[str, Schema] = {"members": infer_schema(_members()), "households": infer_schema(_households())}
MIDWEST_M = ["IL", "OH"]
WEST_COAST_M, WEST_COAST_H = ["CA", "OR", "WA"], ["California", "Oregon", "Washington"]
NEW_ENGLAND_M, NEW_ENGLAND_H = ["MA"], ["Maine", "Vermont"]

# (kind, schema, prompt, n_samples, conditions in ConditionSet.to_dict form)
CASES: list[tuple[str, str, str, int, dict[str, Any]]] = [
    # postfix and open bounds
    ("postfix", "members", "300 members aged 45 and up", 300, {"age": ["gte", 45]}),
    ("postfix", "households", "300 households aged 45 and up", 300, {"age": ["gte", 45]}),
    ("postfix", "members", "100 members with a credit of 700 or better", 100, {"credit": ["gte", 700]}),
    ("postfix", "households", "100 households with a score of 700 or better", 100, {"score": ["gte", 700]}),
    ("postfix", "members", "50 members aged 70 or older", 50, {"age": ["gte", 70]}),
    ("postfix", "households", "50 households with 3 orders or fewer", 50, {"order_count": ["lte", 3]}),
    ("postfix", "members", "80 members who joined no later than March 2021", 80, {"joined": ["lt", "2021-04-01"]}),
    ("postfix", "households", "80 households who signed up no later than March 2021", 80,
     {"signup_date": ["lt", "2021-04-01"]}),
    # negated and implied counts
    ("negated_count", "members", "200 members who never purchased", 200, {"num_purchases": ["eq", 0]}),
    ("negated_count", "households", "200 households who never ordered", 200, {"order_count": ["eq", 0]}),
    ("negated_count", "members", "200 members with no purchases", 200, {"num_purchases": ["eq", 0]}),
    ("negated_count", "households", "200 households that haven't ordered anything", 200, {"order_count": ["eq", 0]}),
    ("negated_count", "members", "100 members who have purchased", 100, {"num_purchases": ["gt", 0]}),
    ("negated_count", "households", "100 households with orders", 100, {"order_count": ["gt", 0]}),
    # regions, divisions, coasts, demonyms
    ("region", "members", "100 members in the Midwest", 100, {"home_state": ["in", MIDWEST_M]}),
    ("region", "households", "100 households in the Midwest", 100, {"state": ["eq", "Ohio"]}),  # its only one
    ("region", "members", "100 members on the West Coast", 100, {"home_state": ["in", WEST_COAST_M]}),
    ("region", "households", "100 households on the West Coast", 100, {"state": ["in", WEST_COAST_H]}),
    ("region", "members", "100 members outside New England", 100, {"home_state": ["ne", "MA"]}),
    ("region", "households", "100 households in New England", 100, {"state": ["in", NEW_ENGLAND_H]}),
    ("demonym", "members", "100 Texans", 100, {"home_state": ["eq", "TX"]}),
    ("demonym", "households", "100 New Yorkers", 100, {"state": ["eq", "New York"]}),
    ("demonym", "members", "60 Mexicans", 60, {"birth_country": ["eq", "Mexico"]}),
    ("demonym", "households", "60 Germans", 60, {"native_country": ["eq", "Germany"]}),
    ("home_country", "members", "70 immigrants", 70, {"birth_country": ["ne", "United States"]}),
    ("home_country", "households", "70 people born outside the country", 70,
     {"native_country": ["ne", "United-States"]}),
    # value synonyms from the values themselves
    ("value_synonym", "members", "100 non-binary members", 100, {"sex": ["eq", "non-binary"]}),
    ("value_synonym", "households", "100 non-binary households", 100, {"gender": ["eq", "X"]}),
    ("value_synonym", "members", "100 women", 100, {"sex": ["eq", "female"]}),
    ("value_synonym", "households", "100 men", 100, {"gender": ["eq", "M"]}),
    ("value_synonym", "members", "100 smokers", 100, {"smoker": ["eq", "Y"]}),
    ("value_synonym", "households", "100 non-smokers", 100, {"smokes": ["eq", "No"]}),
    ("value_synonym", "members", "100 members who visit on the weekend", 100,
     {"visit_day": ["in", ["Saturday", "Sunday"]]}),
    ("value_synonym", "households", "100 households on Thursdays", 100, {"day": ["eq", "Thur"]}),
    ("status_or_plan_word", "members", "100 pending members", 100, {"account_status": ["eq", "pending"]}),
    ("status_or_plan_word", "households", "100 basic households", 100, {"plan": ["eq", "basic"]}),
    # category values through their meaning
    ("band", "members", "100 members earning more than 40K", 100, {"salary_band": ["eq", ">40K"]}),
    ("band", "households", "100 households earning more than 50K", 100, {"income": ["eq", ">50K"]}),
    ("band", "members", "100 members making 40k or less", 100, {"salary_band": ["eq", "<=40K"]}),
    ("band", "households", "100 households with income of at most 50K", 100, {"income": ["eq", "<=50K"]}),
    # calendar dates
    ("date", "members", "100 members who joined in Q3 2022", 100,
     {"joined": [["gte", "2022-07-01"], ["lt", "2022-10-01"]]}),
    ("date", "households", "100 households who signed up in the second half of 2019", 100,
     {"signup_date": [["gte", "2019-07-01"], ["lt", "2020-01-01"]]}),
    ("date", "members", "100 members who joined after May 3rd, 2020", 100, {"joined": ["gte", "2020-05-04"]}),
    ("date", "households", "100 households who signed up on or after 1 January 2020", 100,
     {"signup_date": ["gte", "2020-01-01"]}),
    ("date", "members", "100 members who joined since 2021", 100, {"joined": ["gte", "2021-01-01"]}),
    ("date", "households", "100 households who signed up between March 2018 and June 2018", 100,
     {"signup_date": [["gte", "2018-03-01"], ["lt", "2018-07-01"]]}),
    ("date", "members", "100 members who joined in H1 2020", 100,
     {"joined": [["gte", "2020-01-01"], ["lt", "2020-07-01"]]}),
    ("date", "households", "100 households who signed up before 2018-06-15", 100,
     {"signup_date": ["lt", "2018-06-15"]}),
    # numbers
    ("number", "members", "1e3 members", 1000, {}),
    ("number", "households", "10^4 households", 10_000, {}),
    ("number", "members", "2.5e3 members in TX", 2500, {"home_state": ["eq", "TX"]}),
    # people nouns, boolean adjectives, point masses
    ("people_noun", "members", "2K members in Ohio over 35", 2000, {"home_state": ["eq", "OH"], "age": ["gte", 35]}),
    ("people_noun", "households", "2K residents of Ohio over 35", 2000, {"state": ["eq", "Ohio"], "age": ["gte", 35]}),
    ("bool_adjective", "members", "100 verified members", 100, {"is_verified": ["eq", True]}),
    ("bool_adjective", "households", "100 premium households", 100, {"is_premium": ["eq", True]}),
    ("bool_adjective", "members", "100 members who are not verified", 100, {"is_verified": ["eq", False]}),
    ("bool_adjective", "households", "100 households on the premium plan", 100, {"plan": ["eq", "premium"]}),
    ("point_mass", "members", "100 members with purchases over 0", 100, {"num_purchases": ["gt", 0]}),
    ("point_mass", "households", "100 households with order count over 0", 100, {"order_count": ["gt", 0]}),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "table", "prompt", "n_samples", "conditions"), CASES,
                         ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CASES])
def test_phrase_kind(kind: str, table: str, prompt: str, n_samples: int, conditions: dict[str, Any]) -> None:
    interpretation = parse(prompt, SCHEMAS[table])
    assert not interpretation.questions, [q.question for q in interpretation.questions]
    assert interpretation.n_samples == n_samples
    assert interpretation.conditions.to_dict() == conditions
    assert interpretation.ignored == ()


def test_every_kind_is_tested_on_both_schemas() -> None:
    tables_by_kind: dict[str, set[str]] = {}
    for kind, table, *_ in CASES:
        tables_by_kind.setdefault(kind, set()).add(table)
    assert all(tables == set(SCHEMAS) for tables in tables_by_kind.values()), tables_by_kind


ASK = [
    ("members", "100 members over 60 and under 30", "cannot both hold"),
    ("households", "100 households over 60 and under 30", "cannot both hold"),
    ("members", "100 members who never purchased with at least 3 purchases", "cannot both hold"),
    ("households", "100 households that never ordered with at least 3 orders", "cannot both hold"),
    ("members", "100 female male members", "cannot all hold"),
    ("households", "100 men who are women", "cannot all hold"),
    ("members", "100 smokers who don't smoke", "contradict"),
    ("households", "100 smokers who don't smoke", "contradict"),
    ("members", "100 members aged -5 to 30", "negative"),
    ("households", "100 households with an age between -3 and 40", "negative"),
    ("members", "100 members with more than 20", "does not say of what"),
    ("households", "100 households with more than 20", "does not say of what"),
    ("members", "100 rows above 500", "names a column"),  # only credit reaches 500, but no word says credit
    ("households", "100 rows under 600", "names a column"),
]


@pytest.mark.parametrize(("table", "prompt", "phrase"), ASK, ids=[f"{a[0]}-{a[1]}" for a in ASK])
def test_contradictions_negative_bounds_and_bare_numbers_ask(table: str, prompt: str, phrase: str) -> None:
    interpretation = parse(prompt, SCHEMAS[table])
    assert any(phrase in q.question for q in interpretation.questions), [q.question for q in interpretation.questions]
    assert interpretation.confidence <= 0.5


@pytest.mark.parametrize("table", list(SCHEMAS))
@pytest.mark.parametrize("prompt", ["-5 rows", "Generate -200 rows"])
def test_negative_counts_ask_for_the_count(table: str, prompt: str) -> None:
    interpretation = parse(prompt, SCHEMAS[table])
    assert interpretation.n_samples is None
    assert interpretation.questions[0].field == "n_samples" and "-" in interpretation.questions[0].question


@pytest.mark.parametrize("table", list(SCHEMAS))
def test_words_nothing_understood_are_listed_back_and_lower_the_confidence(table: str) -> None:
    interpretation = parse("100 left-handed women who like jazz", SCHEMAS[table])  # no "with": nothing asked
    assert interpretation.ignored == ("left-handed", "jazz")
    assert interpretation.confidence < 1.0
    assert len(interpretation.conditions) == 1
    assert interpretation.to_dict()["ignored"] == ["left-handed", "jazz"]


@pytest.mark.parametrize("table", list(SCHEMAS))
def test_confidence_is_one_only_when_every_word_was_used(table: str) -> None:
    column = "age"
    exact = parse(f"100 rows with {column} at least 40", SCHEMAS[table])
    assert exact.confidence == 1.0 and exact.ignored == ()
    unused = parse(f"100 rows with {column} at least 40 and shiny shoes", SCHEMAS[table])
    assert unused.confidence < 1.0 and unused.ignored == ("shiny shoes",)


@pytest.mark.parametrize("table", list(SCHEMAS))
def test_a_negation_that_reaches_nothing_is_listed_back(table: str) -> None:
    interpretation = parse("100 rows not with unicorns", SCHEMAS[table])
    assert interpretation.ignored == ("not",)  # the negation reached nothing
    assert any("'unicorns' is not a column" in q.question for q in interpretation.questions)  # asked, not ignored


def test_year_columns_take_years_without_a_date_column() -> None:
    for name in ("year", "survey_year"):
        schema = infer_schema(pd.DataFrame({name: np.repeat(np.arange(1950, 2010, 5), 5), "value": _RNG.random(60)}))
        parser = RuleBasedParser()
        assert parser.parse("100 rows since 1980", schema).conditions.to_dict() == {name: ["gte", 1980]}
        assert parser.parse("100 rows in the 1990s", schema).conditions.to_dict() == {name: ["between", [1990, 1999]]}
        assert parser.parse("100 rows from 1960 to 1980", schema).conditions.to_dict() == {
            name: ["between", [1960, 1980]]}


@pytest.mark.parametrize(("table", "prompt", "column"), [
    ("members", "100 members in South Carolina", "home_state"), ("members", "100 members in Alaska", "home_state"),
    ("households", "100 households in South Dakota", "state"), ("households", "100 households in Alaska", "state"),
])
def test_a_state_the_column_lacks_is_asked_about_not_misread_as_a_region(table: str, prompt: str, column: str) -> None:
    interpretation = parse(prompt, SCHEMAS[table])
    assert len(interpretation.conditions) == 0 and interpretation.ignored == ()
    assert f"is not among the values of '{column}'" in interpretation.questions[0].question


@pytest.mark.parametrize(("table", "flag", "place"), [("members", ("smoker", "N"), ("home_state", "TX")),
                                                      ("households", ("smokes", "No"), ("state", "Texas"))])
def test_neither_nor_negates_both(table: str, flag: tuple[str, str], place: tuple[str, str]) -> None:
    interpretation = parse("100 rows, neither smokers nor in Texas", SCHEMAS[table])
    assert interpretation.conditions.to_dict() == {flag[0]: ["eq", flag[1]], place[0]: ["ne", place[1]]}


def test_abbreviations_inside_values_are_read_in_full() -> None:
    for values, prompt, expected in [
        (["HS-grad", "Bachelors", "Masters"], "100 high school graduates", "HS-grad"),
        (["Federal-gov", "Private", "Local-gov"], "100 federal government workers", "Federal-gov"),
        (["Mgr-sales", "Adm-clerical", "Tech-support"], "100 administrative clerical staff", "Adm-clerical"),
    ]:
        schema = infer_schema(pd.DataFrame({"kind": values * 10, "age": range(30)}))
        assert parse(prompt, schema).conditions.to_dict() == {"kind": ["eq", expected]}


@pytest.mark.parametrize(("table", "column", "values"), [("members", "home_state", ["OH", "TX", "CA"]),
                                                         ("households", "state", ["Ohio", "Texas", "California"])])
def test_an_enumeration_is_a_list_but_two_values_joined_by_and_ask(table: str, column: str,
                                                                   values: list[str]) -> None:
    listed = parse("100 rows from Ohio, Texas and California", SCHEMAS[table])
    assert listed.conditions.to_dict() == {column: ["in", values]} and not listed.questions
    joined = parse("100 rows in Ohio and Texas", SCHEMAS[table])
    (question,) = joined.questions
    assert "cannot all hold" in question.question and f"{column} in {values[:2]}" in question.options


@pytest.mark.parametrize(("table", "column", "expected"), [("members", "home_state", ["IL", "OH"]),
                                                           ("households", "state", ["Ohio"])])
def test_people_of_a_region(table: str, column: str, expected: list[str]) -> None:
    interpretation = parse("100 Midwesterners over 30", SCHEMAS[table])
    spec = ["in", expected] if len(expected) > 1 else ["eq", expected[0]]
    assert interpretation.conditions.to_dict() == {column: spec, "age": ["gte", 30]}

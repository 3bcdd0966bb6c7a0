"""The parser on prompts written for every construct: counts, comparatives, ranges, values, negation, dates.

Each row checks ``n_samples`` and the conditions (``ConditionSet.to_dict`` form) exactly, and that no
question was asked.
"""

from __future__ import annotations

import pytest

from genesis.nl import parse
from genesis.schema import Schema

CA, NY, TX = "California", "New York", "Texas"

COUNTS = [
    ("Generate 1000 customers", 1000), ("Generate 1,000 customers", 1000), ("generate 1k rows", 1000),
    ("Generate 2.5k records", 2500), ("Create a thousand customers", 1000), ("Make fifty people", 50),
    ("I need 250 rows", 250), ("Give me 75 customers", 75), ("Synthesize 10,000 records", 10_000),
    ("Produce 1.5 million rows", 1_500_000), ("Generate twenty-five customers", 25),
    ("Generate two hundred and fifty customers", 250), ("Generate a hundred customers", 100),
    ("Generate 3M rows", 3_000_000), ("500 customers", 500), ("n=42", 42), ("count of 64", 64),
    ("Generate 12,345 records", 12_345), ("Generate ten customers", 10), ("Generate a dozen customers", 12),
    ("Generate 5000 rows please", 5000), ("Can you generate about 300 people", 300),
    ("Generate data for 800 customers", 800), ("Generate 100 synthetic customers", 100),
    ("Generate 7 customers", 7), ("please make 40 records", 40), ("Generate 2k users", 2000),
    ("Simulate 900 customers", 900), ("sample 60 rows", 60), ("Get me 35 customers", 35),
    ("Generate ten trillion rows", 10**13), ("Generate 10 trillion customers", 10**13),
    ("Generate 2tn rows", 2 * 10**12), ("Generate 1e6 rows", 10**6), ("Generate 2.5e3 customers", 2500),
    ("Make five quadrillion people", 5 * 10**15),
]  # fmt: skip

COMPARATIVES = [
    ("Generate 1000 customers over 50", {"age": ["gte", 50]}),
    ("Generate 100 customers above 60", {"age": ["gt", 60]}),
    ("Generate 100 customers older than 40", {"age": ["gt", 40]}),
    ("Generate 100 customers younger than 30", {"age": ["lt", 30]}),
    ("Generate 100 customers under 25", {"age": ["lt", 25]}),
    ("Generate 100 customers at least 21", {"age": ["gte", 21]}),
    ("100 customers at most 65 years old", {"age": ["lte", 65]}),
    ("100 customers aged 30", {"age": ["eq", 30]}),
    ("100 customers 65 or older", {"age": ["gte", 65]}),
    ("100 customers 30 or younger", {"age": ["lte", 30]}),
    ("100 customers 50+", {"age": ["gte", 50]}),
    ("100 customers with age over 40", {"age": ["gte", 40]}),
    ("100 customers whose age is at least 45", {"age": ["gte", 45]}),
    ("100 customers with income over 50k", {"income": ["gte", 50_000]}),
    ("100 customers earning over $100k", {"income": ["gte", 100_000]}),
    ("100 customers making more than 80,000", {"income": ["gt", 80_000]}),
    ("100 customers with a salary above 120k", {"income": ["gt", 120_000]}),
    ("100 $100k+ earners", {"income": ["gte", 100_000]}),
    ("100 customers with income under 40k", {"income": ["lt", 40_000]}),
    ("100 customers with income no more than 60k", {"income": ["lte", 60_000]}),
    ("100 customers with income of at least 75,000", {"income": ["gte", 75_000]}),
    ("100 customers with more than 3 children", {"num_children": ["gt", 3]}),
    ("100 customers with fewer than 2 children", {"num_children": ["lt", 2]}),
    ("100 customers age >= 30", {"age": ["gte", 30]}),
    ("100 customers age > 30", {"age": ["gt", 30]}),
    ("100 customers income < 50000", {"income": ["lt", 50_000]}),
    ("100 customers over the age of 70", {"age": ["gte", 70]}),
    ("100 customers under the age of 21", {"age": ["lt", 21]}),
    ("100 customers with income exceeding 200k", {"income": ["gt", 200_000]}),
    ("100 customers with age no less than 35", {"age": ["gte", 35]}),
    ("100 customers with income up to 90k", {"income": ["lte", 90_000]}),
    ("100 customers 40 years old", {"age": ["eq", 40]}),
    ("100 customers with 0 children", {"num_children": ["eq", 0]}),
    ("100 customers with no children", {"num_children": ["eq", 0]}),
    ("100 customers without children", {"num_children": ["eq", 0]}),
    ("100 customers with 2 children", {"num_children": ["eq", 2]}),
    ("100 customers not over 50", {"age": ["lt", 50]}),
    ("100 customers with income not below 60k", {"income": ["gte", 60_000]}),
]

RANGES = [
    ("200 customers between 30 and 40", {"age": ["between", [30, 40]]}),
    ("200 customers aged 30-40", {"age": ["between", [30, 40]]}),
    ("200 customers aged 30 to 40", {"age": ["between", [30, 40]]}),
    ("200 customers 30-40 years old", {"age": ["between", [30, 40]]}),
    ("200 customers in their 30s", {"age": ["between", [30, 39]]}),
    ("200 customers in their thirties", {"age": ["between", [30, 39]]}),
    ("200 customers in their 20s", {"age": ["between", [20, 29]]}),
    ("200 customers with income between 50k and 100k", {"income": ["between", [50_000, 100_000]]}),
    ("200 customers with income from 40k to 60k", {"income": ["between", [40_000, 60_000]]}),
    ("200 customers earning $50k-$100k", {"income": ["between", [50_000, 100_000]]}),
    ("200 customers earning 50-100k", {"income": ["between", [50_000, 100_000]]}),
    ("200 customers aged between 25 and 35", {"age": ["between", [25, 35]]}),
    ("200 customers with 1 to 3 children", {"num_children": ["between", [1, 3]]}),
    ("200 customers age 40-50", {"age": ["between", [40, 50]]}),
    ("200 customers ages 25 to 30", {"age": ["between", [25, 30]]}),
    ("200 customers between 60 and 70 years old", {"age": ["between", [60, 70]]}),
    ("200 customers between 70 and 60", {"age": ["between", [60, 70]]}),
    ("200 customers with income between 100,000 and 150,000", {"income": ["between", [100_000, 150_000]]}),
]

VALUES = [
    ("Generate 1000 customers in California", {"state": ["eq", CA]}),
    ("1000 customers in CA", {"state": ["eq", CA]}),
    ("1000 customers from Texas", {"state": ["eq", TX]}),
    ("1000 customers in TX", {"state": ["eq", TX]}),
    ("1000 customers in New York", {"state": ["eq", NY]}),
    ("1000 customers in NY", {"state": ["eq", NY]}),
    ("1000 customers not in NY", {"state": ["ne", NY]}),
    ("1000 customers outside California", {"state": ["ne", CA]}),
    ("1000 customers in CA or TX", {"state": ["in", [CA, TX]]}),
    ("1000 customers in California, Texas or Florida", {"state": ["in", [CA, TX, "Florida"]]}),
    ("1000 customers not in CA or NY", {"state": ["not_in", [CA, NY]]}),
    ("1000 customers in North Carolina", {"state": ["eq", "North Carolina"]}),
    ("1000 customers in NC", {"state": ["eq", "North Carolina"]}),
    ("1000 premium customers", {"plan": ["eq", "premium"]}),
    ("1000 non-premium customers", {"plan": ["ne", "premium"]}),
    ("1000 customers on the enterprise plan", {"plan": ["eq", "enterprise"]}),
    ("1000 basic or premium customers", {"plan": ["in", ["basic", "premium"]]}),
    ("1000 churned customers", {"status": ["eq", "churned"]}),
    ("1000 active customers", {"status": ["eq", "active"]}),
    ("1000 paused customers", {"status": ["eq", "paused"]}),
    ("1000 customers who are not churned", {"status": ["ne", "churned"]}),
    ("1000 customers excluding churned", {"status": ["ne", "churned"]}),
    ("1000 women", {"gender": ["eq", "F"]}),
    ("1000 men", {"gender": ["eq", "M"]}),
    ("1000 female customers", {"gender": ["eq", "F"]}),
    ("1000 male customers", {"gender": ["eq", "M"]}),
    ("1000 smokers", {"is_smoker": ["eq", True]}),
    ("1000 non-smokers", {"is_smoker": ["eq", False]}),
    ("1000 customers who are not smokers", {"is_smoker": ["eq", False]}),
    ("1000 customers in Califrnia", {"state": ["eq", CA]}),
    ("1000 premum customers", {"plan": ["eq", "premium"]}),
    ("1000 customers with gender F", {"gender": ["eq", "F"]}),
]

DATES = [
    ("500 customers who signed up after 2020", {"signup_date": ["gte", "2021-01-01"]}),
    ("500 customers who joined in 2023", {"signup_date": [["gte", "2023-01-01"], ["lt", "2024-01-01"]]}),
    ("500 customers who signed up before March 2019", {"signup_date": ["lt", "2019-03-01"]}),
    ("500 customers who joined since 2022", {"signup_date": ["gte", "2022-01-01"]}),
    ("500 customers who registered in March 2021", {"signup_date": [["gte", "2021-03-01"], ["lt", "2021-04-01"]]}),
    ("500 customers signed up before 2018", {"signup_date": ["lt", "2018-01-01"]}),
    ("500 customers who joined after June 2020", {"signup_date": ["gte", "2020-07-01"]}),
    ("500 customers who signed up during 2019", {"signup_date": [["gte", "2019-01-01"], ["lt", "2020-01-01"]]}),
    ("500 customers who joined 2021", {"signup_date": [["gte", "2021-01-01"], ["lt", "2022-01-01"]]}),
    ("500 customers created after Jan 2022", {"signup_date": ["gte", "2022-02-01"]}),
    ("500 customers who signed up until 2020", {"signup_date": ["lt", "2021-01-01"]}),
    ("500 customers who joined in December 2020", {"signup_date": [["gte", "2020-12-01"], ["lt", "2021-01-01"]]}),
    ("500 customers signed up between 2018 and 2020", {"signup_date": [["gte", "2018-01-01"], ["lt", "2021-01-01"]]}),
    ("500 customers who joined in the 2010s", {"signup_date": [["gte", "2010-01-01"], ["lt", "2020-01-01"]]}),
    ("500 customers with signup date after 2021", {"signup_date": ["gte", "2022-01-01"]}),
    ("500 customers who joined before Sep 2019", {"signup_date": ["lt", "2019-09-01"]}),
    ("500 customers who signed up since April 2020", {"signup_date": ["gte", "2020-04-01"]}),
    ("500 customers joined after 2019", {"signup_date": ["gte", "2020-01-01"]}),
    ("500 customers who joined in 2024", {"signup_date": [["gte", "2024-01-01"], ["lt", "2025-01-01"]]}),
    ("500 customers who signed up after 2020 in Texas", {"signup_date": ["gte", "2021-01-01"], "state": ["eq", TX]}),
]

COMBINED = [
    ("Generate 1000 customers over 50 in California", 1000, {"age": ["gte", 50], "state": ["eq", CA]}),
    ("1k rows of women in their 30s making over $100k", 1000,
     {"gender": ["eq", "F"], "age": ["between", [30, 39]], "income": ["gte", 100_000]}),
    ("2.5k premium customers not in NY", 2500, {"plan": ["eq", "premium"], "state": ["ne", NY]}),
    ("fifty non-premium customers who signed up after 2020", 50,
     {"plan": ["ne", "premium"], "signup_date": ["gte", "2021-01-01"]}),
    ("Generate 1,000 people between 30 and 40 in CA or TX", 1000,
     {"age": ["between", [30, 40]], "state": ["in", [CA, TX]]}),
    ("200 customers aged 25-35 who joined in 2023", 200,
     {"age": ["between", [25, 35]], "signup_date": [["gte", "2023-01-01"], ["lt", "2024-01-01"]]}),
    ("100 non-smokers under 30", 100, {"is_smoker": ["eq", False], "age": ["lt", 30]}),
    ("300 customers from Califrnia with incme over 50k", 300, {"state": ["eq", CA], "income": ["gte", 50_000]}),
    ("customers over 50 and under 70, 300 of them", 300, {"age": [["gte", 50], ["lt", 70]]}),
    ("100 customers with income over 50k and age under 40", 100, {"income": ["gte", 50_000], "age": ["lt", 40]}),
    ("Generate 500 churned women in Texas over 60", 500,
     {"status": ["eq", "churned"], "gender": ["eq", "F"], "state": ["eq", TX], "age": ["gte", 60]}),
    ("500 active premium customers in Florida", 500,
     {"status": ["eq", "active"], "plan": ["eq", "premium"], "state": ["eq", "Florida"]}),
    ("400 male smokers over 45", 400, {"gender": ["eq", "M"], "is_smoker": ["eq", True], "age": ["gte", 45]}),
    ("300 female non-smokers in New York with income above 90k", 300,
     {"gender": ["eq", "F"], "is_smoker": ["eq", False], "state": ["eq", NY], "income": ["gt", 90_000]}),
    ("250 customers over 30 but under 40", 250, {"age": [["gte", 30], ["lt", 40]]}),
    ("600 enterprise customers who joined after 2021 with 2 or more children", 600,
     {"plan": ["eq", "enterprise"], "signup_date": ["gte", "2022-01-01"], "num_children": ["gte", 2]}),
    ("100 customers in CA over 65 who are not smokers", 100,
     {"state": ["eq", CA], "age": ["gte", 65], "is_smoker": ["eq", False]}),
    ("700 paused customers with income below 30k", 700, {"status": ["eq", "paused"], "income": ["lt", 30_000]}),
    ("1000 customers aged 18-25 in Nevada", 1000, {"age": ["between", [18, 25]], "state": ["eq", "Nevada"]}),
    ("150 customers older than 70 with income under 50k", 150, {"age": ["gt", 70], "income": ["lt", 50_000]}),
    ("80 churned customers who signed up before 2019", 80,
     {"status": ["eq", "churned"], "signup_date": ["lt", "2019-01-01"]}),
    ("90 women over 40 not in California", 90, {"gender": ["eq", "F"], "age": ["gte", 40], "state": ["ne", CA]}),
    ("120 premium or enterprise customers over 55", 120,
     {"plan": ["in", ["premium", "enterprise"]], "age": ["gte", 55]}),
    ("Generate 50 customers, age at least 30, income at most 100k", 50,
     {"age": ["gte", 30], "income": ["lte", 100_000]}),
    ("Generate 60 customers where age >= 40 and income > 70000", 60, {"age": ["gte", 40], "income": ["gt", 70_000]}),
    ("100 customers who are not smokers over 50", 100, {"is_smoker": ["eq", False], "age": ["gte", 50]}),
]

CASES = [
    *[(prompt, n, {}) for prompt, n in COUNTS],
    *[(prompt, int(prompt.split()[1] if prompt.startswith("Generate") else prompt.split()[0]), conditions)
      for prompt, conditions in COMPARATIVES + RANGES + VALUES + DATES],
    *COMBINED,
]


def test_the_table_has_at_least_150_prompts() -> None:
    assert len(CASES) >= 150
    assert len({prompt for prompt, _, _ in CASES}) == len(CASES)


@pytest.mark.parametrize(("prompt", "n_samples", "conditions"), CASES, ids=[c[0] for c in CASES])
def test_prompt(schema: Schema, prompt: str, n_samples: int, conditions: dict[str, object]) -> None:
    interpretation = parse(prompt, schema)
    assert [q.question for q in interpretation.questions] == []
    assert interpretation.n_samples == n_samples
    assert interpretation.conditions.to_dict() == conditions


MARRIED = ["Married-AF-spouse", "Married-civ-spouse", "Married-spouse-absent"]
ADULT = [
    ("500 women over 50 working more than 40 hours per week", 500,
     {"sex": ["eq", "Female"], "age": ["gte", 50], "hours-per-week": ["gt", 40]}),
    ("1000 married men with a bachelors degree", 1000,
     {"marital-status": ["in", MARRIED], "sex": ["eq", "Male"], "education": ["eq", "Bachelors"]}),
    ("100 never-married women in their 20s", 100,
     {"marital-status": ["eq", "Never-married"], "sex": ["eq", "Female"], "age": ["between", [20, 29]]}),
    ("200 people from Mexico", 200, {"native-country": ["eq", "Mexico"]}),
    ("300 people with hours per week under 20", 300, {"hours-per-week": ["lt", 20]}),
    ("200 people with capital gain over 5000", 200, {"capital-gain": ["gte", 5000]}),
    ("300 people in sales", 300, {"occupation": ["eq", "Sales"]}),
    ("200 people who are not married", 200, {"marital-status": ["not_in", MARRIED]}),
]


@pytest.fixture(scope="module")
def adult_schema() -> Schema:
    from genesis.datasets import load_adult_sample
    from genesis.schema import infer_schema

    return infer_schema(load_adult_sample())


@pytest.mark.parametrize(("prompt", "n_samples", "conditions"), ADULT, ids=[c[0] for c in ADULT])
def test_prompt_on_the_adult_sample(adult_schema: Schema, prompt: str, n_samples: int,
                                    conditions: dict[str, object]) -> None:
    interpretation = parse(prompt, adult_schema)
    assert [q.question for q in interpretation.questions] == []
    assert (interpretation.n_samples, interpretation.conditions.to_dict()) == (n_samples, conditions)

"""A bare bound that no word ties to a column is asked about, even when only one column's range holds it.

"under 1000" on a table whose only column reaching 1,000 is a price may still mean a population the data does
not reach: a range is not a meaning. A unit (``$``, ``years``), a column name or a people noun still decides.
Checked on the embedded Adult sample and on the customers table of ``conftest.py``.
"""

from __future__ import annotations

import pytest

from genesis.datasets import load_adult_sample
from genesis.nl import answer, parse
from genesis.schema import Schema, infer_schema


@pytest.fixture(scope="module")
def adult() -> Schema:
    return infer_schema(load_adult_sample())


@pytest.mark.parametrize(("table", "prompt", "first", "condition"), [
    ("adult", "400 rows above 120000", "fnlwgt", ["gt", 120000]),
    ("adult", "give me 250 records below 15000", "capital-gain", ["lt", 15000]),
    ("customers", "400 records above 120000", "income", ["gt", 120000]),
    ("customers", "80 rows at most 200000", "income", ["lte", 200000]),
])  # fmt: skip
def test_a_bound_only_a_range_fits_is_asked_about(request: pytest.FixtureRequest, table: str, prompt: str,
                                                  first: str, condition: list[object]) -> None:
    schema = request.getfixturevalue("adult" if table == "adult" else "schema")
    pending = parse(prompt, schema)
    (question,) = pending.questions
    assert question.field == "conditions" and "names a column" in question.question
    assert question.options[0] == first  # the column whose range holds the number comes first
    assert len(pending.conditions) == 0 and pending.confidence <= 0.5 and pending.needs_clarification
    resolved = answer(pending, first, schema)
    assert resolved.conditions.to_dict() == {first: condition} and not resolved.questions


def test_the_other_options_are_columns_the_bound_keeps_rows_of(adult: Schema) -> None:
    (question,) = parse("300 rows under 12000", adult).questions
    assert question.options[0] == "capital-gain"
    assert "fnlwgt" not in question.options  # every fnlwgt is above 19,520: "under 12000" would keep no row
    assert {"age", "hours-per-week"} <= set(question.options)


@pytest.mark.parametrize(("table", "prompt", "conditions"), [
    ("adult", "400 rows with fnlwgt above 120000", {"fnlwgt": ["gt", 120000]}),
    ("adult", "300 people over 85", {"age": ["gte", 85]}),
    ("adult", "300 rows of people aged 85 or older", {"age": ["gte", 85]}),
    ("customers", "400 customers with income above 120000", {"income": ["gt", 120000]}),
    ("customers", "400 rows above $120k", {"income": ["gt", 120000]}),
    ("customers", "300 customers over 85", {"age": ["gte", 85]}),
])  # fmt: skip
def test_a_word_that_ties_the_number_to_a_column_still_decides(request: pytest.FixtureRequest, table: str,
                                                                prompt: str, conditions: dict[str, object]) -> None:
    schema = request.getfixturevalue("adult" if table == "adult" else "schema")
    interpretation = parse(prompt, schema)
    assert not interpretation.questions, [q.question for q in interpretation.questions]
    assert interpretation.conditions.to_dict() == conditions


@pytest.mark.parametrize(("table", "first", "reply", "conditions"), [
    ("adult", "rows with fnlwgt above 120000", "above 150000", {"fnlwgt": ["gt", 150000]}),
    ("customers", "customers with income above 120000", "above 150000", {"income": ["gt", 150000]}),
])  # fmt: skip
def test_in_a_reply_a_bare_bound_refines_the_column_already_asked_for(request: pytest.FixtureRequest, table: str,
                                                                       first: str, reply: str,
                                                                       conditions: dict[str, object]) -> None:
    schema = request.getfixturevalue("adult" if table == "adult" else "schema")
    pending = parse(first, schema)  # no count yet: a question is open
    refined = answer(pending, reply, schema)
    assert refined.conditions.to_dict() == conditions
    assert [q.field for q in refined.questions] == ["n_samples"]
    assert not answer(parse("300 rows", schema), reply, schema).conditions  # without context it is still asked

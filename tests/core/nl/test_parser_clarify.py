"""Clarification instead of guessing, and folding replies into a pending interpretation."""

from __future__ import annotations

import pandas as pd
import pytest

from genesis.errors import ValidationError
from genesis.nl import MAX_PROMPT_CHARS, RuleBasedParser, answer, parse
from genesis.schema import Schema, infer_schema


def fields(prompt: str, schema: Schema) -> list[str]:
    return [q.field for q in parse(prompt, schema).questions]


def test_reference_example_asks_for_count_and_conditions(schema: Schema) -> None:
    interpretation = parse("Generate some customer data", schema)
    assert [(q.field, q.question) for q in interpretation.questions] == [
        ("n_samples", "How many samples?"),
        ("conditions", "Any specific conditions?"),
    ]
    assert interpretation.n_samples is None and len(interpretation.conditions) == 0
    assert interpretation.questions[0].options == ("100", "1000", "10000")
    assert "customer_id" not in interpretation.questions[1].options  # identifiers are not offered


def test_missing_count_keeps_the_conditions(schema: Schema) -> None:
    interpretation = parse("customers over 50 in Texas", schema)
    assert [q.field for q in interpretation.questions] == ["n_samples"]
    assert interpretation.conditions.to_dict() == {"age": ["gte", 50], "state": ["eq", "Texas"]}


@pytest.mark.parametrize("prompt", ["Generate 2.5 customers", "Generate 0 customers"])
def test_count_that_is_not_a_whole_positive_number_is_questioned(schema: Schema, prompt: str) -> None:
    (question,) = parse(prompt, schema).questions
    assert question.field == "n_samples" and "whole number" in question.question


def test_ambiguous_comparative_offers_both_columns() -> None:
    frame = pd.DataFrame({"age": [20, 35, 50, 70] * 10, "score": [10, 40, 60, 95] * 10})
    interpretation = parse("100 rows over 50", infer_schema(frame))
    (question,) = interpretation.questions
    assert question.options == ("age", "score") and len(interpretation.conditions) == 0
    resolved = answer(interpretation, "score", infer_schema(frame))
    assert resolved.conditions.to_dict() == {"score": ["gte", 50]} and not resolved.questions


@pytest.mark.parametrize(
    ("prompt", "wanted", "option"),
    [
        ("100 customers with pets", "'pets' is not a column or value", None),
        ("100 rich customers", "'rich' is vague", "income at least"),
        ("100 young customers", "'young' is vague", "age under"),
        ("100 customers in Narnia", "'Narnia' is not a value", "state="),
        ("100 customers over 500", "No numeric column has values around 500", "age"),
        ("100 customers with age over 95", "outside the data's range 18 to 90", None),
        ("100 customers born in the 1990s", "Which date does", "signup_date"),
    ],
)
def test_unclear_requests_become_questions_with_options(schema: Schema, prompt: str, wanted: str,
                                                         option: str | None) -> None:
    interpretation = parse(prompt, schema)
    (question,) = interpretation.questions
    assert question.field == "conditions" and wanted in question.question
    assert question.options
    if option is not None:
        assert any(o.startswith(option) for o in question.options)
    assert interpretation.confidence <= 0.5
    assert len(interpretation.conditions) == 0


def test_negated_range_asks_which_side(schema: Schema) -> None:
    pending = parse("100 customers who are not in their 30s", schema)
    assert pending.questions[0].options == ("age < 30", "age > 39") and len(pending.conditions) == 0
    assert answer(pending, "age > 39", schema).conditions.to_dict() == {"age": ["gt", 39]}


def test_or_between_bounds_of_one_column_asks_instead_of_anding(schema: Schema) -> None:
    pending = parse("300 customers younger than 25 or older than 65", schema)
    (question,) = pending.questions
    assert question.options == ("age < 25", "age > 65")
    assert answer(pending, "age > 65", schema).conditions.to_dict() == {"age": ["gt", 65]}


def test_people_over_a_number_means_their_age_when_it_fits() -> None:
    schema = infer_schema(pd.DataFrame({"age": [20, 35, 50, 70] * 10, "score": [10, 40, 60, 95] * 10}))
    assert parse("100 people over 50", schema).conditions.to_dict() == {"age": ["gte", 50]}
    beyond_ages = parse("100 people over 80", schema)  # no age reaches 80: only a range points to score
    (question,) = beyond_ages.questions
    assert question.options == ("score",) and len(beyond_ages.conditions) == 0
    assert answer(beyond_ages, "score", schema).conditions.to_dict() == {"score": ["gte", 80]}


def test_words_starting_multi_word_values_and_hyphenated_values() -> None:
    frame = pd.DataFrame({"marital": ["Married-civ-spouse", "Married-AF-spouse", "Never-married", "Divorced"] * 5,
                          "relation": ["Not-in-family", "Husband", "Wife", "Unmarried"] * 5})
    schema = infer_schema(frame)
    assert parse("10 married people", schema).conditions.to_dict() == {
        "marital": ["in", ["Married-AF-spouse", "Married-civ-spouse"]]}
    assert parse("10 never-married people", schema).conditions.to_dict() == {"marital": ["eq", "Never-married"]}
    assert parse("10 people not in family", schema).conditions.to_dict() == {"relation": ["eq", "Not-in-family"]}
    assert parse("10 unmarried people", schema).conditions.to_dict() == {"relation": ["eq", "Unmarried"]}


def test_vague_option_reply_adds_its_condition(schema: Schema) -> None:
    pending = parse("100 rich customers", schema)
    option = pending.questions[0].options[0]
    resolved = answer(pending, option, schema)
    assert not resolved.questions and resolved.n_samples == 100
    assert resolved.conditions.columns == ["income"] and resolved.conditions.conditions[0].operator == "gte"


def test_replies_fill_the_count_and_replace_conditions_on_the_same_column(schema: Schema) -> None:
    pending = parse("customers over 50 in Texas", schema)
    step = answer(pending, "500", schema)
    assert step.n_samples == 500 and not step.questions
    step = answer(step, "only in Florida and over 60", schema)
    assert step.conditions.to_dict() == {"state": ["eq", "Florida"], "age": ["gte", 60]}


def test_declining_conditions_closes_the_questions(schema: Schema) -> None:
    pending = parse("200 customers with pets", schema)
    assert pending.needs_clarification
    assert not answer(pending, "none", schema).needs_clarification


def test_reference_session_flow(schema: Schema) -> None:
    pending = parse("Generate some customer data", schema)
    resolved = answer(pending, "1000 customers over 50 in California", schema)
    assert resolved.n_samples == 1000 and not resolved.questions
    assert resolved.conditions.to_dict() == {"age": ["gte", 50], "state": ["eq", "California"]}


@pytest.mark.parametrize("prompt", ["", "   ", "x" * (MAX_PROMPT_CHARS + 1)])
def test_empty_or_huge_prompts_are_refused(schema: Schema, prompt: str) -> None:
    with pytest.raises(ValidationError, match=r"empty|limit"):
        parse(prompt, schema)


def test_non_text_prompt_and_bad_schema_are_refused(schema: Schema) -> None:
    with pytest.raises(ValidationError, match="must be text"):
        parse(42, schema)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="Schema"):
        parse("100 rows", {"age": "integer"})  # type: ignore[arg-type]


def test_without_a_schema_only_the_count_is_read() -> None:
    interpretation = parse("Generate 300 customers over 50 in California")
    assert interpretation.n_samples == 300 and len(interpretation.conditions) == 0


def test_trace_and_confidence_tell_how_words_were_read(schema: Schema) -> None:
    exact = parse("100 customers with age over 40", schema)
    inferred = parse("100 customers over 40", schema)
    fuzzy = parse("100 customers in Califrnia", schema)
    assert exact.confidence == 1.0 and inferred.confidence < 1.0 and fuzzy.confidence < 1.0
    assert any("read as an age" in line for line in inferred.trace)
    assert any("fuzzy" in line for line in fuzzy.trace)
    assert exact.to_dict()["trace"] == list(exact.trace)


def test_state_codes_in_the_data_match_state_names_in_prompts() -> None:
    frame = pd.DataFrame({"state": ["CA", "NY", "TX"] * 10, "age": list(range(20, 50))})
    interpretation = parse("100 customers in California or New York", infer_schema(frame))
    assert interpretation.conditions.to_dict() == {"state": ["in", ["CA", "NY"]]}


def test_lowercase_two_letter_words_are_not_read_as_state_codes() -> None:
    frame = pd.DataFrame({"state": ["IN", "OR", "ME"] * 10, "age": list(range(20, 50))})
    assert parse("100 customers in or me", infer_schema(frame)).conditions.to_dict() == {}
    assert parse("100 customers in OR", infer_schema(frame)).conditions.to_dict() == {"state": ["eq", "OR"]}


def test_parser_caches_grounding_per_schema(schema: Schema) -> None:
    parser = RuleBasedParser()
    assert parser.grounding(schema) is parser.grounding(schema)
    assert parser.grounding(infer_schema(pd.DataFrame({"a": [1, 2]}))) is not parser.grounding(schema)


def test_rule_based_parser_is_the_registered_default() -> None:
    from genesis.plugins import NLParserSpec, get_plugin_manager

    spec = get_plugin_manager().get(NLParserSpec, "rule-based")
    assert spec.plugin == "genesis"
    assert isinstance(spec.create(), RuleBasedParser)

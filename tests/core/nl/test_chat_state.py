"""The conversation state of `genesis chat`: answers refine the pending request, "none" keeps what was
understood, a new request starts over, and the state is shown after every turn."""

from __future__ import annotations

import pytest

from genesis.cli.chat_state import ConversationState
from genesis.nl import RuleBasedParser
from genesis.pipeline import Pipeline
from genesis.plugins import GeneratorSpec, get_plugin_manager
from genesis.schema import Schema


@pytest.fixture
def state(schema: Schema) -> ConversationState:
    return ConversationState(schema, RuleBasedParser())


def test_none_keeps_the_conditions_already_understood(state: ConversationState) -> None:
    first = state.step("women over 50")
    assert not first.complete and first.interpretation.n_samples is None
    declined = state.step("none")
    assert not declined.new_request and not declined.complete  # the count is still missing
    assert declined.interpretation.conditions.to_dict() == {"gender": ["eq", "F"], "age": ["gte", 50]}
    counted = state.step("500")
    assert counted.complete and counted.interpretation.n_samples == 500
    assert counted.interpretation.conditions.to_dict() == {"gender": ["eq", "F"], "age": ["gte", 50]}
    assert state.pending is None


def test_none_lists_the_declined_phrase_as_ignored(state: ConversationState) -> None:
    asked = state.step("300 customers in Texas with pets")
    assert any("pets" in q.question for q in asked.interpretation.questions)
    done = state.step("none")
    assert done.complete and done.interpretation.conditions.to_dict() == {"state": ["eq", "Texas"]}
    assert done.interpretation.ignored == ("pets",) and done.interpretation.confidence < 1.0


def test_an_answer_refines_the_pending_request(state: ConversationState) -> None:
    state.step("30 rich women")
    turn = state.step("income at least 130,000")
    assert turn.complete and not turn.new_request
    assert turn.interpretation.n_samples == 30
    assert turn.interpretation.conditions.to_dict() == {"gender": ["eq", "F"], "income": ["gte", 130_000]}


def test_an_option_settles_a_contradiction(state: ConversationState) -> None:
    asked = state.step("300 customers over 60 and under 30")
    assert "cannot both hold" in asked.interpretation.questions[0].question
    turn = state.step("age >= 60")
    assert turn.complete and turn.interpretation.conditions.to_dict() == {"age": ["gte", 60]}


@pytest.mark.parametrize("second", ["Generate 100 men in Nevada", "2000 men in Nevada"])
def test_a_new_request_starts_over_instead_of_wiping_the_first(state: ConversationState, second: str) -> None:
    state.step("300 rich women")
    turn = state.step(second)
    assert turn.new_request and turn.complete
    assert turn.interpretation.conditions.to_dict() == {"gender": ["eq", "M"], "state": ["eq", "Nevada"]}
    assert turn.interpretation.n_samples in (100, 2000)


def test_a_request_that_changes_what_was_understood_starts_over(state: ConversationState) -> None:
    state.step("women over 50")  # waits for its count
    turn = state.step("200 men in Nevada")
    assert turn.new_request and turn.complete
    assert turn.interpretation.conditions.to_dict() == {"gender": ["eq", "M"], "state": ["eq", "Nevada"]}
    state.step("women over 50")
    refined = state.step("200 in Nevada")  # a count and one more condition: an answer
    assert not refined.new_request and refined.complete
    assert refined.interpretation.conditions.to_dict() == {"gender": ["eq", "F"], "age": ["gte", 50],
                                                           "state": ["eq", "Nevada"]}


def test_a_bare_count_answers_the_count_question(state: ConversationState) -> None:
    state.step("women in Texas")
    turn = state.step("2000")
    assert not turn.new_request and turn.complete
    assert turn.interpretation.conditions.to_dict() == {"gender": ["eq", "F"], "state": ["eq", "Texas"]}


def test_chat_shows_the_state_after_every_turn(customers, schema: Schema) -> None:  # type: ignore[no-untyped-def]
    from rich.console import Console

    from genesis.cli.chat_session import ChatSession

    model = get_plugin_manager().get(GeneratorSpec, "gaussian_copula").create().fit(customers)
    console = Console(record=True, width=200, force_terminal=False)
    session = ChatSession(Pipeline(model), schema, RuleBasedParser(), console, seed=3)
    session.run(["women over 50 with pets", "none", "40", "20 men in Nevada"])
    text = console.export_text()
    assert text.count("Request so far") == 4
    assert "answer added to the request" in text
    assert "ignored" in text and "pets" in text
    assert "generated 40 rows" in text and "generated 20 rows" in text
    assert session.last is not None and set(session.last["gender"]) == {"M"}

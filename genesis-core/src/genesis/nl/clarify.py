"""Folding a reply into a pending interpretation: the clarification loop of ``genesis chat`` and the REST API.

A reply may pick one of a question's options (``"age"``), decline further conditions (``"none"``: the open
condition questions are dropped, the conditions already understood are kept and the phrases that were asked
about are listed back as ignored), or be a request fragment of its own (``"5000"``, ``"only in Texas"``),
parsed against the same schema: a count fills ``n_samples`` and its conditions replace the pending ones on the
same columns.
"""

from __future__ import annotations

import re
from typing import Protocol

from genesis.conditions import Condition, ConditionSet
from genesis.errors import ValidationError
from genesis.nl.grounding import Grounding
from genesis.nl.interpretation import Interpretation, Question
from genesis.nl.lexicon import NONE_ANSWERS
from genesis.nl.parser import COUNT_OPTIONS, IGNORED_CONFIDENCE, OPEN_CONDITIONS_QUESTION, parse
from genesis.schema import Schema

__all__ = ["answer", "asked_phrases"]

_QUOTED = re.compile(r"'([^']+)'")


class _Parser(Protocol):
    def parse(self, text: str, schema: Schema | Grounding | None) -> Interpretation: ...


def _picked(question: Question, reply: str) -> str | None:
    """The option of ``question`` that ``reply`` names (case and surrounding spaces ignored)."""
    wanted = reply.strip().lower()
    for option in question.choices:
        if option.lower() == wanted:
            return option
    return None


def _merge(old: list[Condition], new: list[Condition]) -> list[Condition]:
    """``old`` conditions, except those on columns ``new`` conditions; then ``new``."""
    replaced = {c.column for c in new}
    return [c for c in old if c.column not in replaced] + [c for c in new if c not in old]


def _in_context(question: Question, columns: list[str]) -> str | None:
    """The one option of ``question`` on a column the pending request already conditions: "over 60" after
    "customers over 50" is about the same column, even where a bare number alone would be asked about."""
    known = [o for o, conds in question.choices.items() if any(c.column in columns for c in conds)]
    return known[0] if len(known) == 1 else None


def answer(pending: Interpretation, reply: str, schema: Schema | Grounding | None = None,
           parser: _Parser | None = None) -> Interpretation:
    """``pending`` updated by ``reply``; its ``questions`` are what is still open."""
    if not isinstance(reply, str) or not reply.strip():
        raise ValidationError("the reply is empty")
    conditions = list(pending.conditions)
    open_questions: list[Question] = []
    trace = list(pending.trace)
    picked_any = False
    for question in pending.questions:
        option = _picked(question, reply)
        if option is not None:
            conditions = _merge(conditions, list(question.choices[option]))
            trace.append(f"reply {reply.strip()!r} chose {option!r}")
            picked_any = True
        elif question.field == "conditions" and question.question != OPEN_CONDITIONS_QUESTION:
            open_questions.append(question)
    n_samples, confidence = pending.n_samples, pending.confidence
    ignored = list(pending.ignored)
    declined = reply.strip().lower() in NONE_ANSWERS
    if declined:
        ignored += [p for q in open_questions for p in asked_phrases(q) if p not in ignored]
        open_questions = []
        trace.append(f"reply {reply.strip()!r}: no further conditions")
    elif not picked_any:
        fragment = (parser.parse(reply, schema) if parser is not None else parse(reply, schema))
        n_samples = fragment.n_samples if fragment.n_samples is not None else n_samples
        conditions = _merge(conditions, list(fragment.conditions))
        answered = set(fragment.conditions.columns)
        open_questions = [q for q in open_questions if not answered & set(q.options)]
        for question in fragment.questions:
            if question.field == "n_samples" or question.question == OPEN_CONDITIONS_QUESTION:
                continue
            option = _in_context(question, pending.conditions.columns)
            if option is None:
                open_questions.append(question)
            else:
                conditions = _merge(conditions, list(question.choices[option]))
                trace.append(f"reply: {option!r} is the column already asked for, so {option!r} answers "
                             f"{question.question!r}")
        trace += [f"reply: {line}" for line in fragment.trace]
        confidence = min(confidence, fragment.confidence) if fragment.trace else confidence
        ignored += [word for word in fragment.ignored if word not in ignored]
    if n_samples is None:
        open_questions.insert(0, Question("n_samples", "How many samples?", COUNT_OPTIONS))
    if not open_questions:
        confidence = max(confidence, 0.5)
    if ignored:
        confidence = min(confidence, IGNORED_CONFIDENCE)
    return Interpretation(n_samples=n_samples, conditions=ConditionSet(conditions), confidence=confidence,
                          questions=tuple(open_questions), trace=tuple(trace), ignored=tuple(ignored))


def asked_phrases(question: Question) -> list[str]:
    """The prompt's words a question is about: the quoted phrases of its text (``'Lunch' and 'Dinner'``)."""
    return list(dict.fromkeys(_QUOTED.findall(question.question)))

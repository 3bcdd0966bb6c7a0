"""The state of one parse and the helpers every recogniser shares (phrase tables, anchors, negation)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from genesis.conditions import Condition
from genesis.nl import lexicon as lx
from genesis.nl.grounding import Grounding
from genesis.nl.interpretation import Question
from genesis.nl.tokens import Token

__all__ = ["BRIDGE", "TRIGGERS", "Anchor", "ParseState", "anchor_before", "format_number", "match_phrase",
           "trigger_at", "use_negation"]

#: Words allowed between a column name and its comparative: ``income of at least``, ``age is over``.
BRIDGE = frozenset({"is", "are", "was", "of", "with", "whose", "where", "an", "a", "the", "their", "be", "who",
                     "that", "having", "has", "have", "at", "in", "and", "s", "'s", "its"})  # fmt: skip


def _by_first_word(phrases: Iterable[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
    """Phrases grouped by their first word, longest first, so a look-up tries only the few that can match."""
    table: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted(phrases, key=len, reverse=True):
        table.setdefault(phrase[0], []).append(phrase)
    return table


_SOURCES: list[tuple[str, Iterable[tuple[str, ...]]]] = [
    ("comparative", lx.COMPARATIVES), ("negation", lx.NEGATIONS), ("vague", lx.VAGUE), ("possession", lx.POSSESSION),
    ("date", lx.DATE_WORDS), ("age_unit", lx.AGE_UNITS), ("money_unit", lx.MONEY_UNITS),
    ("upper", lx.UPPER_POSTFIX), ("lower", lx.LOWER_POSTFIX), ("date_postfix", lx.DATE_POSTFIX),
    ("rate", lx.RATE_WORDS),
]  # fmt: skip
_PHRASE_TABLES: dict[str, dict[str, list[tuple[str, ...]]]] = {name: _by_first_word(p) for name, p in _SOURCES}
TRIGGERS = {phrase: concept for concept, spec in lx.CONCEPTS.items() for phrase in spec.triggers}
_PHRASE_TABLES["trigger"] = _by_first_word(list(TRIGGERS))


def match_phrase(tokens: Sequence[Token], i: int, table: str) -> tuple[tuple[str, ...], int] | None:
    """The longest phrase of ``table`` starting at token ``i``, and the index after it."""
    if i >= len(tokens):
        return None
    for phrase in _PHRASE_TABLES[table].get(tokens[i].text, ()):
        end = i + len(phrase)
        if end <= len(tokens) and all(tokens[i + k].text == word for k, word in enumerate(phrase)):
            return phrase, end
    return None


def format_number(value: float) -> str:
    """``50000`` → ``50,000``; fractions keep two decimals."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}"


@dataclass
class Anchor:
    """A column named just before a comparative (``income over``), valid until ``end`` plus bridge words."""

    column: str | None
    concept: str | None
    end: int
    how: str


@dataclass
class ParseState:
    """Everything one parse accumulates."""

    prompt: str
    tokens: list[Token]
    grounding: Grounding
    consumed: list[bool]
    count: int | None = None
    count_text: str | None = None
    bad_count: str | None = None
    conditions: list[tuple[int, Condition]] = field(default_factory=list)
    values: dict[tuple[str, bool], tuple[int, list[Any]]] = field(default_factory=dict)
    questions: list[Question] = field(default_factory=list)
    trace: list[str] = field(default_factory=list)
    confidence: float = 1.0
    anchor: Anchor | None = None
    negate_until: int = -1
    negation_span: tuple[int, int] | None = None
    last_value: tuple[str, bool, int] | None = None
    last_numeric: tuple[str, int] | None = None
    #: Token positions read as people (a demonym, ``women``): a number after them may be their age.
    people: set[int] = field(default_factory=set)
    #: Where the last value of each (column, negated) ended, and how later values were joined to it.
    value_ends: dict[tuple[str, bool], int] = field(default_factory=dict)
    joins: dict[tuple[str, bool], list[str]] = field(default_factory=dict)

    def text(self, start: int, end: int) -> str:
        """The prompt's own text of tokens ``start`` to ``end`` (exclusive)."""
        if end <= start:
            return ""
        return self.prompt[self.tokens[start].start:self.tokens[end - 1].end]

    def take(self, start: int, end: int) -> str:
        """Mark tokens ``start`` to ``end`` as understood and return their text."""
        for k in range(start, end):
            self.consumed[k] = True
        return self.text(start, end)

    def add(self, position: int, condition: Condition, note: str) -> None:
        """Record ``condition`` (read at token ``position``) and say why in the trace."""
        self.conditions.append((position, condition))
        self.trace.append(f"{note} -> {condition}")

    def ask(self, question: Question) -> None:
        """Add ``question`` unless the same one is already open."""
        if all(q.question != question.question for q in self.questions):
            self.questions.append(question)


def trigger_at(s: ParseState, j: int) -> tuple[str | None, str | None, int] | None:
    """A column name or a concept trigger at ``j``: (column, concept, index after)."""
    found = match_phrase(s.tokens, j, "trigger")
    if found is not None:
        concept = TRIGGERS[found[0]]
        return s.grounding.concept_column(concept), concept, found[1]
    named = s.grounding.column_at(s.tokens, j)
    if named is not None:
        return named[0], None, named[1]
    return None


def anchor_before(s: ParseState, i: int) -> Anchor | None:
    """The column named just before token ``i`` (only bridge words or a pending negation between), if any."""
    anchor = s.anchor
    if anchor is None or anchor.end > i:
        return None
    negation = range(*s.negation_span) if s.negation_span is not None else range(0)
    if all(s.tokens[k].text in BRIDGE or k in negation for k in range(anchor.end, i)) and i - anchor.end <= 3:
        return anchor
    return None


def use_negation(s: ParseState, i: int) -> bool:
    """Whether a negation applies at ``i``; it is used up, so it never reaches a later phrase."""
    if i <= s.negate_until:
        s.negate_until = -1
        if s.negation_span is not None:
            s.take(*s.negation_span)
            s.negation_span = None
        return True
    return False

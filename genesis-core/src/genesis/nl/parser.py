"""The offline, deterministic rule-based parser (``rule-based``, the default ``NLParser``).

One left-to-right pass over the tokens tries, at each position, the recognisers in a fixed order:
a count, a negation, a date phrase, a range, a comparative, a decade, a number with a postfix
(``50+``, ``30 or younger``), a category value, a vague word, a column name. Every recognised piece is
grounded in the schema; what cannot be grounded becomes a :class:`~genesis.nl.interpretation.Question`.
No network, no model, no randomness: the same prompt and schema always give the same interpretation.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

from genesis.conditions import Condition, ConditionSet
from genesis.errors import ValidationError
from genesis.nl import lexicon as lx
from genesis.nl.categorical import ask_about_unknown_things, recognise_fuzzy_value, recognise_vague, recognise_value
from genesis.nl.dates import recognise_date
from genesis.nl.grounding import Grounding
from genesis.nl.interpretation import Interpretation, Question
from genesis.nl.numeric import (
    recognise_comparative,
    recognise_count_assignment,
    recognise_decade,
    recognise_number,
    recognise_range,
)
from genesis.nl.state import BRIDGE, Anchor, ParseState, match_phrase, trigger_at
from genesis.nl.tokens import tokenize
from genesis.schema import ColumnKind, Schema

__all__ = ["COUNT_OPTIONS", "MAX_PROMPT_CHARS", "OPEN_CONDITIONS_QUESTION", "RuleBasedParser", "parse"]

#: Longer prompts are refused: requests are sentences, not documents.
MAX_PROMPT_CHARS = 2_000
#: Counts offered when a prompt gives none.
COUNT_OPTIONS = ("100", "1000", "10000")
#: The optional question asked when a prompt names neither a count nor a condition; any reply settles it.
OPEN_CONDITIONS_QUESTION = "Any specific conditions?"


class RuleBasedParser:
    """Reads counts, comparatives, ranges, negations, dates and category values; asks when unsure.

    ``parse(text, schema)`` accepts a :class:`~genesis.schema.Schema`, a prepared
    :class:`~genesis.nl.grounding.Grounding` or None (then only the count is read). Groundings are cached per
    schema object, so repeated parses against one schema stay fast.
    """

    def __init__(self) -> None:
        self._cache: dict[int, tuple[weakref.ref[Schema], Grounding]] = {}

    def grounding(self, schema: Schema | Grounding | None) -> Grounding:
        """The look-up tables for ``schema``, built once per schema object."""
        if isinstance(schema, Grounding):
            return schema
        if schema is None:
            schema = Schema(columns={})
        if not isinstance(schema, Schema):
            raise ValidationError(f"parse needs a genesis.schema.Schema, got {type(schema).__name__}")
        cached = self._cache.get(id(schema))
        if cached is not None and cached[0]() is schema:
            return cached[1]
        built = Grounding(schema)
        if len(self._cache) > 64:
            self._cache.clear()
        self._cache[id(schema)] = (weakref.ref(schema), built)
        return built

    def parse(self, text: str, schema: Schema | Grounding | None = None) -> Interpretation:
        """Interpret ``text`` against ``schema``; see the module docstring for the grammar."""
        if not isinstance(text, str):
            raise ValidationError(f"a prompt must be text, got {type(text).__name__}")
        if not text.strip():
            raise ValidationError("the prompt is empty")
        if len(text) > MAX_PROMPT_CHARS:
            raise ValidationError(f"the prompt has {len(text):,} characters; the limit is {MAX_PROMPT_CHARS:,}")
        tokens = tokenize(text)
        state = ParseState(prompt=text, tokens=tokens, grounding=self.grounding(schema), consumed=[False] * len(tokens))
        i = 0
        while i < len(tokens):
            i = _step(state, i)
        ask_about_unknown_things(state)
        return _finish(state)


def _step(s: ParseState, i: int) -> int:
    """Recognise what starts at token ``i`` and return the index to continue from."""
    for recogniser in _RECOGNISERS:
        end = recogniser(s, i)
        if end is not None:
            return end
    return i + 1


# -- negation -----------------------------------------------------------------------------------------------------
def _negation(s: ParseState, i: int) -> int | None:
    """``not``, ``non-``, ``excluding``...: the next value or bound is negated; ``no children`` is a zero count."""
    found = match_phrase(s.tokens, i, "negation")
    if found is None:
        return None
    words, end = found
    if end < len(s.tokens) and s.tokens[end].is_number:
        return None
    value = s.grounding.value_at(s.tokens, i)
    if value is not None and value[1] > end:
        return None  # the word starts a value, as in "Never-married" or "Not-in-family"
    named = trigger_at(s, end) if words in (("no",), ("without",)) else None
    if named is not None and named[0] in s.grounding.numeric and s.grounding.fits(named[0], 0.0):
        s.take(i, named[2])
        s.add(i, Condition(named[0], "eq", 0), repr(s.text(i, named[2])))
        return named[2]
    s.take(i, end)
    s.negate_until = end + 2
    return end


def _column(s: ParseState, i: int) -> int | None:
    """A column name or concept word: remembered as the anchor of a comparative that follows."""
    found = trigger_at(s, i)
    if found is None:
        fuzzy = s.grounding.fuzzy_column(s.tokens[i].text) if s.tokens[i].text not in lx.FILLER else None
        if fuzzy is None or not _comparative_follows(s, i + 1):
            return None
        s.confidence *= fuzzy[1]
        s.trace.append(f"{s.tokens[i].raw!r} read as column {fuzzy[0]!r} (fuzzy {fuzzy[1]:.2f})")
        found = (fuzzy[0], None, i + 1)
    column, concept, end = found
    s.take(i, end)
    s.anchor = Anchor(column, concept, end, repr(s.text(i, end)))
    return end


def _comparative_follows(s: ParseState, j: int) -> bool:
    """Whether a comparative starts at ``j`` after bridge words (only then is a fuzzy column name tried)."""
    while j < len(s.tokens) and s.tokens[j].text in BRIDGE:
        j += 1
    return j < len(s.tokens) and (match_phrase(s.tokens, j, "comparative") is not None or s.tokens[j].text == "between")


#: Tried in this order at every token; the first that reads something wins.
_RECOGNISERS: tuple[Callable[[ParseState, int], int | None], ...] = (
    recognise_count_assignment, recognise_date, recognise_range, recognise_comparative, _negation, recognise_decade,
    recognise_number, recognise_value, recognise_vague, _column, recognise_fuzzy_value,
)


def _finish(s: ParseState) -> Interpretation:
    """Merge the collected values into conditions, add the count questions and build the interpretation."""
    for (column, negated), (position, values) in s.values.items():
        if len(values) == 1:
            condition = Condition(column, "ne" if negated else "eq", values[0])
        else:
            condition = Condition(column, "not_in" if negated else "in", values)
        s.conditions.append((position, condition))
    ordered = [c for _, c in sorted(s.conditions, key=lambda item: item[0])]
    conditions = ConditionSet(list(dict.fromkeys(ordered)))
    questions = list(s.questions)
    if s.count is None:
        detail = f" ({s.bad_count!r} is not a whole number of at least 1)" if s.bad_count else ""
        questions.insert(0, Question("n_samples", f"How many samples?{detail}" if detail else "How many samples?",
                                     COUNT_OPTIONS))
        if not conditions and len(questions) == 1 and s.bad_count is None:
            columns = [c.name for c in s.grounding.schema if c.kind != ColumnKind.IDENTIFIER]
            questions.append(Question("conditions", OPEN_CONDITIONS_QUESTION, tuple(columns[:5])))
    confidence = s.confidence if not questions else min(s.confidence, 0.5)
    return Interpretation(n_samples=s.count, conditions=conditions, confidence=round(confidence, 3),
                          questions=tuple(questions), trace=tuple(s.trace))


_DEFAULT = RuleBasedParser()


def parse(text: str, schema: Schema | Grounding | None = None) -> Interpretation:
    """Interpret ``text`` against ``schema`` with the shared :class:`RuleBasedParser`."""
    return _DEFAULT.parse(text, schema)

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
from typing import Any

from genesis.conditions import Condition, ConditionSet
from genesis.errors import ValidationError
from genesis.nl import lexicon as lx
from genesis.nl.categorical import ask_about_unknown_things, recognise_fuzzy_value, recognise_vague, recognise_value
from genesis.nl.consistency import conflicting_values, empty_ranges
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
from genesis.nl.tokens import Token, tokenize
from genesis.schema import ColumnKind, Schema

__all__ = ["COUNT_OPTIONS", "IGNORED_CONFIDENCE", "MAX_PROMPT_CHARS", "OPEN_CONDITIONS_QUESTION", "RuleBasedParser",
           "parse"]

#: Longer prompts are refused: requests are sentences, not documents.
MAX_PROMPT_CHARS = 2_000
#: The highest confidence of an interpretation that left words unused: 1.0 means every word was used.
IGNORED_CONFIDENCE = 0.7
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
    end = found[1]
    if end < len(s.tokens) and s.tokens[end].is_number:
        return None
    value = s.grounding.value_at(s.tokens, i)
    if value is not None and value[1] > end:
        return None  # the word starts a value, as in "Never-married" or "Not-in-family"
    j = end
    while j < len(s.tokens) and s.tokens[j].text in _ZERO_FILLERS:
        j += 1
    named = trigger_at(s, j)
    if named is not None and named[0] in s.grounding.numeric and s.grounding.fits(named[0], 0.0) \
            and not _quantity_follows(s, named[2]):
        s.take(i, named[2])
        s.add(i, Condition(named[0], "eq", 0), f"{s.text(i, named[2])!r} (none of them)")
        return named[2]
    s.negate_until = end + 2
    s.negation_span = (i, end)  # taken when a value or bound uses it, else listed back as ignored
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
    if column is not None and not _quantity_follows(s, end):
        _some_of(s, i, end, column)
    return end


#: Words between a negation and a count column: "never placed an order".
_ZERO_FILLERS = frozenset({"placed", "made", "an", "a", "any", "single", "ever", "even", "one", "got", "had"})
#: Words before a count or amount that mean "more than none": "with capital gains", "who have ordered".
_SOME = frozenset({"with", "have", "has", "had", "having", "who", "some", "any", "positive", "nonzero"})


def _quantity_follows(s: ParseState, j: int) -> bool:
    """Whether a number, comparative or range follows ``j`` (after bridge words)."""
    while j < len(s.tokens) and s.tokens[j].text in BRIDGE:
        j += 1
    if j >= len(s.tokens):
        return False
    return s.tokens[j].kind in ("num", "decade") or s.tokens[j].text == "between" or \
        match_phrase(s.tokens, j, "comparative") is not None


def _some_of(s: ParseState, i: int, end: int, column: str) -> None:
    """``with capital gains``, ``who have ordered``: a zero-based count or amount named alone means ``> 0``."""
    g = s.grounding
    if column not in g.numeric or g.bounds(column)[0] != 0:
        return
    k = i - 1
    while k >= 0 and s.tokens[k].text in ("a", "an", "the", "any"):
        k -= 1
    if k < 0 or s.tokens[k].text not in _SOME:
        return
    if s.tokens[k].text in ("positive", "nonzero", "some", "any"):
        s.take(k, i)
    s.add(i, Condition(column, "gt", 0), f"{s.text(k, end)!r} (more than none)")


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
        if not negated:
            excluded = s.values.get((column, True), (0, []))[1]
            conflict = conflicting_values(column, values, s.joins.get((column, False), ()), excluded)
            if conflict is not None:
                s.ask(conflict)
                continue
        elif (column, False) in s.values and set(values) >= set(s.values[(column, False)][1]):
            continue  # asked about with the wanted values
        s.conditions.append((position, _value_condition(s, column, negated, values)))
    ordered = list(dict.fromkeys(c for _, c in sorted(s.conditions, key=lambda item: item[0])))
    empty = empty_ranges(ordered)
    for question in empty.values():
        s.ask(question)
    conditions = ConditionSet([c for c in ordered if c.column not in empty])
    questions = list(s.questions)
    if s.count is None:
        detail = f" ({s.bad_count!r} is not a whole number of at least 1)" if s.bad_count else ""
        questions.insert(0, Question("n_samples", f"How many samples?{detail}" if detail else "How many samples?",
                                     COUNT_OPTIONS))
        if not conditions and len(questions) == 1 and s.bad_count is None:
            columns = [c.name for c in s.grounding.schema if c.kind != ColumnKind.IDENTIFIER]
            questions.append(Question("conditions", OPEN_CONDITIONS_QUESTION, tuple(columns[:5])))
    ignored = _ignored(s)
    if ignored:
        s.trace.append(f"not used: {', '.join(map(repr, ignored))}")
    confidence = s.confidence if not ignored else min(s.confidence, IGNORED_CONFIDENCE)
    confidence = confidence if not questions else min(confidence, 0.5)
    return Interpretation(n_samples=s.count, conditions=conditions, confidence=round(confidence, 3),
                          questions=tuple(questions), trace=tuple(s.trace), ignored=ignored)


def _value_condition(s: ParseState, column: str, negated: bool, values: list[Any]) -> Condition:
    """``column = value`` or ``in``; negated, the values left over when few are (``non-smokers`` → ``No``)."""
    if negated:
        categories = s.grounding.schema[column].categories or []
        rest = [c for c in categories if c not in values]
        if 0 < len(rest) == 1 < len(categories):
            return Condition(column, "eq", rest[0])
        return Condition(column, "ne", values[0]) if len(values) == 1 else Condition(column, "not_in", values)
    return Condition(column, "eq", values[0]) if len(values) == 1 else Condition(column, "in", values)


def _ignored(s: ParseState) -> tuple[str, ...]:
    """The prompt's content words that no recogniser used, as phrases (``left-handed``), in prompt order."""
    phrases: list[str] = []
    start: int | None = None
    for k, token in enumerate([*s.tokens, None]):
        content = token is not None and not s.consumed[k] and _is_content(token)
        joined = token is not None and token.text == "-" and start is not None
        if content and start is None:
            start = k
        elif not content and not joined and start is not None:
            last = k - 1
            while s.tokens[last].text == "-":
                last -= 1
            phrases.append(s.text(start, last + 1))
            start = None
    return tuple(phrases)


def _is_content(token: Token) -> bool:
    """Numbers and words that carry meaning (not filler, request verbs, people or row nouns)."""
    if token.kind in ("num", "decade", "ordinal", "period"):
        return True
    if token.kind != "word" or (len(token.text) < 2 and not token.raw.isupper()):
        return False
    return not (token.text in lx.FILLER or token.text in BRIDGE or token.text in lx.COUNT_VERBS
                or token.text in lx.PEOPLE or token.text in lx.ROW_NOUNS)


_DEFAULT = RuleBasedParser()


def parse(text: str, schema: Schema | Grounding | None = None) -> Interpretation:
    """Interpret ``text`` against ``schema`` with the shared :class:`RuleBasedParser`."""
    return _DEFAULT.parse(text, schema)

"""The offline, deterministic rule-based parser (``rule-based``, the default ``NLParser``).

One left-to-right pass over the tokens tries, at each position, the recognisers in a fixed order:
a count, a negation, a date phrase, a range, a comparative, a decade, a number with a postfix
(``50+``, ``30 or younger``), a category value, a vague word, a column name. Every recognised piece is
grounded in the schema; what cannot be grounded becomes a :class:`~genesis.nl.interpretation.Question`.
No network, no model, no randomness: the same prompt and schema always give the same interpretation.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from genesis.errors import ValidationError
from genesis.generators.conditional import Condition, ConditionSet
from genesis.nl import lexicon as lx
from genesis.nl.dates import date_conditions, period_of
from genesis.nl.grounding import Grounding, ValueMatch
from genesis.nl.interpretation import Interpretation, Question
from genesis.nl.tokens import Token, tokenize
from genesis.schema import ColumnKind, Schema

__all__ = ["MAX_PROMPT_CHARS", "RuleBasedParser", "parse"]

#: Longer prompts are refused: requests are sentences, not documents.
MAX_PROMPT_CHARS = 2_000
#: Counts offered when a prompt gives none.
COUNT_OPTIONS = ("100", "1000", "10000")
_BRIDGE = frozenset({"is", "are", "was", "of", "with", "whose", "where", "an", "a", "the", "their", "be", "who",
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
    ("upper", lx.UPPER_POSTFIX), ("lower", lx.LOWER_POSTFIX),
]  # fmt: skip
_PHRASE_TABLES: dict[str, dict[str, list[tuple[str, ...]]]] = {name: _by_first_word(p) for name, p in _SOURCES}
_TRIGGERS = {phrase: concept for concept, spec in lx.CONCEPTS.items() for phrase in spec.triggers}
_PHRASE_TABLES["trigger"] = _by_first_word(list(_TRIGGERS))


def _match(tokens: Sequence[Token], i: int, table: str) -> tuple[tuple[str, ...], int] | None:
    """The longest phrase of ``table`` starting at token ``i``, and the index after it."""
    if i >= len(tokens):
        return None
    for phrase in _PHRASE_TABLES[table].get(tokens[i].text, ()):
        end = i + len(phrase)
        if end <= len(tokens) and all(tokens[i + k].text == word for k, word in enumerate(phrase)):
            return phrase, end
    return None


def _fmt(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}"


@dataclass
class _Anchor:
    """A column named just before a comparative (``income over``), valid until ``end`` plus bridge words."""

    column: str | None
    concept: str | None
    end: int
    how: str


@dataclass
class _State:
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
    anchor: _Anchor | None = None
    negate_until: int = -1
    last_value: tuple[str, bool, int] | None = None
    last_numeric: tuple[str, int] | None = None

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
        self.conditions.append((position, condition))
        self.trace.append(f"{note} -> {condition}")

    def ask(self, question: Question) -> None:
        if all(q.question != question.question for q in self.questions):
            self.questions.append(question)


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
        state = _State(prompt=text, tokens=tokens, grounding=self.grounding(schema), consumed=[False] * len(tokens))
        i = 0
        while i < len(tokens):
            i = _step(state, i)
        _unknown_things(state)
        return _finish(state)


def _step(s: _State, i: int) -> int:
    """Recognise what starts at token ``i`` and return the index to continue from."""
    for recogniser in (_count_assignment, _date, _between, _comparative, _negation, _decade, _number, _value,
                       _vague, _column, _fuzzy_value):
        end = recogniser(s, i)
        if end is not None:
            return end
    return i + 1


# -- counts -------------------------------------------------------------------------------------------------------
def _count_assignment(s: _State, i: int) -> int | None:
    """``n = 500``, ``count of 500``."""
    t = s.tokens
    if t[i].text in ("n", "count", "rows") and i + 2 < len(t) and t[i + 1].text in ("=", "of", ":") \
            and t[i + 2].is_number:
        _set_count(s, t[i + 2], i, i + 3)
        return i + 3
    return None


def _set_count(s: _State, token: Token, start: int, end: int) -> None:
    text = s.take(start, end)
    value = token.value if token.value is not None else 0.0
    if s.count is not None or s.bad_count is not None:
        s.trace.append(f"count {text!r} ignored: the count is already {s.count_text!r}")
    elif not value.is_integer() or value < 1:
        s.bad_count = token.raw
        s.trace.append(f"count {text!r} is not a whole number of at least 1")
    else:
        s.count, s.count_text = int(value), token.raw
        s.trace.append(f"count {token.raw!r} -> {s.count}")


def _in_count_position(s: _State, i: int) -> bool:
    """A number right after a request verb or at the start, or followed by a noun that names no column."""
    t = s.tokens
    token = t[i]
    if token.money or token.plus or s.count is not None or not token.is_number:
        return False
    before = [k for k in range(i) if not s.consumed[k]]
    after = t[i + 1] if i + 1 < len(t) else None
    if after is not None and (after.text in ("%", "percent") or _match(t, i + 1, "age_unit")):
        return False
    if after is not None and after.text == "of" and i + 2 < len(t) and t[i + 2].text in ("them", "those", "these"):
        return True
    if not before or t[i - 1].text in lx.COUNT_VERBS or (i >= 2 and t[i - 2].text in lx.COUNT_VERBS and
                                                          t[i - 1].text in ("me", "us", "about", "exactly")):
        return True
    return after is not None and after.kind == "word" and after.text in lx.FILLER and after.text not in _BRIDGE


# -- negation -----------------------------------------------------------------------------------------------------
def _negation(s: _State, i: int) -> int | None:
    """``not``, ``non-``, ``excluding``...: the next value or bound is negated; ``no children`` is a zero count."""
    found = _match(s.tokens, i, "negation")
    if found is None:
        return None
    words, end = found
    if end < len(s.tokens) and s.tokens[end].is_number:
        return None
    value = s.grounding.value_at(s.tokens, i)
    if value is not None and value[1] > end:
        return None  # the word starts a value, as in "Never-married" or "Not-in-family"
    named = _trigger_at(s, end) if words in (("no",), ("without",)) else None
    if named is not None and named[0] in s.grounding.numeric and s.grounding.fits(named[0], 0.0):
        s.take(i, named[2])
        s.add(i, Condition(named[0], "eq", 0), repr(s.text(i, named[2])))
        return named[2]
    s.take(i, end)
    s.negate_until = end + 2
    return end


def _use_negation(s: _State, i: int) -> bool:
    """Whether a negation applies at ``i``; it is used up, so it never reaches a later phrase."""
    if i <= s.negate_until:
        s.negate_until = -1
        return True
    return False


# -- dates --------------------------------------------------------------------------------------------------------
def _read_date(t: Sequence[Token], i: int) -> tuple[int, int | None, int, int] | None:
    """``[month] year`` or ``the 1990s`` at ``i``: (year, month, span in years, index after)."""
    j = i + 1 if i < len(t) and t[i].text == "the" else i
    if j < len(t) and t[j].kind == "decade" and (t[j].value or 0) >= 1900:
        return int(t[j].value or 0), None, 10, j + 1
    month = lx.MONTHS.get(t[i].text) if i < len(t) else None
    k = i + 1 if month else i
    if k < len(t) and t[k].text == ",":
        k += 1
    if k < len(t) and t[k].is_year:
        return int(t[k].value or 0), month, 1, k + 1
    return None


def _date_anchor(s: _State, i: int) -> tuple[str | None, str]:
    """The date column a date phrase at ``i`` refers to, and why."""
    g = s.grounding
    anchor = s.anchor
    if anchor is not None and anchor.end >= i - 2:
        if anchor.column is not None and g.kind(anchor.column) in (ColumnKind.DATETIME, ColumnKind.INTEGER):
            return anchor.column, f"named by {anchor.how}"
        if anchor.column is None and anchor.concept in ("signup", "birth"):
            return None, f"no column for {anchor.how}"
    if len(g.datetimes) == 1:
        s.confidence *= 0.9
        return g.datetimes[0], "the only date column"
    return None, ""


def _date(s: _State, i: int) -> int | None:
    t = s.tokens
    found = _match(t, i, "date")
    relation, start = ("in", i) if found is None else (lx.DATE_WORDS[found[0]], found[1])
    if found is None and not (s.anchor is not None and s.anchor.concept in ("signup", "birth") and
                              s.anchor.end == i):
        return None
    read = _read_date(t, start)
    if read is None:
        return None
    year, month, span, end = read
    if relation == "since" and t[i].text == "from" and end < len(t) and t[end].text in ("to", "until"):
        return None  # "from 2019 to 2021" is a range
    column, why = _date_anchor(s, i)
    phrase = s.take(i, end)
    if column is None:
        options = tuple(s.grounding.datetimes)
        s.ask(Question("conditions", f"Which date does {phrase!r} refer to?", options,
                       {name: tuple(date_conditions(name, relation, period_of(year, month, years=span)))
                        for name in options}))
        return end
    year_column = s.grounding.kind(column) == ColumnKind.INTEGER
    for condition in date_conditions(column, relation, period_of(year, month, years=span), year_column=year_column):
        s.add(i, condition, f"{phrase!r} ({why})")
    return end


# -- numbers: ranges, comparatives, postfixes ---------------------------------------------------------------------
_RANGE_STARTS = {"between": ("and",), "from": ("to", "-"), "aged": ("to", "-", "and"), "ages": ("to", "-", "and"),
                 "age": ("to", "-", "and")}


def _between(s: _State, i: int) -> int | None:
    """``between 30 and 40``, ``from 30 to 40``, ``aged 30-40``, ``30-40``, ``30 to 40``, ``$50k-$100k``."""
    t = s.tokens
    separators = _RANGE_STARTS.get(t[i].text, ("-", "to"))
    start = i + 1 if t[i].text in _RANGE_STARTS else i
    if start + 2 >= len(t) or t[start + 1].text not in separators:
        return None
    if not (t[start].is_number and t[start + 2].is_number):
        return None
    low, high = t[start], t[start + 2]
    lo, hi = float(low.value or 0.0), float(high.value or 0.0)
    if high.scale > 1 and low.scale == 1 and lo * high.scale <= hi:
        lo *= high.scale  # "50-100k" is 50k to 100k
    lo, hi = min(lo, hi), max(lo, hi)
    after = _units(s, start + 3)
    phrase = s.text(i, after.index)
    if low.is_year and high.is_year and _dated(s, i):
        column, why = _date_anchor(s, i)
        if column is not None:
            s.take(i, after.index)
            for condition in date_conditions(column, "in", period_of(int(lo), years=int(hi - lo) + 1),
                                             year_column=s.grounding.kind(column) == ColumnKind.INTEGER):
                s.add(i, condition, f"{phrase!r} ({why})")
            return after.index
    concept = "age" if t[i].text in ("aged", "ages", "age") else after.concept
    column = _numeric_column(s, i, phrase, ("between", (lo, hi)), concept, after.column,
                             low.money or high.money or after.money)
    s.take(i, after.index)
    _emit_numeric(s, i, after.index, column, "between", (lo, hi))
    return after.index


def _dated(s: _State, i: int) -> bool:
    """Whether years at ``i`` are about a date column: one was just named, or the data has dates but no numbers."""
    anchor = _anchor_before(s, i)
    if anchor is not None and anchor.concept in ("signup", "birth"):
        return True
    return bool(s.grounding.datetimes) and not any(s.grounding.fits(c, 2000.0) for c in s.grounding.numeric)


@dataclass
class _After:
    """What follows a number: a unit naming a concept or a column, money words, and where it ends."""

    index: int
    concept: str | None = None
    column: str | None = None
    money: bool = False


def _units(s: _State, j: int) -> _After:
    t = s.tokens
    if (found := _match(t, j, "age_unit")) is not None:
        return _After(found[1], concept="age")
    if (found := _match(t, j, "money_unit")) is not None:
        return _After(found[1], money=True)
    if j < len(t) and (named := _trigger_at(s, j)) is not None:
        column, concept, end = named
        return _After(end, concept=concept, column=column)
    return _After(j)


def _trigger_at(s: _State, j: int) -> tuple[str | None, str | None, int] | None:
    """A column name or a concept trigger at ``j``: (column, concept, index after)."""
    found = _match(s.tokens, j, "trigger")
    if found is not None:
        concept = _TRIGGERS[found[0]]
        return s.grounding.concept_column(concept), concept, found[1]
    named = s.grounding.column_at(s.tokens, j)
    if named is not None:
        return named[0], None, named[1]
    return None


def _comparative(s: _State, i: int) -> int | None:
    t = s.tokens
    found = _match(t, i, "comparative")
    if found is None:
        return None
    phrase_words, j = found
    if j >= len(t) or not t[j].is_number:
        return None
    operator, concept = lx.COMPARATIVES[phrase_words]
    number = t[j]
    if number.plus and operator == "eq":
        operator = "gte"
    return _numeric_phrase(s, i, j + 1, operator, float(number.value or 0.0), concept, number.money)


def _numeric_phrase(s: _State, i: int, j: int, operator: str | None, value: float, concept: str | None,
                    money: bool) -> int | None:
    """Finish a comparison whose number ends before ``j``: read units, pick the column, emit the condition."""
    after = _units(s, j)
    if operator is None:
        if after.concept != "age" and after.column not in s.grounding.numeric:
            return None
        operator = "eq"
    phrase = s.text(i, after.index)
    column = _numeric_column(s, i, phrase, (operator, value), concept or after.concept, after.column,
                             money or after.money)
    s.take(i, after.index)
    _emit_numeric(s, i, after.index, column, operator, value)
    return after.index


def _number(s: _State, i: int) -> int | None:
    """A bare number: the count, ``50+``, ``30 or younger``, ``40 years old``; otherwise left alone."""
    t = s.tokens
    token = t[i]
    if not token.is_number:
        return None
    operator = "gte" if token.plus else None
    j = i + 1
    if operator is None:
        for table, op in (("upper", "gte"), ("lower", "lte")):
            if (found := _match(t, j, table)) is not None:
                operator, j = op, found[1]
                break
    if operator is None and _in_count_position(s, i):
        _set_count(s, token, i, i + 1)
        return i + 1
    return _numeric_phrase(s, i, j, operator, float(token.value or 0.0), None, token.money)


def _decade(s: _State, i: int) -> int | None:
    """``in their 30s``, ``thirties``, ``30s``: an age range (decades from 1900 are dates, see :func:`_date`)."""
    t = s.tokens
    j = i + 2 if t[i].text == "in" and i + 2 < len(t) and t[i + 1].text in ("their", "the", "his", "her") else i
    if t[j].kind != "decade" or (t[j].value or 0) >= 100 or (t[j].value or 0) < 10:
        return None
    low = float(t[j].value or 0)
    phrase = s.text(i, j + 1)
    column = _numeric_column(s, i, phrase, ("between", (low, low + 9)), "age", None, False)
    s.take(i, j + 1)
    _emit_numeric(s, i, j + 1, column, "between", (low, low + 9))
    return j + 1


def _anchor_before(s: _State, i: int) -> _Anchor | None:
    anchor = s.anchor
    if anchor is None or anchor.end > i:
        return None
    if all(s.tokens[k].text in _BRIDGE for k in range(anchor.end, i)) and i - anchor.end <= 3:
        return anchor
    return None


def _numeric_column(s: _State, i: int, phrase: str, test: tuple[str, Any], concept: str | None,
                    named: str | None, money: bool) -> str | None:
    """Decide the column of a numeric phrase at ``i``; None when a question was asked instead."""
    g = s.grounding
    operator, value = test
    probe = value[0] if operator == "between" else value
    anchor = _anchor_before(s, i)
    if named is None and anchor is not None:
        named, concept = anchor.column, concept or anchor.concept
    if named is None and concept is not None:
        named = g.concept_column(concept)
        if named is None:
            s.ask(Question("conditions", f"There is no {concept} column; which column did you mean?",
                           tuple(g.nearest_columns(concept))))
            return None
    if named is not None:
        if named in g.numeric:
            return named
        s.ask(Question("conditions", f"Column {named!r} is not numeric; which numeric column did you mean?",
                       tuple(g.numeric)))
        return None
    age = g.concept_column("age")
    if not money and i > 0 and s.tokens[i - 1].text in lx.PEOPLE and age in g.numeric and g.fits(age, probe):
        s.confidence *= 0.9
        s.trace.append(f"{s.tokens[i - 1].raw} {s.text(i, min(i + 2, len(s.tokens)))!r} read as an age")
        return age
    if s.last_numeric is not None and s.last_numeric[1] >= i - 1 and g.fits(s.last_numeric[0], probe):
        s.confidence *= 0.95
        return s.last_numeric[0]
    fitting = [c for c in g.numeric if g.fits(c, probe)]
    if money:
        monied = [c for c in (g.concept_column("income"), g.concept_column("spend")) if c in fitting]
        fitting = monied or fitting
    if len(fitting) == 1:
        s.confidence *= 0.85
        s.trace.append(f"{fitting[0]!r} is the only numeric column whose range holds {_fmt(probe)}")
        return fitting[0]
    if fitting:
        choices = {name: (Condition(name, operator, _typed(g, name, value)),) for name in fitting}
        s.ask(Question("conditions", f"Which column does {phrase!r} refer to: {', '.join(fitting)}?",
                       tuple(fitting), choices))
    else:
        s.ask(Question("conditions", f"No numeric column has values around {_fmt(probe)}; which column did "
                       f"{phrase!r} mean?", tuple(g.numeric)))
    return None


def _typed(g: Grounding, column: str, value: Any) -> Any:
    if isinstance(value, tuple):
        return tuple(g.numeric_value(column, v) for v in value)
    return g.numeric_value(column, value)


_FLIPPED = {"gt": "lte", "gte": "lt", "lt": "gte", "lte": "gt", "eq": "ne", "ne": "eq"}


def _emit_numeric(s: _State, i: int, end: int, column: str | None, operator: str, value: Any) -> None:
    """Add ``column operator value`` for tokens ``i`` to ``end``, or ask when it is negated, disjoint or impossible."""
    if column is None:
        return
    g = s.grounding
    phrase = s.text(i, end)
    typed = _typed(g, column, value)
    if _use_negation(s, i):
        if operator == "between":
            below, above = Condition(column, "lt", typed[0]), Condition(column, "gt", typed[1])
            s.ask(Question("conditions", f"'not {phrase}' needs OR, but conditions combine with AND: which side "
                           "did you mean?", (str(below), str(above)), {str(below): (below,), str(above): (above,)}))
            return
        operator = _FLIPPED[operator]
        s.trace.append(f"{phrase!r} is negated")
    previous = [c for _, c in s.conditions if c.column == column]
    if i > 0 and s.tokens[i - 1].text == "or" and previous and s.last_numeric == (column, i - 1):
        second = Condition(column, operator, typed)
        s.ask(Question("conditions", f"'... or {phrase}' on {column!r} needs OR, but conditions combine with AND: "
                       "which one did you mean?", (str(previous[-1]), str(second)),
                       {str(previous[-1]): (previous[-1],), str(second): (second,)}))
        return
    low, high = g.bounds(column)
    lo, hi = (value if operator == "between" else (value, value))
    impossible = {"gt": lo >= high, "gte": lo > high, "lt": hi <= low, "lte": hi < low, "eq": not low <= lo <= high,
                  "between": hi < low or lo > high, "ne": False}[operator]  # fmt: skip
    if impossible:
        s.ask(Question("conditions", f"{phrase!r} on {column!r} is outside the data's range "
                       f"{_fmt(low)} to {_fmt(high)}; what did you mean?", (f"{column} {_fmt(low)}-{_fmt(high)}",)))
        return
    s.add(i, Condition(column, operator, typed), repr(phrase))
    s.last_numeric = (column, end)


# -- category values ----------------------------------------------------------------------------------------------
def _value(s: _State, i: int) -> int | None:
    found = s.grounding.value_at(s.tokens, i)
    if found is None:
        return None
    matches, end = found
    _accept_value(s, i, end, matches)
    return end


def _accept_value(s: _State, i: int, end: int, matches: list[ValueMatch]) -> None:
    columns = list(dict.fromkeys(m.column for m in matches))
    anchor = _anchor_before(s, i)
    if len(columns) > 1 and anchor is not None and anchor.column in columns:
        columns = [anchor.column]
    if len(columns) > 1 and s.last_value is not None and s.last_value[2] >= i - 2 and s.last_value[0] in columns:
        columns = [s.last_value[0]]
    phrase = s.take(i, end)
    if len(columns) > 1:
        choices = {c: (Condition(c, "eq", next(m.value for m in matches if m.column == c)),) for c in columns}
        s.ask(Question("conditions", f"{phrase!r} appears in several columns: {', '.join(columns)}; which one?",
                       tuple(columns), choices))
        return
    column = columns[0]
    negated = _use_negation(s, i)
    if s.last_value is not None and s.last_value[0] == column and s.last_value[2] >= i - 2:
        negated = negated or s.last_value[1]
    for match in (m for m in matches if m.column == column):
        value, flipped = match.value, negated
        if isinstance(value, bool) and negated:
            value, flipped = not value, False
        s.confidence *= match.score
        values = s.values.setdefault((column, flipped), (i, []))[1]
        if value not in values:
            values.append(value)
        how = f"{match.how} {match.score:.2f}" if match.how == "fuzzy" else match.how
        s.trace.append(f"{phrase!r} -> {column} {'!=' if flipped else '='} {value!r} ({how})")
    s.last_value = (column, negated, end)


def _fuzzy_value(s: _State, i: int) -> int | None:
    t = s.tokens
    if t[i].kind != "word" or t[i].text in lx.FILLER or len(t[i].text) < 5:
        return None
    for size in (2, 1):
        window = t[i:i + size]
        if len(window) < size or any(w.kind != "word" or w.text in lx.FILLER for w in window):
            continue
        matches = s.grounding.fuzzy_value(" ".join(w.text for w in window))
        if matches:
            _accept_value(s, i, i + size, matches)
            return i + size
    return None


# -- vague words and column names ---------------------------------------------------------------------------------
def _vague(s: _State, i: int) -> int | None:
    found = _match(s.tokens, i, "vague")
    if found is None:
        return None
    phrase_words, end = found
    concept, direction = lx.VAGUE[phrase_words]
    phrase = s.take(i, end)
    g = s.grounding
    column = g.concept_column(concept)
    if column is None or (column not in g.numeric and column not in g.datetimes):
        s.ask(Question("conditions", f"{phrase!r} is vague and no {concept} column exists; which column and "
                       "threshold did you mean?", tuple(g.nearest_columns(concept))))
        return end
    choices = _thresholds(g, column, direction)
    s.ask(Question("conditions", f"{phrase!r} is vague: which {column} did you mean?", tuple(choices), choices))
    return end


def _thresholds(g: Grounding, column: str, direction: str) -> dict[str, tuple[Condition, ...]]:
    """Concrete readings of a vague word: thresholds at a quarter, half and three quarters of the range."""
    if column in g.datetimes:
        low_text, high_text = str(g.schema[column].minimum)[:4], str(g.schema[column].maximum)[:4]
        year = (int(low_text) + int(high_text)) // 2
        operator = "gte" if direction == "high" else "lt"
        label = f"{column} {'since' if direction == 'high' else 'before'} {year}"
        return {label: (Condition(column, operator, f"{year}-01-01"),)}
    low, high = g.bounds(column)
    points = [low + (high - low) * share for share in (0.25, 0.5, 0.75)]
    rounded = [g.numeric_value(column, float(f"{p:.2g}")) for p in points]
    if direction == "middle":
        return {f"{column} between {_fmt(rounded[0])} and {_fmt(rounded[2])}":
                (Condition(column, "between", (rounded[0], rounded[2])),)}
    operator, word = ("gte", "at least") if direction == "high" else ("lt", "under")
    picks = rounded[1:] if direction == "high" else rounded[:2]
    return {f"{column} {word} {_fmt(p)}": (Condition(column, operator, p),) for p in picks}


def _column(s: _State, i: int) -> int | None:
    """A column name or concept word: remembered as the anchor of a comparative that follows."""
    found = _trigger_at(s, i)
    if found is None:
        fuzzy = s.grounding.fuzzy_column(s.tokens[i].text) if s.tokens[i].text not in lx.FILLER else None
        if fuzzy is None or not _comparative_follows(s, i + 1):
            return None
        s.confidence *= fuzzy[1]
        s.trace.append(f"{s.tokens[i].raw!r} read as column {fuzzy[0]!r} (fuzzy {fuzzy[1]:.2f})")
        found = (fuzzy[0], None, i + 1)
    column, concept, end = found
    s.take(i, end)
    s.anchor = _Anchor(column, concept, end, repr(s.text(i, end)))
    return end


def _comparative_follows(s: _State, j: int) -> bool:
    while j < len(s.tokens) and s.tokens[j].text in _BRIDGE:
        j += 1
    return j < len(s.tokens) and (_match(s.tokens, j, "comparative") is not None or s.tokens[j].text == "between")


# -- what was left over -------------------------------------------------------------------------------------------
def _unknown_things(s: _State) -> None:
    """``customers with pets``: a wanted thing that names no column or value becomes a question."""
    t = s.tokens
    g = s.grounding
    for i in range(len(t)):
        found = _match(t, i, "possession")
        if found is None and not (t[i].text in ("in", "from") and i + 1 < len(t) and t[i + 1].raw[:1].isupper()):
            continue
        j = found[1] if found else i + 1
        while j < len(t) and t[j].text in ("a", "an", "the", "some", "their", "any"):
            j += 1
        if j >= len(t) or s.consumed[j] or t[j].kind != "word" or t[j].text in lx.FILLER:
            continue
        word = t[j].raw
        if found:
            options = [*g.nearest_columns(word), *(f"{m.column}={m.value}" for m in g.nearest_values(word, 2))]
            s.ask(Question("conditions", f"{word!r} is not a column or value in the data; which did you mean?",
                           tuple(dict.fromkeys(options))))
        else:
            options = [f"{m.column}={m.value}" for m in g.nearest_values(word)]
            s.ask(Question("conditions", f"{word!r} is not a value in the data; which did you mean?", tuple(options)))


def _finish(s: _State) -> Interpretation:
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
            questions.append(Question("conditions", "Any specific conditions?", tuple(columns[:5])))
    confidence = s.confidence if not questions else min(s.confidence, 0.5)
    return Interpretation(n_samples=s.count, conditions=conditions, confidence=round(confidence, 3),
                          questions=tuple(questions), trace=tuple(s.trace))


_DEFAULT = RuleBasedParser()


def parse(text: str, schema: Schema | Grounding | None = None) -> Interpretation:
    """Interpret ``text`` against ``schema`` with the shared :class:`RuleBasedParser`."""
    return _DEFAULT.parse(text, schema)

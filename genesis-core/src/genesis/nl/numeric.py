"""Recognisers for numbers: the row count, comparatives, ranges, decades and ``50+``-style bounds.

Each takes the parse state and a token index, and returns the index after what it read (or None). The column
of a bound comes from a name just before it, a unit just after it (``years old``, ``children``), a word for
people (age), or money words with the one money column whose range holds the number; otherwise a question (a range
alone is not a meaning: ``rows under 1000`` is asked about even when only one column reaches 1,000).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from genesis.conditions import Condition
from genesis.nl import lexicon as lx
from genesis.nl.bands import band_of, value_for
from genesis.nl.dates import date_anchor, date_conditions, period_of
from genesis.nl.grounding import Grounding
from genesis.nl.interpretation import Question
from genesis.nl.state import BRIDGE, ParseState, anchor_before, format_number, match_phrase, trigger_at, use_negation
from genesis.nl.tokens import Token
from genesis.schema import ColumnKind

__all__ = ["recognise_comparative", "recognise_count_assignment", "recognise_decade", "recognise_number",
           "recognise_range"]


def recognise_count_assignment(s: ParseState, i: int) -> int | None:
    """``n = 500``, ``count of 500``."""
    t = s.tokens
    if t[i].text in ("n", "count", "rows") and i + 2 < len(t) and t[i + 1].text in ("=", "of", ":") \
            and t[i + 2].is_number:
        _set_count(s, t[i + 2], i, i + 3)
        return i + 3
    return None


def _set_count(s: ParseState, token: Token, start: int, end: int) -> None:
    """Take ``token`` as the row count unless one was read already; remember a count that is not a whole number."""
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


def _in_count_position(s: ParseState, i: int) -> bool:
    """A number right after a request verb or at the start, or followed by a noun that names no column."""
    t = s.tokens
    token = t[i]
    if token.money or token.plus or s.count is not None or not token.is_number:
        return False
    before = [k for k in range(i) if not s.consumed[k]]
    after = t[i + 1] if i + 1 < len(t) else None
    if after is not None and (after.text in ("%", "percent") or match_phrase(t, i + 1, "age_unit")):
        return False
    if after is not None and after.text == "of" and i + 2 < len(t) and t[i + 2].text in ("them", "those", "these"):
        return True
    if not before or t[i - 1].text in lx.COUNT_VERBS or (i >= 2 and t[i - 2].text in lx.COUNT_VERBS and
                                                          t[i - 1].text in ("me", "us", "about", "exactly")):
        return True
    return after is not None and after.kind == "word" and after.text in lx.FILLER and after.text not in BRIDGE


_RANGE_STARTS = {"between": ("and",), "from": ("to", "-"), "aged": ("to", "-", "and"), "ages": ("to", "-", "and"),
                 "age": ("to", "-", "and")}


def recognise_range(s: ParseState, i: int) -> int | None:
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
        column, why = date_anchor(s, i)
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


def _dated(s: ParseState, i: int) -> bool:
    """Whether years at ``i`` are about a date column: one was just named, or the data has dates but no numbers."""
    anchor = anchor_before(s, i)
    if anchor is not None and anchor.concept in ("signup", "birth"):
        return True
    return bool(s.grounding.datetimes) and not any(s.grounding.fits(c, 2000.0) for c in s.grounding.numeric)


#: Nouns after a number that count people: a population or a party size (``3 people``, ``a billion people``).
_HEADCOUNT = frozenset({"people", "persons", "inhabitants", "residents", "guests", "diners", "individuals"})


@dataclass
class _After:
    """What follows a number: a unit naming a concept or a column, money words, and where it ends."""

    index: int
    concept: str | None = None
    column: str | None = None
    money: bool = False


def _units(s: ParseState, j: int) -> _After:
    """What follows a number at ``j``: age units, money words, or a column or concept name."""
    t = s.tokens
    if (found := match_phrase(t, j, "age_unit")) is not None:
        return _After(found[1], concept="age")
    if (found := match_phrase(t, j, "money_unit")) is not None:
        return _After(found[1], money=True)
    if j < len(t) and t[j].text in _HEADCOUNT:
        for counted in ("population", "party"):
            if (headcount := s.grounding.concept_column(counted)) in s.grounding.numeric:
                return _After(j + 1, concept=counted, column=headcount)
    if j < len(t) and (named := trigger_at(s, j)) is not None and not _is_text_column(s.grounding, named[0]):
        column, concept, end = named
        if (rate := match_phrase(t, end, "rate")) is not None:
            end = rate[1]
        return _After(end, concept=concept, column=column)
    return _After(j)


def recognise_comparative(s: ParseState, i: int) -> int | None:
    """``over 50``, ``at least $100k``, ``older than 40``, ``>= 30``."""
    t = s.tokens
    found = match_phrase(t, i, "comparative")
    if found is None:
        return None
    phrase_words, j = found
    if j >= len(t) or not t[j].is_number:
        return None
    operator, concept = lx.COMPARATIVES[phrase_words]
    number = t[j]
    if number.plus and operator == "eq":
        operator = "gte"
    if operator == "gte" and phrase_words == ("over",):
        operator = "over"  # ``>=``, or ``>`` where ``>=`` would keep every row (``capital gain over 0``)
    return _numeric_phrase(s, i, j + 1, operator, float(number.value or 0.0), concept, number.money)


def _numeric_phrase(s: ParseState, i: int, j: int, operator: str | None, value: float, concept: str | None,
                    money: bool) -> int | None:
    """Finish a comparison whose number ends before ``j``: read units, pick the column, emit the condition."""
    after = _units(s, j)
    if operator in (None, "eq"):
        bound = _postfix(s, after.index)
        if bound is not None:
            operator, after.index = bound
    if operator is None:
        if after.concept != "age" and after.column not in s.grounding.numeric and not _named_just_before(s, i):
            return None
        operator = "eq"
    phrase = s.text(i, after.index)
    column = _numeric_column(s, i, phrase, (operator, value), concept or after.concept, after.column,
                             money or after.money)
    s.take(i, after.index)
    _emit_numeric(s, i, after.index, column, operator, value)
    return after.index


def _named_just_before(s: ParseState, i: int) -> bool:
    """A numeric column named right before ``i`` (``parties of 6``, ``age 30``): a bare number is its value."""
    anchor = s.anchor
    return anchor is not None and anchor.column in s.grounding.numeric and anchor.end <= i and \
        all(s.tokens[k].text in ("of", "is", "=", ":", "for", "equal", "exactly") for k in range(anchor.end, i))


def _postfix(s: ParseState, j: int) -> tuple[str, int] | None:
    """``or more``, ``and up``, ``or better`` (a lower bound) or ``or less`` (an upper one) at ``j``."""
    for table, operator in (("upper", "gte"), ("lower", "lte")):
        if (found := match_phrase(s.tokens, j, table)) is not None:
            return operator, found[1]
    return None


def recognise_number(s: ParseState, i: int) -> int | None:
    """A bare number: the count, ``50+``, ``30 or younger``, ``40 years old``; otherwise left alone."""
    t = s.tokens
    token = t[i]
    if not token.is_number:
        return None
    operator = "gte" if token.plus else None
    j = i + 1
    if operator is None and (bound := _postfix(s, j)) is not None:
        operator, j = bound
    if operator is None and _in_count_position(s, i):
        _set_count(s, token, i, i + 1)
        return i + 1
    return _numeric_phrase(s, i, j, operator, float(token.value or 0.0), None, token.money)


def recognise_decade(s: ParseState, i: int) -> int | None:
    """``in their 30s``, ``thirties``, ``30s``: an age range (decades from 1900 are dates)."""
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


def _numeric_column(s: ParseState, i: int, phrase: str, test: tuple[str, Any], concept: str | None,
                    named: str | None, money: bool) -> str | None:
    """Decide the column of a numeric phrase at ``i``; None when a question was asked instead."""
    g = s.grounding
    operator, value = test
    probe = value[0] if operator == "between" else value
    anchor = anchor_before(s, i)
    if named is None and anchor is not None and not _is_text_column(g, anchor.column):
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
        band = value_for(g.schema[named].categories or (), operator, probe) if operator != "between" else None
        if band is not None:
            s.add(i, Condition(named, "eq", band), f"{phrase!r} falls in the band {band!r}")
            return None
        s.ask(Question("conditions", f"Column {named!r} is not numeric; which numeric column did you mean?",
                       tuple(g.numeric)))
        return None
    age = g.concept_column("age")
    person = _person_before(s, i)
    if not money and person is not None and age in g.numeric and g.fits(age, probe):
        s.confidence *= 0.9
        s.trace.append(f"{person!r} ... {s.text(i, min(i + 2, len(s.tokens)))!r} read as an age (people are "
                       "described by their age)")
        return age
    fitting = [c for c in g.numeric if g.fits(c, probe)]
    if i > 0 and s.tokens[i - 1].text in _HAVING and fitting:
        choices = {name: (Condition(name, _resolved(g, name, operator, probe), _typed(g, name, value)),)
                   for name in fitting}
        s.ask(Question("conditions", f"'{s.tokens[i - 1].raw} {phrase}' does not say of what: which column did you "
                       f"mean ({', '.join(fitting)})?", tuple(fitting), choices))
        return None
    if s.last_numeric is not None and s.last_numeric[1] >= i - 1 and g.fits(s.last_numeric[0], probe):
        s.confidence *= 0.95
        return s.last_numeric[0]
    monied = [c for c in (g.concept_column("income"), g.concept_column("spend")) if c in fitting] if money else []
    if len(monied) == 1:
        s.confidence *= 0.85
        s.trace.append(f"{monied[0]!r} is the only money column whose range holds {format_number(probe)}")
        return monied[0]
    fitting = monied or fitting
    if len(fitting) == 1:
        _ask_bare(s, phrase, fitting[0], operator, value)
        return None
    if fitting:
        choices = {name: (Condition(name, _resolved(g, name, operator, probe), _typed(g, name, value)),)
                   for name in fitting}
        s.ask(Question("conditions", f"Which column does {phrase!r} refer to: {', '.join(fitting)}?",
                       tuple(fitting), choices))
    else:
        s.ask(Question("conditions", f"No numeric column has values around {format_number(probe)}; which column did "
                       f"{phrase!r} mean?", tuple(g.numeric)))
    return None


def _ask_bare(s: ParseState, phrase: str, fitting: str, operator: str, value: Any) -> None:
    """Ask about a bare bound that no word ties to a column, although only ``fitting``'s range holds it.

    A range is not a meaning: "under 1000" may be a population or a price the data happens not to reach. The
    options are ``fitting`` first, then every other numeric column where the bound still keeps some rows.
    """
    g = s.grounding
    probe = value[0] if operator == "between" else value
    choices = {name: (Condition(name, _resolved(g, name, operator, probe), _typed(g, name, value)),)
               for name in (fitting, *g.numeric)
               if name == fitting or _keeps_rows(g, name, _resolved(g, name, operator, probe), value)}
    s.ask(Question("conditions", f"No word of {phrase!r} names a column, and a range is not a meaning: only "
                   f"{fitting!r} has values around {format_number(probe)}; which column did you mean?",
                   tuple(choices), choices))


def _keeps_rows(g: Grounding, column: str, operator: str, value: Any) -> bool:
    """Whether ``column operator value`` keeps at least part of the column's observed range."""
    low, high = g.bounds(column)
    lo, hi = (value if operator == "between" else (value, value))
    return {"gt": lo < high, "gte": lo <= high, "lt": hi > low, "lte": hi >= low, "eq": low <= lo <= high,
            "between": hi >= low and lo <= high, "ne": True}[operator]  # fmt: skip


#: Words after which a number describes a thing the rows have, not the person: ``customers with more than 20``.
_HAVING = frozenset({"with", "having", "has", "have", "whose", "where", "own", "owning"})


def _person_before(s: ParseState, i: int) -> str | None:
    """A people noun earlier in the prompt (``users`` in "2K users in Ohio over 35") that a number at ``i`` describes.

    None when a word of possession (``with``, ``whose``) stands between them: then the number is about a thing.
    """
    for k in range(i - 1, -1, -1):
        text = s.tokens[k].text
        if text in _HAVING:
            return None
        if text in lx.PEOPLE or k in s.people:
            return s.tokens[k].raw
    return None


def _is_text_column(g: Grounding, column: str | None) -> bool:
    """A named column no number can describe (``countries with more than a billion people``): not an anchor."""
    if column is None or column in g.numeric:
        return False
    return not any(band_of(value) for value in g.schema[column].categories or ())


def _resolved(g: Grounding, column: str, operator: str, value: float) -> str:
    """``over`` is ``>=``, except at the column's minimum, where ``>=`` keeps every row (``capital gain over 0``)."""
    if operator != "over":
        return operator
    return "gt" if value <= g.bounds(column)[0] else "gte"


def _typed(g: Grounding, column: str, value: Any) -> Any:
    """``value`` (or a pair of values) typed for ``column``."""
    if isinstance(value, tuple):
        return tuple(g.numeric_value(column, v) for v in value)
    return g.numeric_value(column, value)


_FLIPPED = {"gt": "lte", "gte": "lt", "lt": "gte", "lte": "gt", "eq": "ne", "ne": "eq"}


def _emit_numeric(s: ParseState, i: int, end: int, column: str | None, operator: str, value: Any) -> None:
    """Add ``column operator value`` for tokens ``i`` to ``end``, or ask when it is negated, disjoint or impossible."""
    if column is None:
        return
    g = s.grounding
    phrase = s.text(i, end)
    typed = _typed(g, column, value)
    low, high = g.bounds(column)
    operator = _resolved(g, column, operator, value if operator != "between" else value[0])
    if low >= 0 and min(value if operator == "between" else (value,)) < 0:
        s.ask(Question("conditions", f"{phrase!r} has a negative bound, but {column!r} is never negative (from "
                       f"{format_number(low)} to {format_number(high)}); what did you mean?",
                       (f"{column} {format_number(low)}-{format_number(high)}",)))
        return
    if use_negation(s, i):
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
    if not _keeps_rows(g, column, operator, value):
        s.ask(Question("conditions", f"{phrase!r} on {column!r} is outside the data's range "
                       f"{format_number(low)} to {format_number(high)}; what did you mean?",
                       (f"{column} {format_number(low)}-{format_number(high)}",)))
        return
    s.add(i, Condition(column, operator, typed), repr(phrase))
    s.last_numeric = (column, end)

"""Date phrases as conditions: ``after 2020``, ``before March 2019``, ``joined in 2023``, ``born in the 1990s``.

A phrase names a period (a year, a month, a decade) and a relation to it; the conditions use half-open
ranges ``[start, end)`` written as ISO dates, so timestamps inside the last day still count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from genesis.conditions import Condition
from genesis.nl import lexicon as lx
from genesis.nl.interpretation import Question
from genesis.nl.state import ParseState, match_phrase
from genesis.nl.tokens import Token
from genesis.schema import ColumnKind

__all__ = ["RELATIONS", "Period", "date_anchor", "date_conditions", "period_of", "recognise_date"]

#: How a prompt relates a column to a period.
RELATIONS = ("after", "since", "before", "until", "in")

Period = tuple[dt.date, dt.date]


def period_of(year: int, month: int | None = None, *, years: int = 1) -> Period:
    """The half-open period of ``year`` (or of one ``month`` of it, or ``years`` years from it)."""
    if month is not None:
        start = dt.date(year, month, 1)
        end = dt.date(year + month // 12, month % 12 + 1, 1)
        return start, end
    return dt.date(year, 1, 1), dt.date(year + years, 1, 1)


def date_conditions(column: str, relation: str, period: Period, *, year_column: bool = False) -> list[Condition]:
    """Conditions placing ``column`` ``relation`` ``period``; a ``year_column`` holds plain year numbers."""
    start, end = period
    by_relation: dict[str, list[tuple[str, Any]]]
    if year_column:
        first, last = start.year, end.year - 1
        by_relation = {"after": [("gt", last)], "since": [("gte", first)], "before": [("lt", first)],
                       "until": [("lte", last)],
                       "in": [("eq", first)] if first == last else [("between", (first, last))]}  # fmt: skip
    else:
        by_relation = {"after": [("gte", end.isoformat())], "since": [("gte", start.isoformat())],
                       "before": [("lt", start.isoformat())], "until": [("lt", end.isoformat())],
                       "in": [("gte", start.isoformat()), ("lt", end.isoformat())]}  # fmt: skip
    return [Condition(column, operator, value) for operator, value in by_relation[relation]]


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


def date_anchor(s: ParseState, i: int) -> tuple[str | None, str]:
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


def recognise_date(s: ParseState, i: int) -> int | None:
    """``after 2020``, ``in March 2019``, ``joined 2023``, ``in the 1990s``: conditions on a date column."""
    t = s.tokens
    found = match_phrase(t, i, "date")
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
    column, why = date_anchor(s, i)
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

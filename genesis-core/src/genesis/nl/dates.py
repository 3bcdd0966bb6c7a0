"""Date phrases as conditions: ``after 2020``, ``before March 2019``, ``joined in Q3 2022``, ``no later than June
30th, 2020``, ``between March and June 2018``, ``born in the 1990s``, ``since 1980`` on a plain year column.

A phrase names a period (a day, a month, a quarter, a half, a year, a decade) and a relation to it; the
conditions use half-open ranges ``[start, end)`` written as ISO dates, so timestamps inside the last day still
count. A column of year numbers (``year`` from 1952 to 2007) takes the years of the period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from genesis.conditions import Condition
from genesis.nl import lexicon as lx
from genesis.nl.interpretation import Question
from genesis.nl.state import ParseState, anchor_before, match_phrase
from genesis.nl.tokens import Token
from genesis.schema import ColumnKind

__all__ = ["RELATIONS", "Period", "date_anchor", "date_conditions", "period_of", "recognise_date"]

#: How a prompt relates a column to a period.
RELATIONS = ("after", "since", "before", "until", "in")

Period = tuple[dt.date, dt.date]

_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": 4, "1st": 1, "2nd": 2, "3rd": 3,
                  "4th": 4}  # fmt: skip
_HALF_WORDS = {"first": 1, "second": 2, "last": 2, "latter": 2, "1st": 1, "2nd": 2}
_RANGE_JOINERS = ("and", "to", "-", "through", "until", "till", "thru")


def period_of(year: int, month: int | None = None, *, years: int = 1, months: int = 1,
              day: int | None = None) -> Period:
    """The half-open period of ``year`` (or ``months`` months from ``month``, one ``day``, or ``years`` years)."""
    if day is not None and month is not None:
        start = dt.date(year, month, day)
        return start, start + dt.timedelta(days=1)
    if month is not None:
        start = dt.date(year, month, 1)
        last = month + months - 1
        return start, dt.date(year + last // 12, last % 12 + 1, 1)
    return dt.date(year, 1, 1), dt.date(year + years, 1, 1)


def date_conditions(column: str, relation: str, period: Period, *, year_column: bool = False) -> list[Condition]:
    """Conditions placing ``column`` ``relation`` ``period``; a ``year_column`` holds plain year numbers."""
    start, end = period
    by_relation: dict[str, list[tuple[str, Any]]]
    if year_column:
        first, last = start.year, (end - dt.timedelta(days=1)).year
        by_relation = {"after": [("gt", last)], "since": [("gte", first)], "before": [("lt", first)],
                       "until": [("lte", last)],
                       "in": [("eq", first)] if first == last else [("between", (first, last))]}  # fmt: skip
    else:
        by_relation = {"after": [("gte", end.isoformat())], "since": [("gte", start.isoformat())],
                       "before": [("lt", start.isoformat())], "until": [("lt", end.isoformat())],
                       "in": [("gte", start.isoformat()), ("lt", end.isoformat())]}  # fmt: skip
    return [Condition(column, operator, value) for operator, value in by_relation[relation]]


def _year_at(t: Sequence[Token], k: int) -> tuple[int, int] | None:
    """A year at ``k`` (``2019``, ``of 2019``, ``, 2019``): (year, index after)."""
    while k < len(t) and t[k].text in (",", "of", "in"):
        k += 1
    if k < len(t) and t[k].is_year:
        return int(t[k].value or 0), k + 1
    return None


def _day_number(token: Token) -> int | None:
    """A day of the month written ``3``, ``03`` or ``3rd``."""
    if token.kind in ("ordinal", "num") and token.value is not None and token.value.is_integer() \
            and 1 <= token.value <= 31 and not token.scaled and not token.money:
        return int(token.value)
    return None


def _safe_day(year: int, month: int, day: int) -> Period | None:
    try:
        return period_of(year, month, day=day)
    except ValueError:
        return None


def _read_iso(t: Sequence[Token], i: int) -> tuple[Period, int] | None:
    """``2018-06-01``."""
    if i + 4 < len(t) and t[i].is_year and t[i + 1].text == "-" and t[i + 3].text == "-" \
            and t[i + 2].kind == "num" and t[i + 4].kind == "num":
        month, day = int(t[i + 2].value or 0), int(t[i + 4].value or 0)
        if 1 <= month <= 12:
            period = _safe_day(int(t[i].value or 0), month, day)
            return (period, i + 5) if period is not None else None
    return None


def _read_part(t: Sequence[Token], i: int) -> tuple[Period, int] | None:
    """``Q3 2022``, ``H1 2021``, ``the third quarter of 2019``, ``the second half of 2023``."""
    j = i + 1 if i < len(t) and t[i].text == "the" else i
    if j >= len(t):
        return None
    if t[j].kind == "period":
        part, unit, k = int(t[j].value or 0), "quarter" if t[j].text[0] == "q" else "half", j + 1
    elif j + 1 < len(t) and t[j + 1].text in ("quarter", "half"):
        unit = t[j + 1].text
        part = (_ORDINAL_WORDS if unit == "quarter" else _HALF_WORDS).get(t[j].text, 0)
        k = j + 2
    else:
        return None
    if not part or (unit == "half" and part > 2):
        return None
    year = _year_at(t, k)
    if year is None:
        return None
    size = 3 if unit == "quarter" else 6
    return period_of(year[0], (part - 1) * size + 1, months=size), year[1]


def _read_calendar(t: Sequence[Token], i: int) -> tuple[Period, int] | None:
    """``May 3rd, 2018``, ``3 May 2018``, ``the 1st of January 2020``, ``March 2019``, ``2019``, ``the 1990s``."""
    j = i + 1 if i < len(t) and t[i].text == "the" else i
    if j < len(t) and t[j].text == "year":
        j += 1
    if j < len(t) and t[j].kind == "decade" and (t[j].value or 0) >= 1900:
        start = int(t[j].value or 0)
        return period_of(start, years=10), j + 1
    if j >= len(t):
        return None
    month = lx.MONTHS.get(t[j].text)
    if month is not None:
        k = j + 1
        day = _day_number(t[k]) if k < len(t) else None
        if day is not None and not t[k].is_year:
            year = _year_at(t, k + 1)
            if year is not None and (period := _safe_day(year[0], month, day)) is not None:
                return period, year[1]
        year = _year_at(t, k)
        return (period_of(year[0], month), year[1]) if year is not None else None
    day = _day_number(t[j])
    if day is not None and not t[j].is_year:
        k = j + 1 + (j + 1 < len(t) and t[j + 1].text == "of")
        month = lx.MONTHS.get(t[k].text) if k < len(t) else None
        year = _year_at(t, k + 1) if month is not None else None
        if month is not None and year is not None and (period := _safe_day(year[0], month, day)) is not None:
            return period, year[1]
        return None
    if t[j].is_year:
        return period_of(int(t[j].value or 0)), j + 1
    return None


def read_period(t: Sequence[Token], i: int) -> tuple[Period, int] | None:
    """The period a date phrase starting at ``i`` names, and the index after it."""
    return _read_iso(t, i) or _read_part(t, i) or _read_calendar(t, i)


def _month_range(t: Sequence[Token], i: int) -> tuple[Period, int] | None:
    """``March to June 2018``, ``between March and June 2018``: two months sharing the year written last."""
    first = lx.MONTHS.get(t[i].text) if i < len(t) else None
    if first is None or i + 2 >= len(t) or t[i + 1].text not in _RANGE_JOINERS:
        return None
    second = lx.MONTHS.get(t[i + 2].text)
    year = _year_at(t, i + 3) if second is not None else None
    if second is None or year is None or second < first:
        return None
    return (period_of(year[0], first)[0], period_of(year[0], second)[1]), year[1]


def _year_column(s: ParseState, period: Period) -> str | None:
    """An integer column of years (named ``year``, its range meeting ``period``) for a table without dates."""
    g = s.grounding
    first, last = period[0].year, (period[1] - dt.timedelta(days=1)).year
    for name in g.numeric:
        low, high = g.bounds(name)
        if g.kind(name) == ColumnKind.INTEGER and "year" in name.lower() and first <= high and last >= low:
            return name
    return None


def date_anchor(s: ParseState, i: int, period: Period | None = None) -> tuple[str | None, str]:
    """The date column a date phrase at ``i`` refers to, and why."""
    g = s.grounding
    anchor = s.anchor
    if anchor is not None and anchor.end >= i - 2:
        if anchor.column is not None and g.kind(anchor.column) in (ColumnKind.DATETIME, ColumnKind.INTEGER):
            return anchor.column, f"named by {anchor.how}"
        if anchor.column is None and anchor.concept in ("signup", "birth"):
            return None, f"no column for {anchor.how}"
    if len(g.datetimes) == 1:
        s.confidence *= 0.95
        return g.datetimes[0], "the only date column"
    if not g.datetimes and period is not None and (column := _year_column(s, period)) is not None:
        return column, "the column of years"
    return None, ""


def _names_other_number(s: ParseState, i: int) -> bool:
    """Whether a numeric column that is not a date or a year was named just before ``i`` (``income over 2000``)."""
    anchor = anchor_before(s, i)
    return anchor is not None and anchor.column in s.grounding.numeric and "year" not in anchor.column.lower()


def recognise_date(s: ParseState, i: int) -> int | None:
    """``after 2020``, ``in March 2019``, ``joined 2023``, ``on or after May 3rd, 2018``, ``in Q3 2022``."""
    t = s.tokens
    found = match_phrase(t, i, "date")
    between = t[i].text == "between"
    if between:
        relation, start = "in", i + 1
    elif found is not None:
        relation, start = lx.DATE_WORDS[found[0]], found[1]
    elif s.anchor is not None and s.anchor.concept in ("signup", "birth") and s.anchor.end == i:
        relation, start = "in", i
    else:
        return None
    if _names_other_number(s, i):
        return None
    read = _month_range(t, start) or read_period(t, start)
    if read is None:
        return None
    period, end = read
    if (between or t[i].text == "from") and end < len(t) and t[end].text in _RANGE_JOINERS:
        second = read_period(t, end + 1)
        if second is None:
            return None  # "from 2019 to 2021" on a number column is a range of numbers
        period, end, relation = (period[0], second[0][1]), second[1], "in"
    elif between:
        return None
    if (post := match_phrase(t, end, "date_postfix")) is not None:
        relation, end = lx.DATE_POSTFIX[post[0]], post[1]
    column, why = date_anchor(s, i, period)
    phrase = s.take(i, end)
    if column is None:
        options = tuple(s.grounding.datetimes)
        s.ask(Question("conditions", f"Which date does {phrase!r} refer to?", options,
                       {name: tuple(date_conditions(name, relation, period)) for name in options}))
        return end
    year_column = s.grounding.kind(column) == ColumnKind.INTEGER
    for condition in date_conditions(column, relation, period, year_column=year_column):
        s.add(i, condition, f"{phrase!r} ({why})")
    return end

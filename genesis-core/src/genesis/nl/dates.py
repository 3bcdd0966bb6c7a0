"""Date phrases as conditions: ``after 2020``, ``before March 2019``, ``joined in 2023``, ``born in the 1990s``.

A phrase names a period (a year, a month, a decade) and a relation to it; the conditions use half-open
ranges ``[start, end)`` written as ISO dates, so timestamps inside the last day still count.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from genesis.generators.conditional import Condition

__all__ = ["RELATIONS", "Period", "date_conditions", "period_of"]

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

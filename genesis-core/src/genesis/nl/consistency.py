"""Conditions that cannot all hold ("over 60 and under 30", "active churned customers") become a question.

Values of one column joined by ``or`` or a comma are a list (``CA or TX``, ``Ohio, Michigan and Indiana``); joined
by ``and`` or nothing they would all have to hold at once, which one row cannot do, so the reader is asked which
was meant. Bounds whose
range is empty are asked about the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from genesis.generators.conditional import Condition
from genesis.nl.interpretation import Question

__all__ = ["conflicting_values", "empty_ranges"]

_LOWER = {"gt": True, "gte": False}
_UPPER = {"lt": True, "lte": False}


def conflicting_values(column: str, values: Sequence[Any], joins: Iterable[str],
                       excluded: Sequence[Any] = ()) -> Question | None:
    """A question when the values wanted for ``column`` cannot all hold; None when they can.

    ``values`` are wanted (``=``), ``excluded`` unwanted (``!=``); excluded values never conflict among
    themselves ("outside Asia and Africa").
    """
    joins = list(joins)
    if len(values) > 1 and any(join not in ("or", "list") for join in joins) and "list" not in joins:
        choices = {f"{column} = {v}": (Condition(column, "eq", v),) for v in values}
        either = f"{column} in {list(values)}"
        choices[either] = (Condition(column, "in", list(values)),)
        listed = " and ".join(repr(v) for v in values)
        return Question("conditions", f"A row has one {column}, so {listed} cannot all hold: which did you mean?",
                        tuple(choices), choices)
    if values and excluded and set(values) <= set(excluded):
        both = f"{column} = {values[0]!r} and {column} != {values[0]!r}"
        choices = {f"{column} = {v}": (Condition(column, "eq", v),) for v in values}
        choices.update({f"{column} != {v}": (Condition(column, "ne", v),) for v in excluded})
        return Question("conditions", f"{both} contradict each other: which did you mean?", tuple(choices), choices)
    return None


def _bounds(conditions: Sequence[Condition]) -> tuple[Any, bool, Any, bool]:
    low: Any = None
    high: Any = None
    low_strict = high_strict = False
    for c in conditions:
        pairs: list[tuple[str, Any]] = [("gte", c.value[0]), ("lte", c.value[1])] if c.operator == "between" else \
            [("gte", c.value), ("lte", c.value)] if c.operator == "eq" else [(c.operator, c.value)]
        for op, value in pairs:
            if op in _LOWER and (low is None or value > low or (value == low and _LOWER[op])):
                low, low_strict = value, _LOWER[op]
            elif op in _UPPER and (high is None or value < high or (value == high and _UPPER[op])):
                high, high_strict = value, _UPPER[op]
    return low, low_strict, high, high_strict


def empty_ranges(conditions: Sequence[Condition]) -> dict[str, Question]:
    """Per column whose bounds leave no value (``age >= 60 AND age < 30``), the question to ask instead."""
    by_column: dict[str, list[Condition]] = {}
    for c in conditions:
        if c.operator in ("gt", "gte", "lt", "lte", "between") or (c.operator == "eq" and not isinstance(c.value, str)):
            by_column.setdefault(c.column, []).append(c)
    questions: dict[str, Question] = {}
    for column, bounds in by_column.items():
        if len(bounds) < 2:
            continue
        try:
            low, low_strict, high, high_strict = _bounds(bounds)
            empty = low is not None and high is not None and (low > high or (low == high and (low_strict or
                                                                                             high_strict)))
        except TypeError:
            continue
        if empty:
            choices = {str(c): (c,) for c in bounds}
            questions[column] = Question(
                "conditions", f"{' and '.join(map(str, bounds))} cannot both hold: which did you mean?",
                tuple(choices), choices)
    return questions

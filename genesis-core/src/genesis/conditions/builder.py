"""``ConditionBuilder``: the fluent way to write a ``ConditionSet``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from genesis.conditions.condition import Condition
from genesis.conditions.condition_set import ConditionSet
from genesis.errors import ValidationError

__all__ = ["ConditionBuilder"]


class ConditionBuilder:
    """Chain ``where(column)`` with operators; each operator adds one condition on the current column.

    >>> ConditionBuilder().where("age").gte(21).lte(65).where("status").eq("active").build()
    ConditionSet([Condition(column='age', operator='gte', value=21), ...])
    """

    def __init__(self) -> None:
        self._column: str | None = None
        self._conditions: list[Condition] = []

    def where(self, column: str) -> ConditionBuilder:
        """Start conditions on ``column``."""
        self._column = column
        return self

    def _add(self, operator: str, value: Any) -> ConditionBuilder:
        if self._column is None:
            raise ValidationError(f"call where(column) before {operator}(...)")
        self._conditions.append(Condition(self._column, operator, value))
        return self

    def eq(self, value: Any) -> ConditionBuilder:
        """Equals."""
        return self._add("eq", value)

    def ne(self, value: Any) -> ConditionBuilder:
        """Not equals (nulls never match)."""
        return self._add("ne", value)

    def gt(self, value: Any) -> ConditionBuilder:
        """Greater than."""
        return self._add("gt", value)

    def gte(self, value: Any) -> ConditionBuilder:
        """Greater than or equal."""
        return self._add("gte", value)

    def lt(self, value: Any) -> ConditionBuilder:
        """Less than."""
        return self._add("lt", value)

    def lte(self, value: Any) -> ConditionBuilder:
        """Less than or equal."""
        return self._add("lte", value)

    def in_(self, values: Iterable[Any]) -> ConditionBuilder:
        """In a list of values."""
        return self._add("in", values)

    def not_in(self, values: Iterable[Any]) -> ConditionBuilder:
        """Not in a list of values."""
        return self._add("not_in", values)

    def between(self, min: Any, max: Any) -> ConditionBuilder:
        """Inclusive range ``min <= value <= max``."""
        return self._add("between", (min, max))

    def like(self, pattern: str, *, case_sensitive: bool = True) -> ConditionBuilder:
        """SQL LIKE: ``%`` any run, ``_`` one character, ``\\`` escapes."""
        return self._add("like" if case_sensitive else "ilike", pattern)

    def build(self) -> ConditionSet:
        """The conditions added so far, as a new set."""
        return ConditionSet(self._conditions)

"""``ConditionSet``: conditions combined with AND, and the dictionary forms users write them in."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import numpy as np
import pandas as pd

from genesis.conditions.condition import Condition, json_value
from genesis.conditions.operators import is_operator
from genesis.errors import ValidationError

__all__ = ["ConditionSet", "as_condition_set"]


def _is_pair(spec: Any) -> bool:
    """``(">=", 21)`` or ``["in", [...]]``: an operator followed by its value."""
    return isinstance(spec, list | tuple) and len(spec) == 2 and is_operator(spec[0])


def _parse_column(column: str, spec: Any) -> list[Condition]:
    """Conditions for one key of the dictionary form."""
    if _is_pair(spec):
        return [Condition(column, spec[0], spec[1])]
    if isinstance(spec, list | tuple):
        if spec and all(_is_pair(item) for item in spec):
            return [Condition(column, op, value) for op, value in spec]
        raise ValidationError(
            f"cannot read the condition on '{column}': {spec!r}; write a value (equality), [operator, value], "
            f'a list of [operator, value] pairs, or ["in", [...]] for a list of values'
        )
    if isinstance(spec, Mapping):
        raise ValidationError(f"cannot read the condition on '{column}': {spec!r} (a mapping is not a value)")
    return [Condition(column, "eq", spec)]


class ConditionSet:
    """Conditions applied together (AND). ``ConditionSet([Condition("age", ">=", 21)])``."""

    def __init__(self, conditions: Iterable[Condition] | None = None) -> None:
        self.conditions: list[Condition] = []
        for condition in conditions or ():
            self.add(condition)

    def add(self, condition: Condition) -> None:
        """Add a condition."""
        if not isinstance(condition, Condition):
            raise ValidationError(f"ConditionSet.add needs a Condition, got {type(condition).__name__}")
        self.conditions.append(condition)

    @property
    def columns(self) -> list[str]:
        """The conditioned columns, each once, in first-use order."""
        return list(dict.fromkeys(c.column for c in self.conditions))

    def mask(self, df: pd.DataFrame) -> np.ndarray:
        """Boolean array: which rows of ``df`` satisfy every condition (an empty set keeps all rows)."""
        keep = np.ones(len(df), dtype=bool)
        for condition in self.conditions:
            keep &= condition.mask(df)
        return keep

    def apply(self, df: pd.DataFrame) -> pd.DataFrame:
        """The rows of ``df`` that satisfy every condition."""
        return df[self.mask(df)]

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe ``{column: [operator, value]}``; a column with several conditions maps to a list of pairs."""
        grouped: dict[str, list[list[Any]]] = {}
        for c in self.conditions:
            grouped.setdefault(c.column, []).append([c.operator, json_value(c.value)])
        return {column: pairs[0] if len(pairs) == 1 else pairs for column, pairs in grouped.items()}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ConditionSet:
        """Read ``{"age": 30}``, ``{"age": (">=", 21)}``, ``{"age": ["between", [18, 65]]}``,
        ``{"country": ("in", ["US", "UK"])}`` or ``{"age": [["gte", 21], ["lte", 65]]}``."""
        if not isinstance(d, Mapping):
            raise ValidationError(f"conditions must be a mapping of column to condition, got {type(d).__name__}")
        conditions: list[Condition] = []
        for column, spec in d.items():
            conditions.extend(_parse_column(column, spec))
        return cls(conditions)

    def __iter__(self) -> Iterator[Condition]:
        return iter(self.conditions)

    def __len__(self) -> int:
        return len(self.conditions)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ConditionSet):
            return NotImplemented
        return Counter(self.conditions) == Counter(other.conditions)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ConditionSet({self.conditions!r})"

    def __str__(self) -> str:
        return " AND ".join(map(str, self.conditions)) or "(no conditions)"


def as_condition_set(
    conditions: ConditionSet | Condition | Mapping[str, Any] | Iterable[Condition] | None,
) -> ConditionSet:
    """Accept every way callers pass conditions (a set, one condition, the dict form, a list, None)."""
    if conditions is None:
        return ConditionSet()
    if isinstance(conditions, ConditionSet):
        return conditions
    if isinstance(conditions, Condition):
        return ConditionSet([conditions])
    if isinstance(conditions, Mapping):
        return ConditionSet.from_dict(conditions)
    if isinstance(conditions, Iterable) and not isinstance(conditions, str | bytes):
        return ConditionSet(conditions)
    raise ValidationError(f"cannot read conditions from {type(conditions).__name__} {conditions!r}")

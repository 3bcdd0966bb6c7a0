"""Conditions checked against a model's schema before anything is drawn: unknown columns and values named,
with the closest known spelling ("did you mean 'Female'?")."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from genesis.conditions import Condition, ConditionSet
from genesis.errors import ValidationError
from genesis.schema import ColumnKind, Scalar, Schema

__all__ = ["check_conditions", "closest"]

_VALUE_OPERATORS = frozenset({"eq", "ne", "in", "not_in"})
_CATEGORY_KINDS = frozenset({ColumnKind.CATEGORICAL, ColumnKind.BOOLEAN, ColumnKind.CONSTANT})


def closest(value: str, known: Iterable[object], *, limit: int = 3) -> list[str]:
    """The known spellings closest to ``value``: a case-insensitive equal if there is one, else similar strings."""
    texts = [str(k) for k in known]
    same = [t for t in texts if t.casefold() == value.casefold()]
    if same:
        return same[:limit]
    folded = {t.casefold(): t for t in texts}
    return [folded[m] for m in difflib.get_close_matches(value.casefold(), list(folded), n=limit, cutoff=0.6)]


def _suggestion(options: list[str]) -> str:
    return f"; did you mean {' or '.join(repr(o) for o in options)}?" if options else ""


def _check_values(condition: Condition, categories: list[Scalar]) -> None:
    values = condition.value if condition.operator in ("in", "not_in") else [condition.value]
    known = set(categories)
    for value in values:
        if value in known or (isinstance(value, int | float) and any(value == c for c in categories)):
            continue
        shown = ", ".join(repr(c) for c in categories[:12]) + (", ..." if len(categories) > 12 else "")
        hint = _suggestion(closest(str(value), categories))
        raise ValidationError(f"column '{condition.column}' has no value {value!r} (known: {shown}){hint}")


def check_conditions(conditions: ConditionSet, schema: Schema) -> None:
    """Raise :class:`ValidationError` for a condition on an unknown column or an unknown category value."""
    for condition in conditions:
        if condition.column not in schema:
            hint = _suggestion(closest(condition.column, schema.names))
            raise ValidationError(f"conditions name an unknown column '{condition.column}'{hint} "
                                  f"(columns: {', '.join(schema.names)})")
        column = schema[condition.column]
        if column.kind in _CATEGORY_KINDS and condition.operator in _VALUE_OPERATORS and column.categories:
            _check_values(condition, list(column.categories))

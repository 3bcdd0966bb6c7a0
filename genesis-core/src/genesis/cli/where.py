"""The textual form of conditions on the command line: ``--where "age>=50"``.

Forms: ``col OP value`` with OP one of ``== = != > >= < <=``; ``col in a,b,c``; ``col not in a,b``;
``col between LOW and HIGH``; ``col like PATTERN``. Numbers, ``true``/``false`` and quoted text are typed;
anything else is text. Several ``--where`` options are combined with AND.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from genesis.errors import ValidationError

__all__ = ["parse_where"]

_COMPARISON = re.compile(r"^\s*(?P<column>.+?)\s*(?P<op>==|!=|>=|<=|=|>|<)\s*(?P<value>.+?)\s*$")
_KEYWORD = re.compile(
    r"^\s*(?P<column>.+?)\s+(?P<op>not\s+in|in|between|like)\s+(?P<value>.+?)\s*$", flags=re.IGNORECASE
)
_OPERATORS = {"==": "eq", "=": "eq", "!=": "ne", ">": "gt", ">=": "gte", "<": "lt", "<=": "lte"}


def _typed(text: str) -> Any:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    if text.lower() in {"true", "false"}:
        return text.lower() == "true"
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            continue
    return text


def _one(expression: str) -> tuple[str, str, Any]:
    if match := _KEYWORD.match(expression):
        column, op, value = match["column"], " ".join(match["op"].lower().split()), match["value"]
        if op == "between":
            bounds = re.split(r"\s+and\s+", value, flags=re.IGNORECASE)
            if len(bounds) != 2:
                raise ValidationError(f"--where {expression!r}: write 'COLUMN between LOW and HIGH'")
            return column, "between", [_typed(bounds[0]), _typed(bounds[1])]
        if op in {"in", "not in"}:
            return column, op.replace(" ", "_"), [_typed(item) for item in value.split(",") if item.strip()]
        return column, "like", value.strip().strip("'\"")
    if (match := _COMPARISON.match(expression)) and match["value"][0] not in "<>=!":
        return match["column"], _OPERATORS[match["op"]], _typed(match["value"])
    raise ValidationError(f"--where {expression!r} is not a condition; e.g. 'age>=50', 'state in CA,NY'")


def parse_where(expressions: Iterable[str]) -> Any:
    """A ``ConditionSet`` of every expression (AND), or ``None`` when there is none."""
    parsed = [_one(expression) for expression in expressions]
    if not parsed:
        return None
    from genesis.conditions import Condition, ConditionSet

    return ConditionSet([Condition(column.strip(), op, value) for column, op, value in parsed])

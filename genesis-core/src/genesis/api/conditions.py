"""Conditions as the API reference writes them: ``{"age": [">=", 50], "state": "California"}``.

This is the ``ConditionSet.from_dict`` dialect with symbols for comparisons and bare values for equality,
so ``ConditionSet.from_dict(reference_form(cs)) == cs`` always holds.
"""

from __future__ import annotations

from typing import Any

from genesis.conditions import ConditionSet

__all__ = ["reference_form"]

_SYMBOLS = {"eq": "==", "ne": "!=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


def reference_form(conditions: ConditionSet) -> dict[str, Any]:
    """``conditions.to_dict()`` with ``>=``-style operators and a lone equality written as its bare value."""
    out: dict[str, Any] = {}
    for column, spec in conditions.to_dict().items():
        pairs = spec if isinstance(spec[0], list) else [spec]
        rendered = [[_SYMBOLS.get(operator, operator), value] for operator, value in pairs]
        if len(rendered) == 1 and pairs[0][0] == "eq":
            out[column] = pairs[0][1]
        else:
            out[column] = rendered[0] if len(rendered) == 1 else rendered
    return out

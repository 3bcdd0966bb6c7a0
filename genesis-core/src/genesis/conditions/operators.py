"""The condition dialect's operators: canonical names, accepted aliases and SQL LIKE translation.

One grammar serves every caller (``generate(conditions=...)``, streaming, the REST API, the NL
parser), so aliases are normalised here and nowhere else.
"""

from __future__ import annotations

import re

from genesis.errors import ValidationError

__all__ = [
    "COMPARISON_OPERATORS",
    "LIST_OPERATORS",
    "OPERATORS",
    "is_operator",
    "like_to_regex",
    "normalize_operator",
]

#: Operators comparing the column with one scalar.
COMPARISON_OPERATORS = frozenset({"eq", "ne", "gt", "gte", "lt", "lte"})
#: Operators whose value is a list of scalars.
LIST_OPERATORS = frozenset({"in", "not_in"})
#: Every canonical operator; ``ilike`` is the case-insensitive ``like``.
OPERATORS = frozenset(COMPARISON_OPERATORS | LIST_OPERATORS | {"between", "like", "ilike"})

_ALIASES = {
    "==": "eq", "=": "eq", "!=": "ne", "<>": "ne", ">": "gt", ">=": "gte", "ge": "gte",
    "<": "lt", "<=": "lte", "le": "lte", "not in": "not_in", "notin": "not_in", "nin": "not_in",
}  # fmt: skip


def normalize_operator(operator: object) -> str:
    """Return the canonical name of ``operator`` (``">="`` and ``"ge"`` become ``"gte"``)."""
    if not isinstance(operator, str):
        raise ValidationError(f"operator must be a string, got {operator!r}")
    key = operator.strip().lower()
    canonical = _ALIASES.get(key, key)
    if canonical not in OPERATORS:
        known = ", ".join(sorted(OPERATORS))
        raise ValidationError(f"unknown operator {operator!r} (known: {known}; aliases: {', '.join(_ALIASES)})")
    return canonical


def is_operator(token: object) -> bool:
    """Whether ``token`` names an operator or an alias (used to tell ``["in", [...]]`` from a value)."""
    return isinstance(token, str) and _ALIASES.get(token.strip().lower(), token.strip().lower()) in OPERATORS


def like_to_regex(pattern: str, *, case_sensitive: bool = True) -> re.Pattern[str]:
    """Compile a SQL LIKE pattern: ``%`` is any run, ``_`` one character, ``\\`` escapes the next character.

    Every other character is matched literally, so regex metacharacters in the pattern never act as regex.
    """
    if not isinstance(pattern, str):
        raise ValidationError(f"a LIKE pattern must be a string, got {pattern!r}")
    parts: list[str] = []
    chars = iter(pattern)
    for char in chars:
        if char == "\\":
            escaped = next(chars, None)
            if escaped is None:
                raise ValidationError(f"LIKE pattern {pattern!r} ends with a lone escape character '\\'")
            parts.append(re.escape(escaped))
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    flags = re.DOTALL | (0 if case_sensitive else re.IGNORECASE)
    return re.compile("".join(parts), flags)

"""Parsing JSON from the network: bounded nesting, bounded numbers, one error type.

``json.loads`` of a message nested 20,000 deep raises :class:`RecursionError`, a 5,000-digit integer a bare
:class:`ValueError`, invalid UTF-8 a :class:`UnicodeDecodeError`; a message nested "only" 900 deep parses but
makes every recursive consumer after it fail. :func:`parse_json` turns all of these into one
:class:`JSONInputError` and refuses nesting beyond ``max_depth``, so servers answer them as bad input (REST 400,
WebSocket ``bad_json``) instead of logging tracebacks.
"""

from __future__ import annotations

import json

from genesis.errors import ValidationError

__all__ = ["MAX_JSON_DEPTH", "JSONInputError", "parse_json"]

#: Deepest nesting of arrays and objects accepted; Genesis requests need 4.
MAX_JSON_DEPTH = 32


class JSONInputError(ValidationError):
    """A message is not JSON Genesis accepts (malformed, not UTF-8, too deep, or a number out of range)."""


def _reject_constant(name: str) -> float:
    raise JSONInputError(f"{name} is not a JSON number")


def _depth(value: object, limit: int) -> int:
    """Nesting depth of parsed JSON, found without recursion; stops counting once ``limit`` is passed."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if deepest > limit:
                return deepest
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def parse_json(raw: str | bytes, *, max_depth: int = MAX_JSON_DEPTH) -> object:
    """Parse one JSON document (UTF-8 if bytes); raise :class:`JSONInputError` saying what is wrong."""
    try:
        value = json.loads(raw, parse_constant=_reject_constant)
    except UnicodeDecodeError:
        raise JSONInputError("message is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise JSONInputError(f"message is not valid JSON: {error}") from None
    except RecursionError:
        raise JSONInputError(f"message is nested deeper than {max_depth} levels") from None
    except JSONInputError:
        raise
    except ValueError as error:  # an integer beyond Python's digit limit
        raise JSONInputError(f"message holds a number out of range: {error}") from None
    if _depth(value, max_depth) > max_depth:
        raise JSONInputError(f"message is nested deeper than {max_depth} levels")
    return value

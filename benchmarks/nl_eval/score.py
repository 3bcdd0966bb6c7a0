"""Score a parser on the evaluation set: interpretations compared by meaning, each case given one outcome.

Outcomes: ``exact`` (the interpretation a person means, or a question where a person wants one),
``false_clarification`` (a clear prompt answered with a question or an error), ``silent`` (a wrong answer
given without a question and without listing any word as ignored), ``flagged`` (wrong, but the parser said
which words it ignored, so the user can see it).
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from genesis.errors import GenesisError
from genesis.generators.conditional import ConditionSet
from genesis.schema import ColumnKind, Schema

__all__ = ["CaseResult", "Constraint", "load_cases", "run_case"]

HERE = Path(__file__).parent
_DAY = pd.Timedelta(days=1)


def load_cases(tables: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Every case of the ``*.jsonl`` files (only those of ``tables`` when given), in file order."""
    cases: list[dict[str, Any]] = []
    for path in sorted(HERE.glob("*.jsonl")):
        if tables is None or path.stem in tables:
            cases.extend(json.loads(line) for line in path.read_text().splitlines() if line.strip())
    return cases


@dataclass
class Constraint:
    """What one column is allowed to be: a set of values and/or an interval, minus excluded values."""

    allowed: frozenset[Any] | None = None
    excluded: frozenset[Any] = frozenset()
    low: Any = None
    low_inclusive: bool = True
    high: Any = None
    high_inclusive: bool = True

    def key(self) -> tuple[Any, ...]:
        allowed = self.allowed
        excluded = self.excluded
        if allowed is not None:
            allowed, excluded = allowed - excluded, frozenset()
        return (allowed, excluded, _rounded(self.low), self.low_inclusive, _rounded(self.high), self.high_inclusive)


def _rounded(value: Any) -> Any:
    return round(value, 9) if isinstance(value, float) and math.isfinite(value) else value


def _value(kind: ColumnKind | None, value: Any) -> Any:
    if kind is ColumnKind.DATETIME:
        return pd.Timestamp(value).normalize()
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and kind in (ColumnKind.INTEGER, ColumnKind.CONTINUOUS):
        return float(value)
    return value


def _tighten_low(c: Constraint, value: Any, inclusive: bool) -> None:
    if c.low is None or value > c.low or (value == c.low and not inclusive):
        c.low, c.low_inclusive = value, inclusive


def _tighten_high(c: Constraint, value: Any, inclusive: bool) -> None:
    if c.high is None or value < c.high or (value == c.high and not inclusive):
        c.high, c.high_inclusive = value, inclusive


def _normalise_bounds(c: Constraint, kind: ColumnKind | None, loose: bool) -> None:
    """Integer and day-resolution columns: strict bounds become inclusive ones; ``loose``: strictness ignored."""
    if loose:
        c.low_inclusive = c.high_inclusive = True
    if kind is ColumnKind.INTEGER:
        if c.low is not None:
            c.low = float(
                math.floor(c.low) + 1 if not c.low_inclusive and c.low == math.floor(c.low) else math.ceil(c.low)
            )
            c.low_inclusive = True
        if c.high is not None:
            c.high = float(
                math.ceil(c.high) - 1 if not c.high_inclusive and c.high == math.ceil(c.high) else math.floor(c.high)
            )
            c.high_inclusive = True
    elif kind is ColumnKind.DATETIME:
        if c.low is not None and not c.low_inclusive:
            c.low, c.low_inclusive = c.low + _DAY, True
        if c.high is not None and not c.high_inclusive:
            c.high, c.high_inclusive = c.high - _DAY, True
    if (
        c.allowed is not None
        and len(c.allowed) == 1
        and kind in (ColumnKind.INTEGER, ColumnKind.CONTINUOUS, ColumnKind.DATETIME)
    ):
        (point,) = c.allowed
        if not isinstance(point, bool):
            c.allowed, c.low, c.high, c.low_inclusive, c.high_inclusive = None, point, point, True, True


def canonical(conditions: ConditionSet, schema: Schema, loose: Iterable[str] = ()) -> dict[str, tuple[Any, ...]]:
    """``{column: Constraint.key()}``: equal keys mean the same rows are allowed."""
    by_column: dict[str, Constraint] = {}
    for cond in conditions:
        kind = schema.columns[cond.column].kind if cond.column in schema.columns else None
        c = by_column.setdefault(cond.column, Constraint())
        op, value = cond.operator, cond.value
        if op in ("eq", "in"):
            values = frozenset(_value(kind, v) for v in (value if op == "in" else [value]))
            c.allowed = values if c.allowed is None else c.allowed & values
        elif op in ("ne", "not_in"):
            c.excluded |= frozenset(_value(kind, v) for v in (value if op == "not_in" else [value]))
        elif op == "between":
            _tighten_low(c, _value(kind, value[0]), True)
            _tighten_high(c, _value(kind, value[1]), True)
        elif op in ("gt", "gte"):
            _tighten_low(c, _value(kind, value), op == "gte")
        elif op in ("lt", "lte"):
            _tighten_high(c, _value(kind, value), op == "lte")
        else:
            c.allowed = frozenset({(op, str(value))})
    loose = set(loose)
    for column, c in by_column.items():
        kind = schema.columns[column].kind if column in schema.columns else None
        _normalise_bounds(c, kind, column in loose)
    return {column: c.key() for column, c in by_column.items()}


@dataclass
class CaseResult:
    """One case's outcome and what the parser made of it."""

    case: dict[str, Any]
    outcome: str
    millis: float
    got: dict[str, Any] = field(default_factory=dict)


def _asked(interpretation: Any, field_name: str) -> bool:
    return any(q.field == field_name for q in interpretation.questions)


def run_case(parser: Any, case: Mapping[str, Any], schema: Schema) -> CaseResult:
    """Parse ``case["prompt"]`` against ``schema`` and classify the result."""
    expect = case["expect"]
    start = time.perf_counter()
    try:
        interpretation = parser.parse(case["prompt"], schema)
    except GenesisError as exc:
        millis = (time.perf_counter() - start) * 1000
        outcome = "exact" if "clarify" in expect else "false_clarification"
        return CaseResult(dict(case), outcome, millis, {"error": str(exc)})
    millis = (time.perf_counter() - start) * 1000
    ignored = tuple(getattr(interpretation, "ignored", ()))
    got = {**interpretation.to_dict(), "ignored": list(ignored)}
    got.pop("trace", None)
    asked = interpretation.needs_clarification
    if "clarify" in expect:
        if asked and _asked(interpretation, expect["clarify"]):
            return CaseResult(dict(case), "exact", millis, got)
        if asked:
            return CaseResult(dict(case), "flagged", millis, got)
        return CaseResult(dict(case), "flagged" if ignored else "silent", millis, got)
    unmet = [w.lower() for w in case.get("unmet", ())]
    if asked and not unmet:
        return CaseResult(dict(case), "false_clarification", millis, got)
    expected = ConditionSet.from_dict(expect["conditions"])
    want = canonical(expected, schema, case.get("loose", ()))
    have = canonical(interpretation.conditions, schema, case.get("loose", ()))
    said = " ".join(ignored).lower() + " " + " ".join(q.question for q in interpretation.questions).lower()
    unmet_ok = all(word in said for word in unmet)
    if asked and unmet_ok:
        return CaseResult(dict(case), "exact", millis, got)
    if interpretation.n_samples == expect["n_samples"] and want == have and unmet_ok:
        return CaseResult(dict(case), "exact", millis, got)
    return CaseResult(dict(case), "flagged" if ignored or asked else "silent", millis, got)

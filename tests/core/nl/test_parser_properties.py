"""Properties of the parser: counts and thresholds round-trip, and nothing ungrounded ever comes out."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from genesis.conditions import Condition
from genesis.nl import parse
from genesis.nl.lexicon import COMPARATIVES
from genesis.schema import ColumnKind, Schema

FAST = settings(max_examples=60, deadline=None)

_WORDS = [
    "generate", "customers", "over", "under", "between", "and", "or", "not", "in", "with", "income", "age", "aged",
    "California", "CA", "NY", "Texas", "premium", "non-premium", "churned", "women", "men", "smokers", "after",
    "before", "joined", "signed", "up", "March", "2020", "50", "1k", "$100k+", "30s", "their", "at", "least", "-",
    "rich", "young", "pets", "children", "years", "old", "a", "thousand", "fifty", "+", ",", "between", "to",
    "Califrnia", "exactly", "n", "=", "of", "them", "more", "than", "no", "1990s", "the", ">=", "<", "%",
]  # fmt: skip
_OPERATORS = {words: op for words, (op, hint) in COMPARATIVES.items()
              if hint is None and op in ("gt", "gte", "lt", "lte") and words[0].isalpha()}  # fmt: skip


def _grounded(schema: Schema, condition: Condition) -> bool:
    """The condition names a schema column and, for categories, only the column's own values."""
    if condition.column not in schema:
        return False
    column = schema[condition.column]
    values = condition.value if condition.operator in ("in", "not_in", "between") else (condition.value,)
    if column.kind in (ColumnKind.CATEGORICAL, ColumnKind.BOOLEAN):
        return all(v in (column.categories or []) for v in values)
    if column.kind == ColumnKind.DATETIME:
        return all(isinstance(v, str) and dt.date.fromisoformat(v) for v in values)
    return all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


@FAST
@given(n=st.integers(1, 10**8), grouped=st.booleans())
def test_any_count_round_trips(schema: Schema, n: int, grouped: bool) -> None:
    text = f"{n:,}" if grouped else str(n)
    interpretation = parse(f"Generate {text} customers", schema)
    assert interpretation.n_samples == n and len(interpretation.conditions) == 0


@FAST
@given(thousands=st.integers(1, 999), half=st.booleans())
def test_k_suffixed_counts(schema: Schema, thousands: int, half: bool) -> None:
    text = f"{thousands}.5k" if half else f"{thousands}k"
    assert parse(f"{text} rows", schema).n_samples == thousands * 1000 + (500 if half else 0)


@FAST
@given(words=st.sampled_from(sorted(_OPERATORS)), value=st.integers(19, 89))
def test_age_thresholds_round_trip(schema: Schema, words: tuple[str, ...], value: int) -> None:
    interpretation = parse(f"Generate 100 customers with age {' '.join(words)} {value}", schema)
    assert interpretation.conditions.to_dict() == {"age": [_OPERATORS[words], value]}


@FAST
@given(low=st.integers(18, 90), high=st.integers(18, 90), form=st.sampled_from(["between {} and {}", "aged {}-{}"]))
def test_age_ranges_are_ordered(schema: Schema, low: int, high: int, form: str) -> None:
    interpretation = parse(f"300 customers {form.format(low, high)}", schema)
    assert interpretation.conditions.to_dict() == {"age": ["between", [min(low, high), max(low, high)]]}


@FAST
@given(text=st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=200))
def test_arbitrary_text_never_crashes_nor_emits_ungrounded_conditions(schema: Schema, text: str) -> None:
    if not text.strip():
        return
    interpretation = parse(text, schema)
    assert all(_grounded(schema, c) for c in interpretation.conditions)
    assert interpretation.n_samples is None or interpretation.n_samples >= 1
    assert 0.0 <= interpretation.confidence <= 1.0


@settings(max_examples=150, deadline=None)
@given(words=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=14))
def test_prompt_shaped_word_salad_is_deterministic_and_grounded(schema: Schema, words: list[str]) -> None:
    text = " ".join(words)
    first, second = parse(text, schema), parse(text, schema)
    assert first == second
    assert all(_grounded(schema, c) for c in first.conditions)
    assert first.needs_clarification == bool(first.questions)
    assert all(q.field in ("n_samples", "conditions") and q.question for q in first.questions)

"""The condition dialect: construction, dictionary forms, evaluation semantics and errors."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genesis.conditions import Condition, ConditionBuilder, ConditionSet, as_condition_set
from genesis.errors import ValidationError

# ------------------------------------------------------------------ a pure-Python oracle of the semantics


def like_oracle(pattern: str, text: str, case_sensitive: bool = True) -> bool:
    """SQL LIKE by dynamic programming over tokens; no regex involved."""
    tokens: list[tuple[str, str]] = []
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\":
            tokens.append(("lit", pattern[i + 1]))
            i += 2
        else:
            tokens.append(("any" if pattern[i] == "%" else "one" if pattern[i] == "_" else "lit", pattern[i]))
            i += 1
    if not case_sensitive:
        text = text.lower()
        tokens = [(kind, ch.lower()) for kind, ch in tokens]
    reachable = {0}
    for kind, ch in tokens:
        nxt: set[int] = set()
        for pos in reachable:
            if kind == "any":
                nxt.update(range(pos, len(text) + 1))
            elif pos < len(text) and (kind == "one" or text[pos] == ch):
                nxt.add(pos + 1)
        reachable = nxt
    return len(text) in reachable


def row_oracle(value: object, op: str, target: object) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return {
        "eq": lambda: value == target,
        "ne": lambda: value != target,
        "gt": lambda: value > target,
        "gte": lambda: value >= target,
        "lt": lambda: value < target,
        "lte": lambda: value <= target,
        "in": lambda: value in target,
        "not_in": lambda: value not in target,
        "between": lambda: target[0] <= value <= target[1],
        "like": lambda: like_oracle(target, value),
        "ilike": lambda: like_oracle(target, value, case_sensitive=False),
    }[op]()


# ------------------------------------------------------------------ strategies

NUMBERS = st.integers(-5, 5)
WORDS = st.sampled_from(["a", "b", "ab", "A.b", "a%", "x_y", "", "B"])
NUMERIC_OPS = ["eq", "ne", "gt", "gte", "lt", "lte", "in", "not_in", "between"]


@st.composite
def frames(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(0, 12))
    nums = draw(st.lists(st.one_of(NUMBERS.map(float), st.just(math.nan)), min_size=n, max_size=n))
    words = draw(st.lists(st.one_of(WORDS, st.none()), min_size=n, max_size=n))
    return pd.DataFrame({"num": pd.Series(nums, dtype=float), "word": pd.Series(words, dtype="str")})


def _value(draw: st.DrawFn, op: str, scalars: st.SearchStrategy) -> object:
    if op in ("in", "not_in"):
        return draw(st.lists(scalars, min_size=1, max_size=3))
    if op == "between":
        low, high = sorted(draw(st.lists(scalars, min_size=2, max_size=2)))
        return [low, high]
    return draw(scalars)


@st.composite
def conditions(draw: st.DrawFn) -> Condition:
    if draw(st.booleans()):
        op = draw(st.sampled_from(NUMERIC_OPS))
        return Condition("num", op, _value(draw, op, NUMBERS))
    op = draw(st.sampled_from([*NUMERIC_OPS, "like", "ilike"]))
    scalars = st.sampled_from(["a", "%", "a%", "_b", "A.%", "\\%", "x\\_y", "%B"]) if "like" in op else WORDS
    return Condition("word", op, _value(draw, op, scalars))


condition_sets = st.lists(conditions(), max_size=4).map(ConditionSet)


# ------------------------------------------------------------------ properties


@settings(max_examples=150, deadline=None)
@given(frames(), condition_sets)
def test_mask_matches_the_row_by_row_semantics(df: pd.DataFrame, cs: ConditionSet) -> None:
    expected = [
        all(row_oracle(None if pd.isna(row[c.column]) else row[c.column], c.operator, c.value) for c in cs)
        for _, row in df.iterrows()
    ]
    assert cs.mask(df).tolist() == expected
    assert cs.apply(df).equals(df[np.array(expected, dtype=bool)])


@settings(max_examples=100, deadline=None)
@given(condition_sets)
def test_to_dict_is_json_safe_and_round_trips(cs: ConditionSet) -> None:
    data = cs.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert ConditionSet.from_dict(json.loads(json.dumps(data))) == cs
    for condition in cs:
        assert Condition.from_dict(json.loads(json.dumps(condition.to_dict()))) == condition


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="ab.*+?()[]|^$%_\\", max_size=6), st.text(alphabet="ab.*+?()[]|^$%_\\", max_size=6))
def test_like_is_never_an_unescaped_regex(pattern: str, text: str) -> None:
    if re.search(r"(?<!\\)(\\\\)*\\$", pattern):  # a lone trailing escape is rejected
        with pytest.raises(ValidationError, match="escape"):
            Condition("word", "like", pattern).mask(pd.DataFrame({"word": [text]}))
        return
    df = pd.DataFrame({"word": [text]})
    assert bool(Condition("word", "like", pattern).mask(df)[0]) == like_oracle(pattern, text)


# ------------------------------------------------------------------ documented examples


def test_builder_example_from_the_reference() -> None:
    built = ConditionBuilder().where("age").gte(21).lte(65).where("status").eq("active").build()
    assert built.conditions == [
        Condition("age", "gte", 21),
        Condition("age", "lte", 65),
        Condition("status", "eq", "active"),
    ]
    assert built.to_dict() == {"age": [["gte", 21], ["lte", 65]], "status": ["eq", "active"]}


def test_builder_covers_every_operator() -> None:
    built = (
        ConditionBuilder().where("a").ne(1).gt(0).lt(9).in_([1, 2]).not_in([3]).between(0, 5)
        .where("b").like("x%").like("Y%", case_sensitive=False).build()
    )  # fmt: skip
    assert [c.operator for c in built] == ["ne", "gt", "lt", "in", "not_in", "between", "like", "ilike"]


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ({"age": 30}, [Condition("age", "eq", 30)]),
        ({"age": (">=", 21), "income": (">", 50000)}, [Condition("age", "gte", 21), Condition("income", "gt", 50000)]),
        ({"age": ("between", (18, 65))}, [Condition("age", "between", (18, 65))]),
        ({"country": ("in", ["US", "UK", "CA"])}, [Condition("country", "in", ["US", "UK", "CA"])]),
        (
            {"age": [">=", 50], "state": "California"},
            [Condition("age", "gte", 50), Condition("state", "eq", "California")],
        ),
        ({"age": ["between", [18, 65]]}, [Condition("age", "between", [18, 65])]),
        ({"age": [["ge", 21], ["le", 65]]}, [Condition("age", ">=", 21), Condition("age", "<=", 65)]),
        ({"x": ["!=", 0]}, [Condition("x", "ne", 0)]),
    ],
)
def test_from_dict_reads_the_reference_and_rest_forms(form: dict, expected: list[Condition]) -> None:
    assert ConditionSet.from_dict(form) == ConditionSet(expected)


@pytest.mark.parametrize(("alias", "canonical"), [("==", "eq"), ("!=", "ne"), (">", "gt"), (">=", "gte"),
                                                 ("<", "lt"), ("<=", "lte"), ("ge", "gte"), ("le", "lte")])  # fmt: skip
def test_aliases_are_normalised(alias: str, canonical: str) -> None:
    assert Condition("x", alias, 1).operator == canonical


def test_as_condition_set_accepts_every_caller_form() -> None:
    one = Condition("a", "eq", 1)
    assert as_condition_set(None) == ConditionSet()
    assert as_condition_set(one) == as_condition_set([one]) == as_condition_set({"a": 1}) == ConditionSet([one])


# ------------------------------------------------------------------ semantics on real dtypes


def test_between_is_inclusive_and_nulls_never_match() -> None:
    df = pd.DataFrame({"x": [1.0, 2.0, 3.0, None]})
    assert Condition("x", "between", (1, 3)).mask(df).tolist() == [True, True, True, False]
    assert Condition("x", "ne", 2).mask(df).tolist() == [True, False, True, False]
    assert Condition("x", "not_in", [2]).mask(df).tolist() == [True, False, True, False]


def test_dates_booleans_and_categories_compare_by_value() -> None:
    df = pd.DataFrame({
        "when": pd.to_datetime(["2020-01-01", "2021-06-01", None]),
        "flag": [True, False, True],
        "kind": pd.Categorical(["b", "a", "b"], categories=["b", "a"]),
    })  # fmt: skip
    assert Condition("when", ">=", "2021-01-01").mask(df).tolist() == [False, True, False]
    assert Condition("flag", "eq", True).mask(df).tolist() == [True, False, True]
    assert Condition("kind", "in", ["a"]).mask(df).tolist() == [False, True, False]
    assert Condition(
        "kind",
        "like",
        "A",
    ).mask(df).tolist() == [False, False, False]
    assert Condition("kind", "ilike", "A").mask(df).tolist() == [False, True, False]


def test_like_escapes_and_is_case_sensitive() -> None:
    df = pd.DataFrame({"s": ["50%", "500", "a.c", "abc", "A_C", "ABC"]})
    assert Condition("s", "like", "50\\%").apply(df)["s"].tolist() == ["50%"]
    assert Condition("s", "like", "a.c").apply(df)["s"].tolist() == ["a.c"]
    assert Condition("s", "like", "A\\_C").apply(df)["s"].tolist() == ["A_C"]
    assert Condition("s", "like", "a_c").apply(df)["s"].tolist() == ["a.c", "abc"]
    assert Condition("s", "ilike", "a_c").apply(df)["s"].tolist() == ["a.c", "abc", "A_C", "ABC"]


# ------------------------------------------------------------------ errors name the problem


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Condition("age", "approx", 1), "unknown operator 'approx'"),
        (lambda: Condition("age", "between", (65, 18)), "low 65 is greater than high 18"),
        (lambda: Condition("age", "in", 5), "needs a list of values"),
        (lambda: Condition("age", "in", "US"), "needs a list of values"),
        (lambda: Condition("age", "between", 5), "needs a pair"),
        (lambda: Condition("age", "eq", None), "nulls never match"),
        (lambda: Condition("age", "gt", [1, 2]), "needs a single value"),
        (lambda: ConditionSet.from_dict({"age": [1, 2, 3]}), 'write .* \\["in", \\[...\\]\\]'),
        (lambda: ConditionSet.from_dict({"age": ["in", 5]}), "needs a list of values"),
    ],
)
def test_bad_conditions_raise_validation_errors(make: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        make()  # type: ignore[operator]


def test_unknown_column_and_type_mismatch_are_named() -> None:
    df = pd.DataFrame({"age": [30, 40], "name": ["a", "b"]})
    with pytest.raises(ValidationError, match=r"unknown column 'salary'.*columns: age, name"):
        ConditionSet.from_dict({"salary": 1}).apply(df)
    with pytest.raises(ValidationError, match=r"type mismatch on column 'age'.*str 'old'"):
        Condition("age", ">", "old").mask(df)
    with pytest.raises(ValidationError, match="type mismatch on column 'name'"):
        Condition("name", "eq", 3).mask(df)
    with pytest.raises(ValidationError, match="LIKE needs a text column"):
        Condition("age", "like", "3%").mask(df)

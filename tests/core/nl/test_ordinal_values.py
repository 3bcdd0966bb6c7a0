"""Ordinal category values (a passenger list's class ``1st``, ``2nd``, ``3rd``) are read, never dropped unseen.

``1st`` is an ordinal token, not a word; it used to be skipped by value matching and by the list of ignored
words alike, so "5 women in 1st class" quietly lost its class.
"""

from __future__ import annotations

import pandas as pd
import pytest

from genesis.nl import parse
from genesis.schema import Schema, infer_schema


@pytest.fixture(scope="module")
def passengers() -> Schema:
    rows = [("1st", "female", 29.0), ("2nd", "male", 40.0), ("3rd", "male", 21.0), ("3rd", "female", 35.0)] * 30
    return infer_schema(pd.DataFrame(rows, columns=["class", "sex", "age"]))


@pytest.mark.parametrize(("prompt", "expected"), [
    ("5 women in 1st class", {"sex": ["eq", "female"], "class": ["eq", "1st"]}),
    ("5 people in class 3rd", {"class": ["eq", "3rd"]}),
    ("5 first class women", {"class": ["eq", "1st"], "sex": ["eq", "female"]}),
    ("10 men in second class", {"sex": ["eq", "male"], "class": ["eq", "2nd"]}),
])  # fmt: skip
def test_ordinal_values_are_conditions(passengers: Schema, prompt: str, expected: dict[str, list[str]]) -> None:
    interpretation = parse(prompt, passengers)
    assert interpretation.conditions.to_dict() == expected
    assert interpretation.ignored == ()


def test_an_ordinal_that_names_nothing_is_listed_as_ignored(passengers: Schema) -> None:
    interpretation = parse("10 men in the 7th row", passengers)
    assert interpretation.conditions.to_dict() == {"sex": ["eq", "male"]}
    assert "7th" in " ".join(interpretation.ignored)


def test_first_alone_is_not_a_class(passengers: Schema) -> None:
    assert "class" not in parse("the first 10 men", passengers).conditions.to_dict()

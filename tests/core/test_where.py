"""The command line's textual conditions map onto the one condition dialect."""

from __future__ import annotations

import pandas as pd
import pytest

from genesis.cli.where import parse_where
from genesis.errors import ValidationError

FRAME = pd.DataFrame({"age": [20, 35, 50, 70], "state": ["CA", "NY", "TX", "CA"], "name": ["Ann", "Bob", "Al", "Cy"]})


@pytest.mark.parametrize(
    ("expressions", "expected_ages"),
    [
        (["age>=50"], [50, 70]),
        (["age = 35"], [35]),
        (["age != 35", "state==CA"], [20, 70]),
        (["state in CA,TX"], [20, 50, 70]),
        (["state not in CA"], [35, 50]),
        (["age between 30 and 50"], [35, 50]),
        (["name like A%"], [20, 50]),
        (["state = 'NY'"], [35]),
    ],
)
def test_expressions_select_the_expected_rows(expressions: list[str], expected_ages: list[int]) -> None:
    conditions = parse_where(expressions)
    assert conditions.apply(FRAME)["age"].tolist() == expected_ages


def test_no_expression_means_no_conditions() -> None:
    assert parse_where([]) is None


@pytest.mark.parametrize("bad", ["age", "age between 3", "~~", "age >>> 3"])
def test_malformed_expressions_name_the_problem(bad: str) -> None:
    with pytest.raises(ValidationError, match="--where"):
        parse_where([bad])

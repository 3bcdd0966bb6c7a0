"""Schema inference: kinds, facts, overrides and the JSON round trip."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genesis.errors import ConfigError, ValidationError
from genesis.schema import ColumnKind, ColumnSchema, Schema, infer_schema

N = 40


def mixed_frame() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {
            "height": rng.normal(170, 10, N),
            "age": rng.integers(18, 90, N),
            "visits": pd.array([1, None, 3, 4] * (N // 4), dtype="Int64"),
            "city": ["Oslo", "Rome", None, "Oslo"] * (N // 4),
            "tier": pd.Categorical(["gold", "silver"] * (N // 2), categories=["gold", "silver", "bronze"]),
            "active": [True, False] * (N // 2),
            "flag": pd.array([True, None, False, True] * (N // 4), dtype="boolean"),
            "joined": pd.date_range("2024-01-01", periods=N, freq="D", tz="Europe/Oslo"),
            "customer_id": [f"C{i:05d}" for i in range(N)],
            "row": np.arange(N),
            "country": "NO",
        }
    )


def test_kinds_are_inferred_per_column() -> None:
    schema = infer_schema(mixed_frame())
    kinds = {c.name: c.kind for c in schema}
    assert kinds == {
        "height": ColumnKind.CONTINUOUS,
        "age": ColumnKind.INTEGER,
        "visits": ColumnKind.INTEGER,
        "city": ColumnKind.CATEGORICAL,
        "tier": ColumnKind.CATEGORICAL,
        "active": ColumnKind.BOOLEAN,
        "flag": ColumnKind.BOOLEAN,
        "joined": ColumnKind.DATETIME,
        "customer_id": ColumnKind.IDENTIFIER,
        "row": ColumnKind.IDENTIFIER,
        "country": ColumnKind.CONSTANT,
    }


def test_facts_dtype_nulls_bounds_categories() -> None:
    frame = mixed_frame()
    schema = infer_schema(frame)
    assert schema.names == list(frame.columns)
    assert schema["visits"].dtype == "Int64"
    assert schema["visits"].null_rate == pytest.approx(0.25)
    assert schema["city"].categories == ["Oslo", "Rome"]
    assert schema["tier"].categories == ["gold", "silver", "bronze"]
    assert schema["age"].minimum == frame["age"].min() and schema["age"].maximum == frame["age"].max()
    assert schema["joined"].minimum == "2024-01-01T00:00:00+01:00"
    assert schema["country"].categories == ["NO"]


def test_to_dict_is_json_safe_and_round_trips() -> None:
    schema = infer_schema(mixed_frame())
    data = json.loads(json.dumps(schema.to_dict(), allow_nan=False))
    assert Schema.from_dict(data) == schema


def test_overrides_take_a_kind_or_fields() -> None:
    schema = infer_schema(mixed_frame(), overrides={"age": "categorical", "height": {"minimum": 0.0}})
    assert schema["age"].kind is ColumnKind.CATEGORICAL
    assert schema["age"].categories == sorted(set(mixed_frame()["age"]))
    assert schema["height"].minimum == 0.0 and schema["height"].kind is ColumnKind.CONTINUOUS


@pytest.mark.parametrize(
    ("overrides", "message"),
    [({"nope": "integer"}, "unknown columns"), ({"age": "banana"}, "unknown kind"), ({"age": {"colour": 1}}, "colour")],
)
def test_bad_overrides_name_the_problem(overrides: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        infer_schema(mixed_frame(), overrides=overrides)


def test_bad_input_raises_validation_error() -> None:
    with pytest.raises(ValidationError, match="DataFrame"):
        infer_schema([1, 2, 3])  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="kind"):
        ColumnSchema.from_dict({"name": "x", "dtype": "int64", "null_rate": 0.0})


def test_empty_and_all_null_columns_are_constant() -> None:
    schema = infer_schema(pd.DataFrame({"x": [np.nan, np.nan], "y": pd.Series([], dtype="float64").reindex([0, 1])}))
    assert schema["x"].kind is ColumnKind.CONSTANT and schema["x"].null_rate == 1.0


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=3)), max_size=30)
)
def test_any_object_column_infers_and_round_trips(values: list) -> None:
    frame = pd.DataFrame({"v": pd.Series(values, dtype=object)})
    schema = infer_schema(frame)
    assert 0.0 <= schema["v"].null_rate <= 1.0
    assert Schema.from_dict(json.loads(json.dumps(schema.to_dict(), allow_nan=False))) == schema

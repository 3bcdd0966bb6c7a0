"""Canonical encoding: JSON data round-trips, hashes ignore key order and numeric types, odd values never crash."""

from __future__ import annotations

import datetime as dt
import json
import random
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genesis.errors import LineageError
from genesis.lineage.block import LineageBlock
from genesis.lineage.encoding import canonical_json, domain_hash, to_jsonable

SAFE_INT = st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1)
FINITE = st.floats(allow_nan=False, allow_infinity=False)
JSON_DATA = st.recursive(
    st.none() | st.booleans() | SAFE_INT | FINITE | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=20,
)


def _shuffled(value):
    """The same JSON data with every object's keys in a random order."""
    if isinstance(value, dict):
        items = list(value.items())
        random.Random(len(items)).shuffle(items)
        return {key: _shuffled(item) for key, item in items[::-1]}
    if isinstance(value, list):
        return [_shuffled(item) for item in value]
    return value


@settings(max_examples=60, deadline=None)
@given(JSON_DATA)
def test_json_metadata_round_trips_through_a_block_file(metadata) -> None:
    block = LineageBlock("note", {"value": metadata}, metadata={"m": metadata})
    reloaded = LineageBlock.from_dict(json.loads(json.dumps(block.to_dict())))
    assert reloaded.verify()
    assert reloaded.data_hash == block.data_hash
    assert canonical_json(reloaded.content) == canonical_json({"value": to_jsonable(metadata)})


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text(max_size=6), JSON_DATA, max_size=6))
def test_hash_is_stable_under_key_order(data) -> None:
    assert domain_hash("x", to_jsonable(data)) == domain_hash("x", to_jsonable(_shuffled(data)))
    assert canonical_json(to_jsonable(data)) == canonical_json(to_jsonable(dict(reversed(list(data.items())))))


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=-(2**31), max_value=2**31 - 1))
def test_numeric_types_encode_alike(n: int) -> None:
    expected = canonical_json(n)
    for variant in (np.int64(n), np.int32(n), float(n), np.float64(n)):
        assert canonical_json(to_jsonable(variant)) == expected


def test_non_json_values_are_converted_by_documented_rules() -> None:
    when = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    encoded = to_jsonable({
        "aware": when, "naive": dt.datetime(2024, 1, 1), "day": dt.date(2024, 1, 2),
        "set": {3, 1, 2}, "dec": Decimal("1.10"), "nan": float("nan"), "inf": -np.inf, "big": 2**60,
        "arr": np.array([1.5, 2.5]), "bool": np.bool_(True), "na": pd.NA, "tuple": (1, "a"), 7: "int key",
    })
    assert encoded == {
        "aware": "2024-05-01T10:00:00+00:00", "naive": "2024-01-01T00:00:00", "day": "2024-01-02",
        "set": [1, 2, 3], "dec": "1.10", "nan": "NaN", "inf": "-Infinity", "big": str(2**60),
        "arr": [1.5, 2.5], "bool": True, "na": None, "tuple": [1, "a"], "7": "int key",
    }


def test_dataframes_in_metadata_are_hashed_never_copied() -> None:
    frame = pd.DataFrame({"salary": [123456.0, 98765.0]})
    encoded = to_jsonable({"data": frame})
    assert encoded["data"]["rows"] == 2
    assert "123456" not in json.dumps(encoded)


def test_odd_objects_never_crash_block_creation() -> None:
    cyclic: list = [1]
    cyclic.append(cyclic)
    block = LineageBlock("note", {"cycle": cyclic, "obj": object(), "surrogate": "\ud800", "cplx": 1 + 2j})
    assert block.verify()
    assert block.content["cycle"] == [1, "<cycle>"]


def test_strict_canonical_json_rejects_values_outside_json() -> None:
    with pytest.raises(LineageError):
        canonical_json({"x": float("nan")})
    with pytest.raises(LineageError):
        canonical_json(2**60)

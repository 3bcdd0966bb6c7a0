"""One JSON encoding: NaN/NA/NaT are null, numpy scalars numbers, times ISO 8601, decimals numbers."""

from __future__ import annotations

import json
from decimal import Decimal

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from genesis.jsonsafe import dumps, frame_records, json_lines, to_jsonable


def test_awkward_scalars_become_plain_json() -> None:
    value = {
        "nan": float("nan"), "inf": float("inf"), "na": pd.NA, "nat": pd.NaT, "none": None,
        "i64": np.int64(7), "f32": np.float32(1.5), "bool": np.bool_(True),
        "ts": pd.Timestamp("2024-01-02T03:04:05", tz="UTC"), "dec": Decimal("2.5"), "set": {3, 1},
    }
    assert json.loads(dumps(value)) == {
        "nan": None, "inf": None, "na": None, "nat": None, "none": None, "i64": 7, "f32": 1.5, "bool": True,
        "ts": "2024-01-02T03:04:05+00:00", "dec": 2.5, "set": [1, 3],
    }


def test_frames_encode_per_column_with_the_same_rules() -> None:
    frame = pd.DataFrame({
        "i": pd.array([1, None], dtype="Int64"),
        "f": [0.5, np.nan],
        "b": pd.array([True, None], dtype="boolean"),
        "t": pd.to_datetime(["2020-01-01", None]).tz_localize("Europe/Paris"),
        "s": pd.Series(["x", None], dtype="str"),
        "c": pd.Categorical(["a", None]),
    })
    records = frame_records(frame)
    assert records == [
        {"i": 1, "f": 0.5, "b": True, "t": "2020-01-01T00:00:00+01:00", "s": "x", "c": "a"},
        {"i": None, "f": None, "b": None, "t": None, "s": None, "c": None},
    ]
    assert [json.loads(line) for line in json_lines(frame)] == records
    assert all(type(records[0][key]) in (int, float, bool, str) for key in records[0])


@given(st.lists(st.one_of(st.floats(), st.integers(-(2**62), 2**62), st.none(), st.text(max_size=5)), max_size=20))
def test_encoding_never_emits_invalid_json(values: list[object]) -> None:
    def refuse(constant: str) -> None:
        raise AssertionError(f"emitted the non-JSON constant {constant}")

    text = dumps(values)
    assert len(json.loads(text, parse_constant=refuse)) == len(values)
    assert to_jsonable(values) == json.loads(text)

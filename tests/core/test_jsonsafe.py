"""One JSON encoding: NaN/NA/NaT are null, numpy scalars numbers, times ISO 8601, decimals numbers."""

from __future__ import annotations

import json
from decimal import Decimal

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from genesis.jsonsafe import dumps, encode_rows, frame_records, json_lines, jsonl_text, to_jsonable


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


def _awkward_frame(n: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    stamps = pd.Timestamp("1969-12-31") + pd.to_timedelta(rng.integers(-10**12, 10**12, n), unit="ns")
    stamps = stamps.where(rng.random(n) > 0.1)  # some NaT
    return pd.DataFrame({
        "ns": stamps, "us": stamps.as_unit("us"), "ms": stamps.as_unit("ms"), "s": stamps.as_unit("s"),
        "paris": stamps.tz_localize("UTC").tz_convert("Europe/Paris"), "kolkata": stamps.tz_localize("Asia/Kolkata"),
        "f": np.where(rng.random(n) > 0.2, rng.normal(size=n) * 1e-300, np.inf),
        "i": rng.integers(-(2**62), 2**62, n), "I": pd.array(rng.integers(0, 3, n), dtype="Int64"),
        "b": rng.random(n) > 0.5, "text": rng.choice(["a", "b,c", 'q"x', "é", "%s", "\n"], n),
        "S": pd.Series(rng.choice(["x", None], n), dtype="string"), "cat": pd.Categorical(rng.choice(["u", "v"], n)),
        "objects": [Decimal("1.5"), None, 2**70, [1, {"k": 2}], True] * (n // 5),
        "mixed": [1, 1.0, True, "1", None] * (n // 5), "delta": pd.to_timedelta(rng.integers(0, 10**12, n)),
        '%d "key"': rng.normal(size=n),
    })


def test_encoded_rows_are_the_records_in_compact_json() -> None:
    frame = _awkward_frame()
    rows = encode_rows(frame)
    records = frame_records(frame)
    assert [json.loads(row) for row in rows] == records
    assert jsonl_text(frame) == "".join(row.decode() + "\n" for row in rows)
    assert records[0]["mixed"] == 1 and records[2]["mixed"] is True and records[3]["mixed"] == "1"
    assert records[2]["objects"] == 2**70


def test_times_are_written_as_timestamp_isoformat_whatever_the_unit_or_zone() -> None:
    frame = _awkward_frame()
    records = frame_records(frame)
    for name in ("ns", "us", "ms", "s", "paris", "kolkata"):
        expected = [None if pd.isna(stamp) else stamp.isoformat() for stamp in frame[name]]
        assert [record[name] for record in records] == expected, name


def test_empty_frames_encode_to_nothing_or_empty_objects() -> None:
    assert encode_rows(pd.DataFrame({"a": []})) == [] and jsonl_text(pd.DataFrame({"a": []})) == ""
    assert encode_rows(pd.DataFrame(index=range(2))) == [b"{}", b"{}"]


def test_any_mapping_is_encoded_as_an_object() -> None:
    from types import MappingProxyType

    assert to_jsonable(MappingProxyType({"score": np.float64("nan"), 1: np.int64(2)})) == {"score": None, "1": 2}

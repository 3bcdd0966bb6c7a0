"""``read_table`` reads CSV and JSON Lines typed: dates, offsets, booleans, nullable integers, BOMs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from genesis.errors import ValidationError
from genesis.io import read_table
from genesis.text_types import parse_text


def _csv(tmp_path: Path, text: str, *, bom: bool = False, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


@pytest.mark.parametrize("bom", [False, True])
def test_csv_columns_come_in_typed(tmp_path: Path, bom: bool) -> None:
    text = (
        "id,day,at,flag,answer,count,city\n"
        "1,2024-01-05,2024-01-05T10:00:00,true,yes,5,Oslo\n"
        "2,2024-01-06,2024-01-06 11:30:15,false,No,,Rome\n"
        "3,,,,,7,\n"
    )
    frame = read_table(_csv(tmp_path, text, bom=bom))
    assert list(frame.columns) == ["id", "day", "at", "flag", "answer", "count", "city"]
    assert frame["id"].dtype == "int64"
    assert frame["day"].dtype == "datetime64[s]" and frame["day"].iloc[1] == pd.Timestamp("2024-01-06")
    assert pd.isna(frame["day"].iloc[2])
    assert frame["at"].dtype == "datetime64[s]" and frame["at"].iloc[1] == pd.Timestamp("2024-01-06 11:30:15")
    assert frame["flag"].dtype == "boolean" and frame["flag"].tolist()[:2] == [True, False]
    assert frame["answer"].dtype == "boolean" and frame["answer"].tolist()[:2] == [True, False]
    assert pd.isna(frame["answer"].iloc[2])
    assert frame["count"].dtype == "Int64" and frame["count"].tolist()[0] == 5 and pd.isna(frame["count"].iloc[1])
    assert frame["city"].tolist()[:2] == ["Oslo", "Rome"] and pd.isna(frame["city"].iloc[2])


def test_words_for_missing_values_leave_numbers_dates_and_flags_typed(tmp_path: Path) -> None:
    """``nil``, ``None``, ``?``, ``-`` ... are gaps in a column whose other values all read as one type."""
    text = "isig,count,day,flag,note\n22.59,1,2024-01-05,yes,fine\nnil,?,None,-,nil\n21.56,3,2024-01-07,no,ok\n"
    frame = read_table(_csv(tmp_path, text))
    assert frame["isig"].dtype == "float64" and frame["isig"].isna().tolist() == [False, True, False]
    assert frame["count"].dtype == "Int64" and frame["count"].tolist()[::2] == [1, 3] and pd.isna(frame["count"][1])
    assert frame["day"].dtype == "datetime64[s]" and pd.isna(frame["day"][1])
    assert frame["flag"].dtype == "boolean" and pd.isna(frame["flag"][1])
    assert frame["note"].tolist() == ["fine", "nil", "ok"]  # words among words stay words


def test_a_marker_alone_or_among_mixed_values_stays_text() -> None:
    assert parse_text(pd.Series(["nil", "nil"])).tolist() == ["nil", "nil"]
    assert parse_text(pd.Series(["12", "?", "twelve"])).tolist() == ["12", "?", "twelve"]


def test_flags_without_blanks_are_plain_booleans(tmp_path: Path) -> None:
    frame = read_table(_csv(tmp_path, "a,b\nyes,Y\nno,n\n"))
    assert frame["a"].dtype == bool and frame["b"].dtype == bool
    assert frame["b"].tolist() == [True, False]


def test_one_offset_is_kept_and_mixed_offsets_become_utc(tmp_path: Path) -> None:
    text = (
        "one,mixed\n"
        "2024-01-05T10:00:00+02:00,2024-01-05T10:00:00+02:00\n"
        "2024-01-06T10:00:00+02:00,2024-01-05T10:00:00Z\n"
    )
    frame = read_table(_csv(tmp_path, text))
    assert str(frame["one"].dtype) == "datetime64[s, UTC+02:00]"
    assert frame["one"].iloc[0].hour == 10
    assert str(frame["mixed"].dtype) == "datetime64[s, UTC]"
    assert frame["mixed"].iloc[0] == pd.Timestamp("2024-01-05T08:00:00Z")


def test_unique_iso_dates_are_dates(tmp_path: Path) -> None:
    days = pd.date_range("2012-01-01", periods=40).strftime("%Y-%m-%d")
    frame = read_table(_csv(tmp_path, "day\n" + "\n".join(days) + "\n"))
    assert frame["day"].dtype == "datetime64[s]"
    assert frame["day"].is_unique and frame["day"].min() == pd.Timestamp("2012-01-01")


@pytest.mark.parametrize(
    ("values", "first"),
    [
        (["13/01/2024", "02/02/2024"], pd.Timestamp("2024-01-13")),
        (["01/13/2024", "02/02/2024"], pd.Timestamp("2024-01-13")),
        (["Jan 13, 2024", "Feb 2, 2024"], pd.Timestamp("2024-01-13")),
        (["13 January 2024", "2 February 2024"], pd.Timestamp("2024-01-13")),
        (["13.01.2024", "2.2.2024"], pd.Timestamp("2024-01-13")),
        (["2024/01/13", "2024/02/02"], pd.Timestamp("2024-01-13")),
        (["13/01/2024 10:30", "02/02/2024 23:59"], pd.Timestamp("2024-01-13 10:30")),
    ],
)
def test_unambiguous_common_formats_are_dates(values: list[str], first: pd.Timestamp) -> None:
    parsed = parse_text(pd.Series(values, dtype=object))
    assert parsed.dtype == "datetime64[s]"
    assert parsed.iloc[0] == first


@pytest.mark.parametrize(
    "values",
    [
        ["01/02/2024", "03/04/2024"],  # day-first and month-first both fit: ambiguous
        ["31/02/2024", "13/01/2024"],  # no 31 February
        ["2024-01-05", "tomorrow"],  # one stray word
        ["order 1 for tea", "order 2"],
        ["yes", "maybe"],
    ],
)
def test_ambiguous_or_invalid_text_stays_text(values: list[str]) -> None:
    parsed = parse_text(pd.Series(values, dtype=object))
    assert parsed.tolist() == values


def test_jsonl_is_typed_like_csv(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text(
        '{"n": 1, "at": "2024-01-01T00:00:00+05:30", "ok": "yes", "day": "2024-01-01"}\n'
        '{"n": null, "at": "2024-01-02T00:00:00+05:30", "ok": "no", "day": "2024-01-02"}\n',
        encoding="utf-8",
    )
    frame = read_table(path)
    assert list(frame.columns) == ["n", "at", "ok", "day"]
    assert frame["n"].dtype == "Int64"
    assert str(frame["at"].dtype) == "datetime64[s, UTC+05:30]" and frame["at"].iloc[0].hour == 0
    assert frame["ok"].dtype == bool
    assert frame["day"].dtype == "datetime64[s]"


def test_jsonl_with_fields_changing_type_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text('{"a": 1, "d": "2024-01-01"}\n{"a": "x", "d": "2024-01-02"}\n', encoding="utf-8")
    frame = read_table(path)
    assert frame["a"].tolist() == [1, "x"]
    assert frame["d"].dtype == "datetime64[s]"


def test_text_that_is_not_utf8_is_refused_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("city,n\nMálaga,1\n".encode("latin-1"))
    with pytest.raises(ValidationError, match=r"not UTF-8.*save the file as UTF-8"):
        read_table(path)


def test_empty_and_unknown_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="no rows"):
        read_table(_csv(tmp_path, "a,b\n"))
    with pytest.raises(ValidationError, match="no rows"):
        read_table(_csv(tmp_path, ""))
    with pytest.raises(ValidationError, match="unsupported format"):
        read_table(_csv(tmp_path, "a\n1\n", name="t.txt"))
    with pytest.raises(ValidationError, match="no such data file"):
        read_table(tmp_path / "missing.csv")


@pytest.mark.parametrize("separator", [";", "\t", "|"])
def test_semicolon_tab_and_pipe_separated_files_are_split(tmp_path: Path, separator: str) -> None:
    text = separator.join(["city", "price", "day"]) + "\n" + separator.join(["Oslo", "1,5", "2024-01-05"]) + "\n"
    frame = read_table(_csv(tmp_path, text + separator.join(["Rome", "2,5", "2024-01-06"]) + "\n"))
    assert list(frame.columns) == ["city", "price", "day"]
    assert frame["day"].dtype == "datetime64[s]"


def test_commas_inside_quotes_do_not_make_another_separator_win(tmp_path: Path) -> None:
    frame = read_table(_csv(tmp_path, 'name,note\n"Smith; John","a;b;c"\n"Doe; Jane","d;e"\n'))
    assert list(frame.columns) == ["name", "note"] and frame["name"].iloc[0] == "Smith; John"


def test_money_percentages_and_thousands_separators_are_numbers(tmp_path: Path) -> None:
    source = tmp_path / "orders.csv"
    source.write_text('order,total,discount,units\nA1,"$1,828.63",9%,"1,200"\nA2,$4.50,12.5%,35\n'
                      'A3,"$12,004.00",0%,"1,250,000"\nA4,,30%,7\n', encoding="utf-8")  # fmt: skip
    frame = read_table(source)
    assert frame["total"].tolist()[:3] == [1828.63, 4.5, 12004.0] and pd.isna(frame["total"][3])
    assert frame["discount"].tolist() == [9.0, 12.5, 0.0, 30.0]  # the number as written, without the sign
    # "1,250,000" settles the convention ("1,200" alone could be 1.2 with a decimal comma)
    assert str(frame["units"].dtype) == "Int64" and frame["units"].tolist() == [1200, 35, 1250000, 7]


def test_decimal_commas_are_read_where_the_values_say_so(tmp_path: Path) -> None:
    source = tmp_path / "umsatz.csv"
    source.write_text("id;betrag;anteil;stadt\n1;2.363,86 €;49,5%;Köln\n2;676,15 €;3%;Berlin\n"
                      "3;1.000,00 €;100%;Bonn\n", encoding="utf-8")  # fmt: skip
    frame = read_table(source)
    assert frame["betrag"].tolist() == [2363.86, 676.15, 1000.0]
    assert frame["anteil"].tolist() == [49.5, 3.0, 100.0]
    assert frame["stadt"].tolist() == ["Köln", "Berlin", "Bonn"]


@pytest.mark.parametrize(
    "values",
    [
        ["1,234", "5,678", "999"],  # thousands (1234) or decimals (1.234): both readings fit, so it stays text
        ["$12", "twelve dollars"],  # one value is not a number
        ["12%", "$5"],  # a share and an amount: not one column's format
        ["1,5", "1,234.5"],  # decimal comma and decimal point mixed
        ["+49 221 123", "+49 30 456"],  # phone numbers
    ],
)
def test_text_that_only_looks_numeric_stays_text(values: list[str]) -> None:
    assert parse_text(pd.Series(values, dtype=object)).tolist() == values


def test_the_file_s_separator_settles_numbers_both_conventions_read(tmp_path: Path) -> None:
    us = tmp_path / "units.csv"  # a comma-separated file writes decimal points: 1,200 is twelve hundred
    us.write_text('sku,units\nA,"1,200"\nB,35\nC,"12,000"\n', encoding="utf-8")
    assert read_table(us)["units"].tolist() == [1200, 35, 12000]
    eu = tmp_path / "gewicht.csv"  # a semicolon-separated one writes decimal commas: 2,125 kg is two and a bit
    eu.write_text("sku;kg\nA;2,125\nB;35\nC;3,250\n", encoding="utf-8")
    assert read_table(eu)["kg"].tolist() == [2.125, 35.0, 3.25]
    tabs = tmp_path / "units.tsv.csv"  # a tab says nothing about decimals: both readings fit, so it stays text
    tabs.write_text("sku\tunits\nA\t1,200\nB\t35\n", encoding="utf-8")
    assert read_table(tabs)["units"].tolist() == ["1,200", "35"]

"""Reading tables from files by their extension, typed: CSV, Parquet, JSON Lines.

CSV and JSON Lines are read by pyarrow's typed readers (about 4-10x faster than pandas' text
reader on the same file, see ``benchmarks/read_csv.py``), then typed column by column:

* integers stay integers when some cells are blank (pandas' nullable ``Int64``), booleans too
  (``boolean``); blank text cells are missing values;
* ISO-8601 dates and timestamps are datetimes (a column with one UTC offset keeps it as a fixed
  zone, mixed offsets become UTC), and so are the unambiguous common formats of
  :mod:`genesis.text_types` (``13/01/2024``, ``Jan 13, 2024``...); ``true/false``, ``yes/no`` and
  ``y/n`` text are booleans;
* UTF-8 with or without a byte-order mark; other encodings are refused with the fix named;
* fields separated by commas, or by semicolons, tabs or pipes when the header says so.

Parquet carries its own types and is read as written. A JSON Lines file whose fields change type
from line to line (which pyarrow refuses) is read by pandas instead, then typed the same way.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa

from genesis.errors import ValidationError
from genesis.text_types import Decimal, coarsest_unit, parse_text, parse_text_array

__all__ = ["SUPPORTED_SUFFIXES", "arrow_to_frame", "read_table"]

SUPPORTED_SUFFIXES = (".csv", ".parquet", ".pq", ".jsonl", ".ndjson")
#: Field separators a CSV file may use; the comma wins ties.
DELIMITERS = (",", ";", "\t", "|")
#: Bytes read to tell the separator.
SNIFF_BYTES = 65_536
#: How a file separated by a comma or a semicolon writes decimals, for numbers both conventions read (``1,234``):
#: a comma-separated file writes decimal points; a semicolon is the separator where the comma is the decimal.
_DECIMALS: dict[str, Decimal] = {",": "point", ";": "comma"}


def read_table(path: str | Path) -> pd.DataFrame:
    """Load ``path`` as a typed DataFrame; the suffix decides the format. Empty tables are refused."""
    source = Path(path)
    if not source.is_file():
        raise ValidationError(f"no such data file: {source}")
    suffix = source.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        known = ", ".join(SUPPORTED_SUFFIXES)
        raise ValidationError(f"{source}: unsupported format {suffix or '(none)'}; use {known}")
    try:
        if suffix == ".csv":
            frame = _read_csv(source)
        elif suffix in {".parquet", ".pq"}:
            frame = pd.read_parquet(source)
        else:
            frame = _read_jsonl(source)
    except UnicodeDecodeError as exc:
        raise ValidationError(f"{source}: not UTF-8 text ({exc.reason}); save the file as UTF-8") from exc
    except ValidationError:
        raise
    except (ValueError, OSError, pd.errors.ParserError, pa.ArrowException) as exc:
        raise ValidationError(f"{source}: cannot read as {suffix[1:]}: {exc}") from exc
    if frame.empty:
        raise ValidationError(f"{source}: the table has no rows")
    return frame


def _read_csv(source: Path) -> pd.DataFrame:
    from pyarrow import csv

    if source.stat().st_size == 0:
        return pd.DataFrame()
    convert = csv.ConvertOptions(strings_can_be_null=True, check_utf8=True)
    delimiter = _delimiter(source)
    parse = csv.ParseOptions(delimiter=delimiter)
    table = csv.read_csv(source, parse_options=parse, convert_options=convert)
    zoned = [f.name for f in table.schema if pa.types.is_timestamp(f.type) and f.type.tz is not None]
    if zoned:  # pyarrow turns offsets into UTC: read those columns as text and keep their offsets
        as_text = csv.ConvertOptions(
            strings_can_be_null=True, include_columns=zoned, column_types=dict.fromkeys(zoned, pa.string())
        )
        text = csv.read_csv(source, parse_options=parse, convert_options=as_text)
        for name in zoned:
            table = table.set_column(table.schema.get_field_index(name), name, text.column(name))
    binary = [f.name for f in table.schema if pa.types.is_binary(f.type)]
    if binary:
        raise ValidationError(f"{source}: columns {binary} are not UTF-8 text; save the file as UTF-8")
    return arrow_to_frame(table, _DECIMALS.get(delimiter))


def _delimiter(source: Path) -> str:
    """The field separator: a comma, unless the header and first lines say semicolon, tab or pipe."""
    import csv as text_csv

    with source.open("r", encoding="utf-8-sig", errors="replace", newline="") as handle:
        head = handle.read(SNIFF_BYTES)
    lines = head.splitlines()[:20]
    if not lines:
        return ","
    try:
        found = text_csv.Sniffer().sniff("\n".join(lines), delimiters="".join(DELIMITERS)).delimiter
    except text_csv.Error:
        return ","
    header = lines[0]
    return found if header.count(found) > header.count(",") else ","


def _read_jsonl(source: Path) -> pd.DataFrame:
    from pyarrow import json

    try:
        table = json.read_json(source)
    except pa.ArrowInvalid:  # fields that change type between lines: pandas' looser reader
        frame = pd.read_json(source, lines=True, dtype=False)
        return frame.apply(parse_text)
    text_stamps = {f.name: pa.string() for f in table.schema if pa.types.is_timestamp(f.type)}
    if text_stamps:  # pyarrow drops offsets: read stamps as text, typed below with their offsets
        names = table.column_names
        options = json.ParseOptions(explicit_schema=pa.schema(text_stamps))
        table = json.read_json(source, parse_options=options).select(names)
    return arrow_to_frame(table)


def arrow_to_frame(table: pa.Table, decimal: Decimal | None = None) -> pd.DataFrame:
    """A pandas frame of ``table``: nullable integers and booleans where values are missing, dates as
    datetimes, and text columns typed by :func:`genesis.text_types.parse_text` (``decimal``: how the file
    writes decimals, for numbers both conventions read)."""
    columns: dict[str, pd.Series] = {}
    for name, chunked in zip(table.column_names, table.columns, strict=True):
        kind = chunked.type
        if pa.types.is_integer(kind) and chunked.null_count:
            series = chunked.to_pandas(types_mapper={kind: pd.Int64Dtype()}.get)
        elif pa.types.is_boolean(kind) and chunked.null_count:
            series = chunked.to_pandas(types_mapper={kind: pd.BooleanDtype()}.get)
        elif pa.types.is_date(kind):
            series = pd.Series(chunked.cast(pa.timestamp("s")).to_pandas())
        else:
            series = chunked.to_pandas()
        if pa.types.is_string(kind) or pa.types.is_large_string(kind):
            typed = parse_text_array(chunked, decimal)
            series = series if typed is None else typed
        elif pa.types.is_timestamp(kind):
            series = coarsest_unit(series)
        columns[name] = series.rename(name)
    return pd.DataFrame(columns)

"""Types hidden in text columns: booleans, dates and formatted numbers, as a data engineer reads them.

:func:`parse_text` turns a column of strings into booleans (``true/false``, ``yes/no``, ``y/n``, any
case), datetimes (ISO-8601 dates and timestamps, and a fixed list of common unambiguous formats) or
numbers written for people (``$1,828.63``, ``12.5%``, ``2.363,86 €``: currency signs, percent signs
and thousands separators dropped, a decimal comma read as one; the number is the one written, so
``12.5%`` is 12.5), and leaves any other column as it is. A column is converted only when *every*
non-blank value parses with one reading, so a single stray word keeps the column text. Day-first and month-first
dates are told apart by the values: ``13/01/2024`` can only be day-first; a column whose days never
exceed 12 fits both and stays text (declare its type in a schema to read it as dates). Numbers are
read the same way: ``1,234`` may be a thousand and more or a decimal, so a column of only such values
stays text, while ``1,5`` or ``1,828.63`` beside them settles it, and so does the file's own convention
when the reader knows it (``decimal``: a comma-separated file writes decimal points, a semicolon-separated
one decimal commas). A column mixes no conventions and no kinds (every value a share with ``%``, or
none; one currency sign at most).

ISO timestamps keep their offset: a column written with one offset (``+02:00``) comes back in that
fixed zone, a column mixing offsets comes back in UTC (the instants are exact either way).

Example::

    >>> parse_text(pd.Series(["13/01/2024", "02/02/2024"])).dtype
    dtype('<M8[s]')
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["DATE_FORMATS", "NULL_MARKERS", "Decimal", "coarsest_unit", "parse_text", "parse_text_array"]

#: Non-ISO formats tried on date-looking text, day-first and month-first kept apart.
DATE_FORMATS = (
    "%d/%m/%Y", "%m/%d/%Y", "%Y/%m/%d", "%d.%m.%Y", "%d-%m-%Y", "%m-%d-%Y",
    "%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%B %d %Y",
    "%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%m/%d/%Y %H:%M:%S",
    "%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S",
)  # fmt: skip
#: Words other tools write for a missing value that pyarrow does not already read as one (it reads ``NA``,
#: ``N/A``, ``NULL``, ``null``, ``NaN``, ``#N/A`` ...): R and Ruby's ``nil``, Python's ``None``, the ``?`` of
#: UCI files, dashes and dots. They count as missing only in a column whose other values all read as one type.
NULL_MARKERS = frozenset({"nil", "Nil", "NIL", "None", "none", "NONE", "?", "-", "--", ".", "na", "missing",
                          "Missing", "MISSING"})  # fmt: skip
#: Values checked against a format before the whole column is parsed (cheap rejection).
PROBE_ROWS = 200

_TRUE = frozenset({"true", "yes", "y"})
_FALSE = frozenset({"false", "no", "n"})
_ISO = r"^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}([.,]\d{1,9})?)?\s?([Zz]|[+-]\d{2}(:?\d{2})?)?)?$"
_DATE_LIKE = r"^[\w ,./:-]{6,30}$"
#: Currency signs a number may be written with.
_SIGNS = "$€£¥"
_SIGN = f"[{_SIGNS}]"
#: A number written for people, with ``thousands`` and ``decimal`` separators, a currency sign before or
#: after it and a percent sign after it.
_WRITTEN = rf"^[-+]?{_SIGN}?\s?(\d{{{{1,3}}}}({{thousands}}\d{{{{3}}}})+|\d+)({{decimal}}\d+)?\s?{_SIGN}?\s?%?$"
#: How a file writes decimals: ``point`` (``1,234.5``) or ``comma`` (``1.234,5``).
Decimal = Literal["point", "comma"]
#: The two conventions' (thousands, decimal) separators, as patterns.
_CONVENTIONS: dict[Decimal, tuple[str, str]] = {"point": (r",", r"\."), "comma": (r"\.", r",")}


def parse_text(series: pd.Series, decimal: Decimal | None = None) -> pd.Series:
    """``series`` as booleans, datetimes or numbers when every non-blank value reads as one, else unchanged;
    ``decimal`` settles numbers both conventions read (``1,234``)."""
    if not (pd.api.types.is_string_dtype(series.dtype) or series.dtype == object):
        return series
    try:
        values = pa.array(series, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # not all text
        return series
    typed = parse_text_array(values, decimal)
    if typed is None:
        return series
    typed.index, typed.name = series.index, series.name
    return typed


def parse_text_array(values: pa.Array | pa.ChunkedArray, decimal: Decimal | None = None) -> pd.Series | None:
    """The booleans, datetimes or numbers a text array holds, or None when it is plain text.

    Cells holding a :data:`NULL_MARKERS` word are missing when every other value reads as a boolean,
    a date or, then too, a number (``22.59``, ``nil``, ``21.56`` is a numeric column with a gap).
    The work is on distinct values (a repeated category is read once) with pyarrow's kernels.
    """
    distinct = pc.unique(pc.utf8_trim_whitespace(values)).drop_null()
    marked = pc.is_in(distinct, value_set=pa.array(sorted(NULL_MARKERS)))
    has_markers = bool(pc.any(marked).as_py())
    if has_markers:
        distinct = pc.filter(distinct, pc.invert(marked))
    if len(distinct) == 0:
        return None
    text = pd.Series(distinct.to_pylist(), dtype=object)
    typed = _booleans(distinct)
    if typed is None:
        typed = _dates(distinct, text)
    if typed is None:
        typed = _written_numbers(distinct, decimal)
    if typed is None and has_markers:  # numbers pyarrow left as text only because of the marker
        typed = _numbers(distinct)
    if typed is None:
        return None
    positions = pc.fill_null(pc.index_in(pc.utf8_trim_whitespace(values), value_set=distinct), -1)
    codes = np.asarray(positions, dtype=np.intp)
    taken = pd.Series(typed.array.take(codes, allow_fill=True))
    return taken.astype(bool) if isinstance(taken.dtype, pd.BooleanDtype) and (codes >= 0).all() else taken


def _booleans(distinct: pa.Array) -> pd.Series | None:
    lowered = pc.utf8_lower(distinct)
    if not pc.all(pc.is_in(lowered, value_set=pa.array(sorted(_TRUE | _FALSE)))).as_py():
        return None
    return pd.Series(pc.is_in(lowered, value_set=pa.array(sorted(_TRUE))).to_numpy(zero_copy_only=False),
                     dtype="boolean")


def _numbers(distinct: pa.Array) -> pd.Series | None:
    for kind, dtype in ((pa.int64(), "Int64"), (pa.float64(), "float64")):
        try:
            return pd.Series(pc.cast(distinct, kind).to_pandas(), dtype=dtype)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            continue
    return None


def _written_numbers(distinct: pa.Array, decimal: Decimal | None) -> pd.Series | None:
    """The numbers of values written for people (``$1,828.63``, ``12.5%``, ``2.363,86 €``), when they all
    follow one convention, several giving the same numbers, or ``decimal``'s among several; None otherwise."""
    probe = distinct.slice(0, PROBE_ROWS)
    patterns = {name: _WRITTEN.format(thousands=t, decimal=d) for name, (t, d) in _CONVENTIONS.items()}
    patterns = {name: pattern for name, pattern in patterns.items() if _all_match(probe, pattern)}  # cheap rejection
    if not patterns:
        return None
    percent = pc.match_substring(distinct, "%")
    signs = sum(bool(pc.any(pc.match_substring(distinct, sign)).as_py()) for sign in _SIGNS)
    if not _all_or_none(percent) or signs > 1:
        return None
    if not bool(pc.any(pc.match_substring_regex(distinct, rf"[{_SIGNS}%,]|\d\.\d{{3}}")).as_py()):
        return None  # nothing written for people: pyarrow's own reading stands
    readings = {name: _read_written(distinct, name) for name, pattern in patterns.items()
                if _all_match(distinct, pattern)}  # fmt: skip
    if not readings:
        return None
    first = next(iter(readings.values()))
    if any(not np.array_equal(first, other) for other in readings.values()):  # 1,234: a thousand or a decimal
        readings = {decimal: readings[decimal]} if decimal in readings else {}
    if not readings:
        return None
    values = next(iter(readings.values()))
    whole = bool(np.all(values == np.round(values))) and not bool(pc.any(percent).as_py())
    has_decimals = bool(pc.any(pc.match_substring_regex(distinct, rf"[.,]\d{{1,2}}\s?[{_SIGNS}%]?$")).as_py())
    return values.astype("Int64") if whole and not has_decimals else values


def _read_written(distinct: pa.Array, convention: Decimal) -> pd.Series:
    """The numbers of ``distinct`` read by ``convention`` (signs, spaces and thousands separators dropped)."""
    thousands, decimal = _CONVENTIONS[convention]
    bare = pc.replace_substring_regex(distinct, pattern=rf"[{_SIGNS}%\s]", replacement="")
    bare = pc.replace_substring_regex(bare, pattern=thousands, replacement="")
    number = pc.replace_substring_regex(bare, pattern=decimal, replacement=".")
    return pd.Series(pc.cast(number, pa.float64()).to_numpy(zero_copy_only=False))


def _all_or_none(flags: pa.Array) -> bool:
    return bool(pc.all(flags).as_py()) or not bool(pc.any(flags).as_py())


def _dates(distinct: pa.Array, text: pd.Series) -> pd.Series | None:
    probe = distinct.slice(0, PROBE_ROWS)
    if _all_match(probe, _ISO) and _all_match(distinct, _ISO):
        return _iso(text)
    if not _all_match(probe, _DATE_LIKE):
        return None
    candidates = [fmt for fmt in DATE_FORMATS if _arrow_parses(probe, fmt)]
    readings: list[pd.Series] = []
    for fmt in candidates:  # pandas is strict where arrow is lenient (31/02), so it has the last word
        parsed = pd.to_datetime(text, format=fmt, errors="coerce")
        if parsed.notna().all() and not any(parsed.equals(other) for other in readings):
            readings.append(parsed)
    if len(readings) != 1:
        return None  # no reading, or an ambiguous one (day-first and month-first both fit)
    return coarsest_unit(readings[0])


def _all_match(values: pa.Array, pattern: str) -> bool:
    return bool(pc.all(pc.match_substring_regex(values, pattern)).as_py())


def _arrow_parses(values: pa.Array, fmt: str) -> bool:
    parsed = pc.strptime(values, format=fmt, unit="s", error_is_null=True)
    return parsed.null_count == 0


def _iso(text: pd.Series) -> pd.Series | None:
    try:
        parsed = pd.to_datetime(text, format="ISO8601")
    except ValueError:
        try:  # mixed offsets: exact instants in UTC
            parsed = pd.to_datetime(text, format="ISO8601", utc=True)
        except ValueError:
            return None
    return coarsest_unit(parsed)


def coarsest_unit(stamps: pd.Series) -> pd.Series:
    """Datetimes in seconds when no value has a fraction of a second, else in microseconds (or
    nanoseconds when some value needs them), so ``2024-01-05T00:00:00.000000`` reads like ``2024-01-05``."""
    fraction = stamps.dt.microsecond.fillna(0) != 0
    nanos = stamps.dt.nanosecond.fillna(0) != 0
    unit = "ns" if nanos.any() else "us" if fraction.any() else "s"
    return stamps.dt.as_unit(unit)

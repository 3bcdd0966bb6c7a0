"""Every table of the real corpus goes CSV -> ``genesis generate`` -> read back, and comes back as real data does.

For each table of :mod:`tests.corpus` (tables over :data:`TEST_ROWS` rows are subsampled here, never in the
benchmark): the command exits 0, the columns and their types read back as the real ones read, every date column
is a date column holding only dates inside the real range, dates and decimals are written as the real file
writes them (``1992-04-29``, not ``1992-04-29T00:00:00.000000``; no more decimal places than the real ones),
decimal columns hold whole numbers about as often as the real ones (ages in whole years stay whole),
orderings the real rows keep by their meaning
(a low price at most the open and the close, a daily minimum at most the maximum) hold on every row, and no
word column comes back as character soup (its
character pairs are, nearly all, pairs the real column uses).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from genesis.cli.app import main
from genesis.io import read_table
from tests.corpus import TABLES, Table, write_csv

#: Rows of the real table the test fits on (a seeded sample of larger tables, to keep the suite short).
TEST_ROWS = 1500
#: Synthetic rows written per table.
SYNTHETIC_ROWS = 300
#: Share of a word column's synthetic character pairs that must occur in the real column.
PAIR_SHARE = 0.9
#: Most the share of whole numbers in a decimal column may differ from the real share (ages in whole years).
WHOLE_SHARE_GAP = 0.15


def _family(dtype: object) -> str:
    kind = getattr(dtype, "kind", "O")
    if kind == "M":
        return "datetime"
    if pd.api.types.is_bool_dtype(dtype):  # type: ignore[arg-type]
        return "boolean"
    if pd.api.types.is_integer_dtype(dtype):  # type: ignore[arg-type]
        return "integer"
    if pd.api.types.is_float_dtype(dtype):  # type: ignore[arg-type]
        return "float"
    return "text"


def _places(values: pd.Series) -> int:
    """Most decimal places among the values, as their shortest text writes them."""
    fractions = [np.format_float_positional(float(v)).partition(".")[2] for v in values.dropna() if np.isfinite(v)]
    return max((len(f.rstrip("0")) for f in fractions), default=0)


def _whole_share(values: pd.Series) -> float:
    present = values.dropna()
    return float((present == np.round(present)).mean()) if len(present) else 0.0


def _pairs(values: pd.Series) -> set[str]:
    return {text[i : i + 2] for text in values.dropna().astype(str) for i in range(len(text) - 1)}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("corpus")


@pytest.mark.parametrize("table", TABLES, ids=[t.name for t in TABLES])
def test_real_table_round_trips_through_generate(table: Table, folder: Path) -> None:
    source = write_csv(table, folder)
    real = read_table(source)
    if len(real) > TEST_ROWS:
        sample = pd.read_csv(source, dtype=str, keep_default_na=False).sample(TEST_ROWS, random_state=0)
        source = folder / f"{table.name}.sample.csv"
        sample.to_csv(source, index=False)
        real = read_table(source)
    out = folder / f"{table.name}.synthetic.csv"
    assert main(["--quiet", "generate", str(source), "-n", str(SYNTHETIC_ROWS), "-o", str(out), "--seed", "1"]) == 0
    synthetic = read_table(out)
    assert list(synthetic.columns) == list(real.columns) and len(synthetic) == SYNTHETIC_ROWS
    for name in table.dates:
        assert real[name].dtype.kind == "M", f"{name} is not read as a date"
        dates = synthetic[name]
        assert dates.dtype == real[name].dtype, f"{name}: {dates.dtype} != {real[name].dtype}"
        present = dates.dropna()
        assert present.between(real[name].min(), real[name].max()).all(), f"{name} leaves the real range"
    written = pd.read_csv(out, dtype=str)
    for name in real.columns:  # written as the real file writes them: dates as dates, decimals to its places
        if real[name].dtype.kind == "M" and (real[name].dropna() == real[name].dropna().dt.normalize()).all():
            assert written[name].dropna().str.len().eq(10).all(), f"{name}: {written[name].iloc[0]} is not a date"
        if pd.api.types.is_float_dtype(real[name].dtype) and (places := _places(real[name])) <= 8:
            assert _places(written[name].astype(float)) <= places, f"{name} has more decimals than the real {places}"
        if pd.api.types.is_float_dtype(real[name].dtype) and real[name].count() >= 50:
            gap = abs(_whole_share(synthetic[name]) - _whole_share(real[name]))
            assert gap <= WHOLE_SHARE_GAP, (
                f"{name}: {_whole_share(real[name]):.0%} of real values are whole numbers, "
                f"{_whole_share(synthetic[name]):.0%} of synthetic ones"
            )
    for low, high in table.orderings:
        both = synthetic[[low, high]].dropna()
        assert (both[low] <= both[high]).all(), f"{low} <= {high} broken on {(both[low] > both[high]).sum()} rows"
    mismatched = {
        c: (str(real[c].dtype), str(synthetic[c].dtype))
        for c in real.columns
        if _family(real[c].dtype) != _family(synthetic[c].dtype) and synthetic[c].notna().any()
    }
    assert not mismatched, f"dtypes differ from the real ones: {mismatched}"
    for name in real.columns:
        if _family(real[name].dtype) != "text" or name in table.codes:
            continue
        made = _pairs(synthetic[name])
        if made:
            share = np.mean([pair in _pairs(real[name]) for pair in made])
            assert share >= PAIR_SHARE, f"{name} looks like character soup ({share:.0%} of its letter pairs are real)"

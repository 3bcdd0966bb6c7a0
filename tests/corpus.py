"""A corpus of real public tables shipped inside installed packages (nothing is downloaded at run time).

Each :class:`Table` names where its file lives in a package and what a reader of the original knows about it,
written down from the source files before Genesis was run on them: which columns are dates or timestamps, and
which text columns are codes (identifiers) rather than words. :func:`write_csv` puts the table as a CSV file, the
way a user hands one to ``genesis generate`` (JSON sources are written out as CSV with their values as text).

Sources: vega_datasets 0.9 (BSD-3; its bundled local datasets), statsmodels (BSD-3; its datasets package),
bokeh-sampledata (its bundled ``_data`` files under their own licences, listed in the wheel), palmerpenguins
(CC0).
"""

from __future__ import annotations

import gzip
import importlib.resources
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

__all__ = ["TABLES", "Table", "write_csv"]


@dataclass(frozen=True)
class Table:
    """One real table: its package file, its date columns and its code-like text columns."""

    name: str
    package: str
    resource: str
    dates: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    orderings: tuple[tuple[str, str], ...] = ()  # (low, high) pairs every real row keeps by their meaning


_OHLC = (("low", "open"), ("low", "close"), ("open", "high"), ("close", "high"))


def _vega(name: str, resource: str, dates: tuple[str, ...] = (), codes: tuple[str, ...] = (),
          orderings: tuple[tuple[str, str], ...] = ()) -> Table:
    return Table(f"vega-{name}", "vega_datasets", f"_data/{resource}", dates, codes, orderings)


def _sm(name: str, resource: str = "", codes: tuple[str, ...] = ()) -> Table:
    return Table(f"statsmodels-{name}", "statsmodels", f"datasets/{name}/{resource or name + '.csv'}", (), codes)


def _bokeh(name: str, resource: str, dates: tuple[str, ...] = (), codes: tuple[str, ...] = (),
           orderings: tuple[tuple[str, str], ...] = ()) -> Table:
    return Table(f"bokeh-{name}", "bokeh_sampledata", f"_data/{resource}", dates, codes, orderings)


TABLES: tuple[Table, ...] = (
    _vega("airports", "airports.csv", codes=("iata",)),  # 3,376 rows, free-text names
    _vega("anscombe", "anscombe.json"),
    _vega("barley", "barley.json"),
    _vega("burtin", "burtin.json"),  # 16 rows
    _vega("cars", "cars.json", dates=("Year",)),
    _vega("crimea", "crimea.json", dates=("date",)),  # 24 rows, unique ISO dates
    _vega("driving", "driving.json"),  # years 1956-2010, unique
    _vega("iowa-electricity", "iowa-electricity.csv", dates=("year",)),
    _vega("la-riots", "la-riots.csv", dates=("death_date",)),  # names and addresses, nulls
    _vega("ohlc", "ohlc.json", dates=("date",), orderings=_OHLC),
    _vega("seattle-temps", "seattle-temps.csv", dates=("date",)),  # hourly timestamps
    _vega("seattle-weather", "seattle-weather.csv", dates=("date",), orderings=(("temp_min", "temp_max"),)),
    _vega("sf-temps", "sf-temps.csv", dates=("date",)),
    _vega("stocks", "stocks.csv", dates=("date",)),  # 'Jan 1 2000'
    _vega("us-employment", "us-employment.csv", dates=("month",)),
    _vega("wheat", "wheat.json"),
    _sm("anes96"),
    _sm("cancer"),
    _sm("ccard"),
    _sm("china_smoking"),  # 8 rows
    _sm("committee"),
    _sm("cpunish", codes=()),  # 17 rows
    _sm("elnino"),  # 61 rows, years 1950-2010
    _sm("engel"),
    _sm("fair"),  # 6,366 rows
    _sm("grunfeld"),
    _sm("heart"),
    _sm("longley"),  # 16 rows
    _sm("macrodata"),
    _sm("modechoice"),
    _sm("randhie"),  # 20,190 rows
    _sm("scotland", "scotvote.csv"),
    _sm("star98"),
    _sm("statecrime"),
    _sm("strikes"),
    _sm("sunspots"),  # 309 years
    _bokeh("stocks", "stocks.csv.gz", dates=("Date",),  # 12,154 daily prices of several tickers
           orderings=tuple((low.title(), high.title()) for low, high in _OHLC)),
    _bokeh("cgm", "CGM.csv.gz", dates=("datetime",)),  # 52,281 glucose readings
    _bokeh("titanic", "titanic_all.csv"),  # passenger names, missing ages
    _bokeh("superstore", "SampleSuperstore.csv.gz", codes=("Postal Code",)),
    _bokeh("elements", "elements.csv", codes=("symbol", "CPK", "electronic configuration")),
    _bokeh("lincoln-weather", "lincoln_weather.csv", dates=("DATE",), orderings=(("TMIN", "TMAX"),)),
    _bokeh("airports", "airports.csv", codes=("IATA", "ICAO")),
    Table("palmerpenguins", "palmerpenguins", "data/penguins.csv"),  # missing values as NA
)


def write_csv(table: Table, folder: Path) -> Path:
    """The table as ``folder/<name>.csv``, as close to the shipped file as CSV allows."""
    source = importlib.resources.files(table.package).joinpath(table.resource)
    raw = source.read_bytes()
    if table.resource.endswith(".gz"):
        raw = gzip.decompress(raw)
    target = folder / f"{table.name}.csv"
    if table.resource.endswith(".json"):
        pd.DataFrame(json.loads(raw)).to_csv(target, index=False)
    else:
        target.write_bytes(raw)
    return target

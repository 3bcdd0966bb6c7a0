"""Small real datasets shipped with Genesis for demos, docs and tests."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

import pandas as pd

__all__ = ["adult_sample_path", "load_adult_sample"]


def adult_sample_path() -> Path:
    """Where the embedded Adult sample CSV is on disk, to pass to commands that read a file."""
    with as_file(files("genesis").joinpath("data", "adult_sample.csv")) as path:  # a real file in any wheel install
        return Path(path)


def load_adult_sample() -> pd.DataFrame:
    """Return 2,000 seeded rows of the UCI Adult census table (15 columns, missing values as NaN).

    Six integer columns (``age``, ``fnlwgt``, ``education-num``, ``capital-gain``, ``capital-loss``,
    ``hours-per-week``) and nine text columns, ``income`` being the usual prediction target. The data is
    CC BY 4.0 (Becker & Kohavi, 1996); see ``genesis/data/ATTRIBUTION.md``.
    """
    with files("genesis").joinpath("data", "adult_sample.csv").open("rb") as handle:
        return pd.read_csv(handle)

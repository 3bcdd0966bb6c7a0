"""Small real datasets shipped with Genesis for demos, docs and tests."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

import pandas as pd

__all__ = ["ADULT_PUBLIC_DOMAIN", "adult_sample_path", "load_adult_sample", "seattle_weather_path"]

#: Adult's data dictionary, known without looking at any record: the category lists of the UCI documentation
#: (``adult.names``), ranges from the census coding (ages 17-90 as top-coded, capital gains up to the 99,999
#: cap, hours 1-99) and the point masses everyone knows (most people report no capital gain or loss). It is the
#: public domain a differentially private generator is declared on (``dp-gaussian-copula``).
ADULT_PUBLIC_DOMAIN: dict[str, dict[str, object]] = {
    "bounds": {
        "age": (17, 90), "fnlwgt": (0, 1_500_000), "education-num": (1, 16), "capital-gain": (0, 99_999),
        "capital-loss": (0, 5_000), "hours-per-week": (1, 99),
    },
    "atoms": {"capital-gain": [0], "capital-loss": [0]},
    "categories": {
        "workclass": ["Private", "Self-emp-not-inc", "Self-emp-inc", "Federal-gov", "Local-gov", "State-gov",
                      "Without-pay", "Never-worked"],
        "education": ["Bachelors", "Some-college", "11th", "HS-grad", "Prof-school", "Assoc-acdm", "Assoc-voc",
                      "9th", "7th-8th", "12th", "Masters", "1st-4th", "10th", "Doctorate", "5th-6th", "Preschool"],
        "marital-status": ["Married-civ-spouse", "Divorced", "Never-married", "Separated", "Widowed",
                           "Married-spouse-absent", "Married-AF-spouse"],
        "occupation": ["Tech-support", "Craft-repair", "Other-service", "Sales", "Exec-managerial",
                       "Prof-specialty", "Handlers-cleaners", "Machine-op-inspct", "Adm-clerical",
                       "Farming-fishing", "Transport-moving", "Priv-house-serv", "Protective-serv", "Armed-Forces"],
        "relationship": ["Wife", "Own-child", "Husband", "Not-in-family", "Other-relative", "Unmarried"],
        "race": ["White", "Asian-Pac-Islander", "Amer-Indian-Eskimo", "Other", "Black"],
        "sex": ["Female", "Male"],
        "native-country": [
            "United-States", "Cambodia", "England", "Puerto-Rico", "Canada", "Germany",
            "Outlying-US(Guam-USVI-etc)", "India", "Japan", "Greece", "South", "China", "Cuba", "Iran", "Honduras",
            "Philippines", "Italy", "Poland", "Jamaica", "Vietnam", "Mexico", "Portugal", "Ireland", "France",
            "Dominican-Republic", "Laos", "Ecuador", "Taiwan", "Haiti", "Columbia", "Hungary", "Guatemala",
            "Nicaragua", "Scotland", "Thailand", "Yugoslavia", "El-Salvador", "Trinadad&Tobago", "Peru", "Hong",
            "Holand-Netherlands",
        ],
        "income": ["<=50K", ">50K"],
    },
}  # fmt: skip


def adult_sample_path() -> Path:
    """Where the embedded Adult sample CSV is on disk, to pass to commands that read a file."""
    return _data_path("adult_sample.csv")


def seattle_weather_path() -> Path:
    """Where the embedded Seattle weather CSV is on disk: 1,461 days of NOAA observations (public domain), dates
    written ``2012/01/01``, a weather category and temperature extremes; read as a user's own file would be."""
    return _data_path("seattle_weather.csv")


def _data_path(name: str) -> Path:
    with as_file(files("genesis").joinpath("data", name)) as path:  # a real file in any wheel install
        return Path(path)


def load_adult_sample() -> pd.DataFrame:
    """Return 2,000 seeded rows of the UCI Adult census table (15 columns, missing values as NaN).

    Six integer columns (``age``, ``fnlwgt``, ``education-num``, ``capital-gain``, ``capital-loss``,
    ``hours-per-week``) and nine text columns, ``income`` being the usual prediction target. The data is
    CC BY 4.0 (Becker & Kohavi, 1996); see ``genesis/data/ATTRIBUTION.md``.
    """
    with files("genesis").joinpath("data", "adult_sample.csv").open("rb") as handle:
        return pd.read_csv(handle)

"""The bundled demo dataset loads with the documented columns, types and missing values."""

from __future__ import annotations

import pandas as pd

from genesis.datasets import load_adult_sample

ADULT_COLUMNS = [
    "age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
    "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country", "income",
]  # fmt: skip


def test_adult_sample_shape_and_columns() -> None:
    adult = load_adult_sample()
    assert adult.shape == (2_000, 15)
    assert list(adult.columns) == ADULT_COLUMNS


def test_adult_sample_types_and_missing_values() -> None:
    adult = load_adult_sample()
    for column in ["age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"]:
        assert pd.api.types.is_integer_dtype(adult[column]), column
    assert set(adult["income"]) == {"<=50K", ">50K"}
    assert adult["workclass"].isna().any()
    assert not adult.isin(["?"]).any().any()
    assert not adult["education"].str.startswith(" ").any()


def test_adult_sample_is_packaged_with_attribution() -> None:
    from importlib.resources import files

    attribution = files("genesis").joinpath("data", "ATTRIBUTION.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in attribution
    assert "Kohavi" in attribution

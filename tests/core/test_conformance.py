"""The built-in Gaussian copula passes the generator conformance kit it offers plugin authors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from genesis.datasets import load_adult_sample
from genesis.generators import GaussianCopulaGenerator
from genesis.testing import check_generator, check_seeds, check_shapes


def test_the_gaussian_copula_conforms(tmp_path: Path) -> None:
    check_generator(GaussianCopulaGenerator, load_adult_sample().head(800), tmp_path)


class _Unseeded(GaussianCopulaGenerator):
    """Ignores the seed it is given: every call is fresh randomness."""

    def generate(self, n: int, *, conditions: object = None, seed: object = None) -> pd.DataFrame:  # type: ignore[override]
        return super().generate(n, conditions=conditions)  # type: ignore[arg-type]


class _Retyped(GaussianCopulaGenerator):
    """Returns every column as text."""

    def generate(self, n: int, *, conditions: object = None, seed: object = None) -> pd.DataFrame:  # type: ignore[override]
        return super().generate(n, conditions=conditions, seed=seed).astype(str)  # type: ignore[arg-type]


def test_the_kit_catches_a_generator_that_ignores_its_seed() -> None:
    model = _Unseeded().fit(load_adult_sample().head(300))
    with pytest.raises(AssertionError, match=r"seed=5\) twice"):
        check_seeds(model)


def test_the_kit_catches_changed_dtypes() -> None:
    data = load_adult_sample().head(300)
    with pytest.raises(AssertionError, match="dtypes differ"):
        check_shapes(_Retyped().fit(data), data)

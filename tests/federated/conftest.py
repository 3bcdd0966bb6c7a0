"""Small seeded tables shared by the federated tests."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest


def mixed_frame(n: int, seed: int) -> pd.DataFrame:
    """Numbers (one with a point mass and nulls), an integer, categories with nulls, a boolean."""
    rng = np.random.default_rng(seed)
    x = rng.normal(50, 10, n)
    spend = np.where(rng.random(n) < 0.3, 0.0, np.round(rng.gamma(2.0, 100.0, n) + 0.3 * x, 2))
    spend[rng.random(n) < 0.1] = np.nan
    colour = rng.choice(["red", "green", "blue"], n, p=[0.5, 0.3, 0.2]).astype(object)
    colour[rng.random(n) < 0.05] = None
    return pd.DataFrame(
        {
            "x": x,
            "spend": spend,
            "visits": rng.poisson(3 + (x > 50), n).astype("int64"),
            "colour": pd.Series(colour, dtype="str"),
            "member": rng.random(n) < 0.4 + 0.004 * (x - 50),
        }
    )


@pytest.fixture(scope="session")
def frame() -> pd.DataFrame:
    return mixed_frame(900, seed=1)


def split(data: pd.DataFrame, parts: int) -> dict[str, pd.DataFrame]:
    """``data`` cut into consecutive named parts."""
    pieces = np.array_split(np.arange(len(data)), parts)
    return {f"site-{i}": data.iloc[idx].reset_index(drop=True) for i, idx in enumerate(pieces)}

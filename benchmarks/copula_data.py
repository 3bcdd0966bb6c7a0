"""The three tables of ``benchmarks/copula.py``: UCI Adult, scikit-learn's breast cancer, a seeded 20-column frame."""

from __future__ import annotations

import numpy as np
import pandas as pd
from adult_data import load_adult
from scipy import special

__all__ = ["DATASETS", "breast_cancer", "synthetic_frame"]


def breast_cancer() -> pd.DataFrame:
    """scikit-learn's bundled Wisconsin breast-cancer table: 569 rows, 30 features and the 0/1 ``target``."""
    from sklearn.datasets import load_breast_cancer

    return load_breast_cancer(as_frame=True).frame


def synthetic_frame(rows: int, seed: int = 20_261_125) -> pd.DataFrame:
    """A seeded mixed-type table with known dependence: 8 continuous, 4 integer, 6 categorical, 2 boolean.

    Every column is driven by four shared Gaussian factors, so pairs are correlated; it has skewed,
    bounded and bimodal columns, a zero-inflated count, categories from 3 to 200 levels, and nulls. Column
    names avoid words SDV reads as personal data (e.g. ``state``), which it would replace by fake values.
    """
    rng = np.random.default_rng(seed)
    factors = rng.standard_normal((rows, 4))
    loadings = rng.uniform(-0.8, 0.8, size=(4, 20))
    latent = factors @ loadings + rng.standard_normal((rows, 20)) * 0.6
    latent /= latent.std(axis=0)
    uniform = special.ndtr(latent)
    mode = rng.random(rows) < 0.35
    frame = pd.DataFrame(
        {
            "normal": 50 + 10 * latent[:, 0],
            "lognormal": np.exp(1.0 + 0.8 * latent[:, 1]),
            "gamma": -np.log1p(-uniform[:, 2]) * 3.0,
            "uniform": uniform[:, 3] * 100,
            "bimodal": np.where(mode, -4.0, 3.0) + latent[:, 4],
            "share": uniform[:, 5] ** 2,
            "heavy": np.sign(latent[:, 6]) * np.expm1(np.abs(latent[:, 6])),
            "measure": 1_000 + 250 * latent[:, 7],
            "visits": rng.poisson(np.exp(1.0 + 0.5 * latent[:, 8])),
            "claims": np.where(uniform[:, 9] < 0.7, 0, np.ceil(np.exp(2 + latent[:, 9]))).astype(np.int64),
            "age": np.clip(np.round(42 + 13 * latent[:, 10]), 18, 95).astype(np.int64),
            "income": np.round(np.exp(10.5 + 0.6 * latent[:, 11]), -2).astype(np.int64),
            "tier": np.array(["bronze", "silver", "gold"])[np.digitize(latent[:, 12], [-0.3, 0.9])],
            "region": np.array(list("ABCDE"))[np.minimum((uniform[:, 13] * 5).astype(int), 4)],
            "month": np.array([f"m{i:02d}" for i in range(12)])[np.minimum((uniform[:, 14] * 12).astype(int), 11)],
            "district": np.array([f"d{i:02d}" for i in range(50)])[
                np.minimum((uniform[:, 15] ** 1.5 * 50).astype(int), 49)
            ],
            "product": np.array([f"p{i:03d}" for i in range(200)])[
                np.minimum((uniform[:, 16] ** 2 * 200).astype(int), 199)
            ],
            "channel": np.array(["web", "store", "phone", "partner"])[np.digitize(latent[:, 17], [-1.0, 0.2, 1.2])],
            "active": latent[:, 18] > -0.5,
            "label": latent[:, 19] + 0.5 * latent[:, 0] > 0.8,
        }
    )
    frame.loc[rng.random(rows) < 0.05, "measure"] = np.nan
    frame.loc[rng.random(rows) < 0.03, "channel"] = None
    return frame


DATASETS = {
    "adult": load_adult,
    "breast_cancer": breast_cancer,
    "synthetic": synthetic_frame,
}

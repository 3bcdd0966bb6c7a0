"""Shared data for the natural-language, REST API and chat tests: a small seeded customers table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from genesis.schema import Schema, infer_schema

STATES = ["California", "New York", "Texas", "Florida", "Nevada", "North Carolina"]


def customers_frame(n: int = 300, seed: int = 7) -> pd.DataFrame:
    """Customers with known ranges: age 18-90, income 15k-250k, num_children 0-5, signups 2015-2024."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({
        "customer_id": np.arange(1, n + 1),
        "age": rng.integers(18, 91, n),
        "income": rng.uniform(15_000, 250_000, n).round(2),
        "state": rng.choice(STATES, n),
        "plan": rng.choice(["basic", "premium", "enterprise"], n),
        "status": rng.choice(["active", "churned", "paused"], n),
        "gender": rng.choice(["F", "M"], n),
        "signup_date": pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 3652, n), unit="D"),
        "is_smoker": rng.random(n) < 0.3,
        "num_children": rng.integers(0, 6, n),
    })  # fmt: skip
    frame.loc[0, ["age", "income", "num_children"]] = [18, 15_000.0, 0]
    frame.loc[1, ["age", "income", "num_children"]] = [90, 250_000.0, 5]
    frame.loc[0, "signup_date"], frame.loc[1, "signup_date"] = pd.Timestamp("2015-01-01"), pd.Timestamp("2024-12-31")
    return frame


@pytest.fixture(scope="session")
def customers() -> pd.DataFrame:
    return customers_frame()


@pytest.fixture(scope="session")
def schema(customers: pd.DataFrame) -> Schema:
    return infer_schema(customers)

"""The real tables the natural-language evaluation runs on, loaded with proper dtypes (dates as datetimes).

Every table comes from data shipped inside an installed package, so nothing is downloaded at run time:

* ``adult`` - the Adult census sample embedded in Genesis (:func:`genesis.datasets.load_adult_sample`).
* ``customers`` - a customers table built from real public data: age and sex of the Adult rows, the 50 states
  and DC with their capitals from the ``us`` package; plan, status, income, sign-up date, credit score and
  order count are drawn with a fixed seed around them (order counts zero-inflated, a point mass at 0).
* ``tips`` - the restaurant tips table (Bryant & Smith, 1995) shipped by plotly (``plotly.data.tips``).
* ``gapminder`` - the Gapminder country panel shipped by plotly (``plotly.data.gapminder``).
* ``stocks`` - weekly normalised closing prices of six tech stocks, 2018-2019, shipped by plotly.

The parser's unit tests do not use these tables.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

__all__ = ["TABLES", "load_table"]


def adult() -> pd.DataFrame:
    from genesis.datasets import load_adult_sample

    return load_adult_sample()


def customers(seed: int = 19) -> pd.DataFrame:
    import us

    rng = np.random.default_rng(seed)
    people = adult()[["age", "sex"]]
    n = len(people)
    states = [s for s in us.states.STATES_AND_TERRITORIES if not s.is_territory] + [us.states.DC]
    picked = rng.integers(0, len(states), n)
    gender = np.where(people["sex"].to_numpy() == "Female", "F", "M")
    gender[rng.random(n) < 0.04] = "X"
    plan = rng.choice(["free", "standard", "premium", "enterprise"], n, p=[0.35, 0.35, 0.2, 0.1])
    orders = rng.poisson(6, n)
    orders[rng.random(n) < 0.3] = 0
    return pd.DataFrame({
        "customer_id": np.arange(1, n + 1),
        "age": people["age"].to_numpy(),
        "income": np.exp(rng.normal(11.0, 0.55, n)).round(2),
        "state": [states[i].name for i in picked],
        "city": [states[i].capital for i in picked],
        "gender": gender,
        "status": rng.choice(["active", "churned", "paused", "trial"], n, p=[0.6, 0.2, 0.1, 0.1]),
        "plan": plan,
        "signup_date": pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 3288, n), unit="D"),
        "is_premium": np.isin(plan, ["premium", "enterprise"]),
        "credit_score": rng.normal(690, 70, n).clip(300, 850).round().astype(int),
        "order_count": orders,
    })  # fmt: skip


def tips() -> pd.DataFrame:
    import plotly.data

    return plotly.data.tips()


def gapminder() -> pd.DataFrame:
    import plotly.data

    return plotly.data.gapminder()


def stocks() -> pd.DataFrame:
    import plotly.data

    frame = plotly.data.stocks()
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


TABLES: dict[str, Callable[[], pd.DataFrame]] = {
    "adult": adult, "customers": customers, "tips": tips, "gapminder": gapminder, "stocks": stocks,
}  # fmt: skip


def load_table(name: str) -> pd.DataFrame:
    """The table called ``name`` (a key of :data:`TABLES`)."""
    return TABLES[name]()

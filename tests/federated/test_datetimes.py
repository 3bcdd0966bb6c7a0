"""Datetime columns train across sites: time on a public range of whole years."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from genesis.errors import ConfigError
from genesis_federated import DataSite, Domain, FederatedGenerator, SiteConfig
from tests.core.nl.conftest import customers_frame


def _federated(parts: list[pd.DataFrame]) -> FederatedGenerator:
    domain = Domain.merge(Domain.infer(part) for part in parts)
    federated = FederatedGenerator(domain=domain)
    for i, part in enumerate(parts):
        federated.add_site(DataSite(f"site-{i}", part, SiteConfig(f"site-{i}", min_samples=1)))
    federated.train(1)
    return federated


def test_the_customers_table_with_a_signup_date_trains_across_sites() -> None:
    customers = customers_frame(900, seed=3)  # integer id, numbers, categories, a sign-up date, a boolean
    federated = _federated([customers.iloc[:300], customers.iloc[300:650], customers.iloc[650:]])
    domain = federated.generator.schema  # the pooled model's schema
    assert domain["signup_date"].kind == "datetime"
    assert domain["signup_date"].minimum == "2015-01-01T00:00:00"  # public bounds: whole years
    synthetic = federated.generate(3000, seed=1)
    dates = synthetic["signup_date"]
    assert dates.dtype == customers["signup_date"].dtype
    assert dates.between(pd.Timestamp("2015-01-01"), pd.Timestamp("2025-01-01")).all()
    assert (dates == dates.dt.normalize()).all()  # still dates: the day step is kept
    real_years = customers["signup_date"].dt.year.value_counts(normalize=True).sort_index()
    synthetic_years = dates.dt.year.value_counts(normalize=True).reindex(real_years.index, fill_value=0.0)
    assert 0.5 * np.abs(real_years - synthetic_years).sum() < 0.08
    assert set(synthetic.columns) == set(customers.columns) - {"customer_id"}  # identifiers never leave a site
    assert synthetic["is_smoker"].dtype == bool


def test_sites_must_agree_on_a_datetime_dtype() -> None:
    stamps = pd.Series(pd.date_range("2020-01-01", periods=40, freq="D"))
    first = pd.DataFrame({"at": stamps.astype("datetime64[s]")})
    second = pd.DataFrame({"at": stamps.dt.tz_localize("UTC")})
    with pytest.raises(ConfigError, match="declare one dtype"):
        Domain.merge([Domain.infer(first), Domain.infer(second)])

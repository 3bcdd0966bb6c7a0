"""Spec records: canonical names, validation, immutability."""

from __future__ import annotations

import dataclasses

import pytest

from genesis.errors import ConfigError
from genesis.plugins.types import GeneratorSpec, SinkSpec, normalize_name


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("gaussian_copula", "gaussian-copula"),
        ("Gaussian Copula", "gaussian-copula"),
        ("csv", "csv"),
        ("a.b_c", "a-b-c"),
    ],
)
def test_names_are_normalised_to_kebab_case(raw: str, canonical: str) -> None:
    assert normalize_name(raw) == canonical
    assert GeneratorSpec(name=raw, summary="s", factory=dict).name == canonical


@pytest.mark.parametrize("bad", ["", "bad/name", "-leading", "x--y"])
def test_invalid_names_are_rejected(bad: str) -> None:
    with pytest.raises(ConfigError, match="invalid component name"):
        normalize_name(bad)


def test_records_are_frozen_and_validated() -> None:
    spec = SinkSpec(name="csv", summary="CSV file", factory=dict, requires=["pandas>=2"])
    assert spec.requires == ("pandas>=2",)
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.name = "other"  # type: ignore[misc]
    with pytest.raises(ConfigError, match="factory must be callable"):
        SinkSpec(name="csv", summary="CSV", factory="not callable")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="summary must not be empty"):
        SinkSpec(name="csv", summary=" ", factory=dict)


def test_create_passes_keyword_arguments_to_the_factory() -> None:
    spec = GeneratorSpec(name="g", summary="s", factory=dict)
    assert spec.create(a=1) == {"a": 1}

"""``genesis plugins list`` names every component by kind: what --method, --sink, --engine and --parser take."""

from __future__ import annotations

import json
import re

import pytest

from genesis.cli.app import main
from genesis.plugins.listing import KIND_ORDER
from genesis.plugins.registry import SPEC_TYPES


def test_every_kind_is_listed_in_order() -> None:
    assert sorted(KIND_ORDER) == sorted(SPEC_TYPES)


def test_json_lists_each_component_with_summary_and_distribution(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--no-plugins", "plugins", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    components = {(row["kind"], row["name"]): row for row in listed["components"]}
    copula = components["generator", "gaussian-copula"]
    assert copula["plugin"] == "genesis" and copula["distribution"] == "genesis-core"
    assert copula["summary"].startswith("Gaussian copula")
    for kind, name in [("sampler", "rejection"), ("sink", "parquet"), ("reporter", "json"), ("executor", "local"),
                       ("nl-parser", "rule-based")]:
        assert (kind, name) in components
    assert components["sink", "parquet"]["requires"] == ["pyarrow>=15"]
    kinds = [row["kind"] for row in listed["components"]]
    assert kinds == sorted(kinds, key=KIND_ORDER.index)


def test_the_table_shows_a_panel_per_kind_with_the_option_that_takes_it(capsys: pytest.CaptureFixture[str],
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "140")
    assert main(["--no-plugins", "plugins", "list"]) == 0
    out = capsys.readouterr().out
    for title in ("Generators (--method)", "Samplers", "Sinks (--sink)", "Reporters", "Executors (--engine)",
                  "Parsers (--parser)", "Plugins"):
        assert title in out
    assert re.search(r"│ gaussian-copula +│ Gaussian copula.*│ genesis-core +│", out)
    assert out.index("Generators") < out.index("Sinks") < out.index("Plugins")

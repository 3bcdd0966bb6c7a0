"""Real third-party plugin distributions (tests/plugins) installed into the test environment.

A good plugin (generator + CLI command), one whose import fails and one that clashes on a name.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest

from genesis.errors import PluginConflictError, PluginLoadError
from genesis.plugins import GeneratorSpec
from genesis.plugins.manager import get_plugin_manager, reset_plugin_manager

pytestmark = [pytest.mark.plugins_installed, pytest.mark.autoload]

GENESIS = str(Path(sys.executable).with_name("genesis"))
TEST_PLUGINS = ["genesis-plugin-example", "genesis-plugin-broken", "genesis-plugin-conflict"]


@pytest.fixture(autouse=True, scope="module")
def _require_test_plugins() -> None:
    missing = []
    for dist in TEST_PLUGINS:
        try:
            version(dist)
        except PackageNotFoundError:
            missing.append(dist)
    if missing:
        paths = " ".join("tests/plugins/" + m for m in missing)
        pytest.fail(f"install the test plugins first (nox does): uv pip install {paths}")


def _genesis(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GENESIS_")} | env
    return subprocess.run([GENESIS, *args], capture_output=True, text=True, env=environment, timeout=60)


def test_plugins_list_shows_each_plugin_with_its_status() -> None:
    result = _genesis("plugins", "list", "--json")
    assert result.returncode == 0, result.stderr
    rows = {row["name"]: row for row in json.loads(result.stdout)["plugins"]}
    assert rows["example"]["status"] == "active"
    assert rows["example"]["distribution"] == "genesis-plugin-example"
    assert rows["example"]["version"] == "0.1.0"
    assert rows["example"]["hooks"] == ["genesis_generators"]
    assert rows["broken"]["status"] == "broken"
    assert "genesis_dependency_that_does_not_exist" in rows["broken"]["error"]
    assert rows["conflict"]["status"] == "active"
    assert "failed to load" in result.stderr
    assert len([line for line in result.stderr.splitlines() if "broken" in line]) == 1
    components = {(row["kind"], row["name"]): row for row in json.loads(result.stdout)["components"]}
    clash = components["generator", "independent-marginals"]
    assert {clash["plugin"], *clash["also_provided_by"]} == {"example", "conflict"}
    assert components["generator", "gaussian-copula"]["distribution"] == "genesis-core"


def test_a_broken_plugin_never_breaks_the_cli() -> None:
    result = _genesis("--help")
    assert result.returncode == 0
    assert "Plugin commands" in result.stdout
    assert "example" in result.stdout
    assert "broken" in result.stdout


def test_plugin_commands_are_discovered_and_run() -> None:
    result = _genesis("example", "hello", "genesis")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "hello genesis from genesis-plugin-example"


def test_a_broken_plugin_command_explains_itself() -> None:
    result = _genesis("broken")
    assert result.returncode == 1
    assert "cannot be imported" in result.stderr


def test_doctor_reports_load_errors_and_conflicts() -> None:
    result = _genesis("plugins", "doctor")
    assert result.returncode == 1
    assert "load errors:" in result.stdout and "genesis-plugin-broken" in result.stdout
    assert "conflicts:" in result.stdout and "independent-marginals" in result.stdout


def test_doctor_is_clean_once_the_bad_plugins_are_disabled() -> None:
    result = _genesis("plugins", "doctor", GENESIS_DISABLE_PLUGINS="broken,conflict")
    assert result.returncode == 0, result.stdout
    listed = {row["name"]: row["status"] for row in json.loads(
        _genesis("plugins", "list", "--json", GENESIS_DISABLE_PLUGINS="broken,conflict").stdout)["plugins"]}
    assert listed["broken"] == "disabled"
    assert listed["example"] == "active"


def test_no_plugins_switch_loads_builtins_only() -> None:
    result = _genesis("--no-plugins", "plugins", "list", "--json")
    statuses = {row["name"]: row["status"] for row in json.loads(result.stdout)["plugins"]}
    assert statuses["genesis"] == "active"
    assert statuses["example"] == "disabled"
    assert "failed to load" not in result.stderr


def test_conflicting_names_raise_naming_both_providers() -> None:
    with pytest.raises(PluginConflictError, match=r"independent-marginals.*(example.*conflict|conflict.*example)"):
        get_plugin_manager().specs(GeneratorSpec)
    with pytest.raises(PluginConflictError, match="independent-marginals"):
        get_plugin_manager().get(GeneratorSpec, "independent_marginals")


def test_a_clash_on_one_name_never_blocks_the_others() -> None:
    assert get_plugin_manager().get(GeneratorSpec, "gaussian_copula").plugin == "genesis"


def test_third_party_generator_works_once_the_clash_is_blocked(monkeypatch: pytest.MonkeyPatch) -> None:
    import pandas as pd

    monkeypatch.setenv("GENESIS_DISABLE_PLUGINS", "conflict")
    reset_plugin_manager()
    spec = get_plugin_manager().get(GeneratorSpec, "independent-marginals")
    assert spec.plugin == "example"
    data = pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]})
    out = spec.create().fit(data).generate(50, seed=1)
    assert list(out.columns) == ["a", "b"]
    assert len(out) == 50
    assert set(out["b"]) <= {"x", "y", "z"}


def test_strict_mode_raises_on_the_first_load_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GENESIS_STRICT_PLUGINS", "1")
    reset_plugin_manager()
    with pytest.raises(PluginLoadError, match="broken"):
        get_plugin_manager()

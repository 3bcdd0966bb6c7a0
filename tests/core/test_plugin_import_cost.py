"""Loading plugins stays light: entry points and registration hooks import no data or plotting libraries.

Every ``genesis`` command loads every installed plugin, so a plugin whose entry point imports pandas makes
``genesis --help`` pay for it. Hook implementations import their heavy code when a component is created.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

HEAVY = ["pandas", "numpy", "plotly", "scipy", "pyarrow"]
GROUPS = ["genesis", "genesis.cli", "genesis.cli.stream"]
SAMPLE = Path(__file__).resolve().parents[2] / "genesis-core" / "src" / "genesis" / "data" / "adult_sample.csv"

_PROBE = """
import json, sys
from importlib.metadata import entry_points
group, name = sys.argv[1], sys.argv[2]
(ep,) = [ep for ep in entry_points(group=group) if ep.name == name]
try:
    ep.load()
    outcome = "loaded"
except Exception as exc:  # a deliberately broken test plugin still must not drag heavy imports in
    outcome = type(exc).__name__
print(json.dumps({"outcome": outcome, "heavy": [m for m in HEAVY if m in sys.modules]}))
"""

_REGISTER_ALL = """
import json, sys
from genesis.plugins import get_plugin_manager
from genesis.plugins.registry import SPEC_TYPES, find_conflicts
manager = get_plugin_manager()
for spec_type in SPEC_TYPES.values():
    find_conflicts(manager.pm, spec_type)  # calls every registration hook
print(json.dumps([m for m in HEAVY if m in sys.modules]))
"""


def _run(code: str, *args: str) -> object:
    script = f"HEAVY = {HEAVY!r}\n{code}"
    done = subprocess.run([sys.executable, "-c", script, *args], check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


INSTALLED = sorted({(group, ep.name) for group in GROUPS for ep in entry_points(group=group)})


def test_the_first_party_plugins_are_installed_here() -> None:
    """Guards the parametrisation below: without entry points the import checks would check nothing."""
    assert any(group == "genesis" for group, _ in INSTALLED)


@pytest.mark.parametrize(("group", "name"), INSTALLED, ids=[f"{g}:{n}" for g, n in INSTALLED])
def test_loading_an_entry_point_imports_no_heavy_library(group: str, name: str) -> None:
    result = _run(_PROBE, group, name)
    assert isinstance(result, dict)
    assert result["heavy"] == [], f"{group}:{name} ({result['outcome']}) imported {result['heavy']}"


def test_registering_every_plugin_imports_no_heavy_library() -> None:
    assert _run(_REGISTER_ALL) == []


@pytest.mark.parametrize("where", [[], ["--where", "age>=50"]], ids=["plain", "conditioned"])
def test_generate_never_imports_scipy_stats(tmp_path: Path, where: list[str]) -> None:
    """``scipy.stats`` costs about half a second to import; fitting and sampling need only ``scipy.special``."""
    code = ("import sys; from genesis.cli.app import main; "
            f"rc = main(['-q', 'generate', {str(SAMPLE)!r}, '-n', '200', '-o', {str(tmp_path / 'out.csv')!r}, "
            f"*{where!r}]); print(rc, 'scipy.stats' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.split()[-2:] == ["0", "False"], done.stderr

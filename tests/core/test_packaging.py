"""Lock-step versions, extras that point at the siblings, and the dependency direction between distributions."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

import genesis

ROOT = Path(__file__).resolve().parents[2]
SIBLINGS = ["kafka", "websocket", "federated", "dashboard"]


def _project(folder: str) -> dict[str, object]:
    return tomllib.loads((ROOT / folder / "pyproject.toml").read_text())["project"]


def test_every_distribution_has_the_core_version() -> None:
    versions = {folder: _project(folder)["version"] for folder in ["genesis-core", *[f"genesis-{s}" for s in SIBLINGS]]}
    assert set(versions.values()) == {genesis.__version__}, versions


def test_core_extras_pin_the_siblings_exactly() -> None:
    extras = _project("genesis-core")["optional-dependencies"]
    assert isinstance(extras, dict)
    for sibling in SIBLINGS:
        assert extras[sibling] == [f"genesis-{sibling}=={genesis.__version__}"]
    assert sorted(extras["all"]) == sorted(f"genesis-{s}=={genesis.__version__}" for s in SIBLINGS)


@pytest.mark.parametrize("sibling", SIBLINGS)
def test_siblings_pin_core_and_register_their_plugin(sibling: str) -> None:
    project = _project(f"genesis-{sibling}")
    assert f"genesis-core=={genesis.__version__}" in project["dependencies"]  # type: ignore[operator]
    assert project["entry-points"]["genesis"] == {sibling: f"genesis_{sibling}.plugin"}  # type: ignore[index]


def _imported_modules(folder: Path) -> list[tuple[Path, str]]:
    found = []
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                found += [(path, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found += [(path, node.module)] + [(path, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def test_core_never_imports_a_sibling() -> None:
    offenders = [
        (str(path), name)
        for path, name in _imported_modules(ROOT / "genesis-core" / "src")
        if name.split(".")[0] in {f"genesis_{s}" for s in SIBLINGS}
    ]
    assert offenders == []


@pytest.mark.parametrize("sibling", SIBLINGS)
def test_siblings_import_only_public_genesis_names(sibling: str) -> None:
    offenders = [
        (str(path), name)
        for path, name in _imported_modules(ROOT / f"genesis-{sibling}" / "src")
        if name.split(".")[0] == "genesis" and any(part.startswith("_") for part in name.split("."))
    ]
    assert offenders == []

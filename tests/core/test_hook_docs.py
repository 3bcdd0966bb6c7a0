"""Meta-tests: every hookspec is documented with its exact signature, and the test plugin covers the contract."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from genesis.plugins import hookspecs

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "plugins.md"


def _hookspecs() -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(fn)
        for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
        if name.startswith("genesis_")
    }


def test_every_hookspec_has_a_heading_with_its_exact_signature() -> None:
    headings = dict(re.findall(r"^### `(genesis_\w+)(\(.*\) -> .*)`$", GUIDE.read_text(), flags=re.MULTILINE))
    specs = _hookspecs()
    assert sorted(headings) == sorted(specs)
    for name, signature in specs.items():
        assert headings[name] == str(signature).replace("'", ""), name


def test_every_hookspec_has_a_docstring_with_an_example() -> None:
    for name in _hookspecs():
        doc = getattr(hookspecs, name).__doc__ or ""
        assert "Example::" in doc and "@hookimpl" in doc, name

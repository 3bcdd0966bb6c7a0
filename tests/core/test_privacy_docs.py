"""Every privacy claim in the docs is backed by a test that attacks it.

docs/privacy.md holds the claims: each of its list items ends with ``[test: path::name]`` tags. A tag must
name a test function that exists. Elsewhere in the docs, a paragraph that makes a privacy claim about saved
models or generated values points to docs/privacy.md (or carries a tag itself).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
TAG = re.compile(r"\[test: ([\w/.-]+\.py)::(\w+)\]")
#: Wording that makes a privacy claim about what Genesis stores or generates.
CLAIM = re.compile(
    r"never replay|recover|hash(es)? of (a |the )?real|no real value|real values? (appear|is stored|are stored)"
    r"|privacy=\"strict\"|--privacy|memoris|epsilon spent|differentially private generator",
    re.IGNORECASE,
)


def _paragraphs(text: str) -> list[str]:
    """Paragraphs and list items (a list item runs until the next item or a blank line)."""
    blocks = re.split(r"\n\s*\n|\n(?=\s*[-*] |\s*\d+\. |\|)", text)
    return [block.strip() for block in blocks if block.strip()]


def _tests_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef) and node.name.startswith("test")}


def test_every_claim_in_privacy_md_names_a_test() -> None:
    text = (DOCS / "privacy.md").read_text(encoding="utf-8")
    items = [block for block in _paragraphs(text) if block.startswith("- ")]
    assert len(items) >= 9  # the parser found the claims
    untagged = [item.splitlines()[0] for item in items if not TAG.search(item)]
    assert untagged == []


@pytest.mark.parametrize("doc", sorted(DOCS.glob("*.md")), ids=lambda path: path.name)
def test_every_tag_names_an_existing_test(doc: Path) -> None:
    for path, name in TAG.findall(doc.read_text(encoding="utf-8")):
        file = ROOT / path
        assert file.is_file(), f"{doc.name}: no test file {path}"
        assert name in _tests_in(file), f"{doc.name}: no test {name} in {path}"


@pytest.mark.parametrize("doc", sorted(DOCS.glob("*.md")), ids=lambda path: path.name)
def test_privacy_claims_elsewhere_point_to_their_tests(doc: Path) -> None:
    if doc.name in {"privacy.md", "federated.md"}:  # privacy.md is checked above; federated DP: its own tests
        return
    unbacked = [
        block.splitlines()[0]
        for block in _paragraphs(doc.read_text(encoding="utf-8"))
        if CLAIM.search(block) and "privacy.md" not in block and not TAG.search(block)
    ]
    assert unbacked == []

"""docs/coming-from-sdv.md works as written: its Python and shell blocks run in order, in one session.

The blocks share one namespace and one working folder, as a reader pasting them would, so a later block may use
a file an earlier command wrote. The shell commands run through the installed ``genesis`` console script from a
folder laid out like the repository root (the page's data path points into ``genesis-core``).
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "coming-from-sdv.md"
SAMPLE = Path("genesis-core/src/genesis/data/adult_sample.csv")
BLOCK = re.compile(r"^```(python|bash)\n(.*?)^```", re.MULTILINE | re.DOTALL)
GENESIS = Path(sys.executable).with_name("genesis")


def _blocks() -> list[tuple[str, str]]:
    return [(match.group(1), match.group(2)) for match in BLOCK.finditer(PAGE.read_text(encoding="utf-8"))]


def test_the_page_has_python_and_cli_blocks() -> None:
    kinds = [kind for kind, _ in _blocks()]
    assert kinds.count("python") >= 8 and kinds.count("bash") >= 3


def test_every_block_runs_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / SAMPLE).parent.mkdir(parents=True)
    (tmp_path / SAMPLE).symlink_to(ROOT / SAMPLE)
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "coming_from_sdv"}
    for index, (kind, code) in enumerate(_blocks()):
        if kind == "python":
            exec(compile(code, f"{PAGE.name}[block {index}]", "exec"), namespace)
            continue
        for line in code.splitlines():
            words = shlex.split(line, comments=True)
            assert words and words[0] == "genesis", f"block {index}: not a genesis command: {line!r}"
            done = subprocess.run([str(GENESIS), *words[1:]], capture_output=True, text=True, timeout=120, check=False)
            assert done.returncode == 0, f"block {index}: {line!r} failed:\n{done.stderr}"
    assert Path("schema.yaml").is_file() and Path("constrained.csv").is_file()

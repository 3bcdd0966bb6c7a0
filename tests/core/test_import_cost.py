"""``import genesis`` stays light: no CLI libraries, no sibling distributions."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ["typer", "rich", "genesis_kafka", "genesis_websocket", "genesis_federated", "genesis_dashboard"]


def test_import_genesis_imports_neither_cli_libraries_nor_siblings() -> None:
    code = f"import json, sys, genesis; print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)
    assert loaded == []

"""Run inside a venv holding only the built wheels: the CLI works and lists all four siblings as active."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

SIBLINGS = {"kafka": "genesis-kafka", "websocket": "genesis-websocket", "federated": "genesis-federated",
            "dashboard": "genesis-dashboard"}


def main() -> int:
    genesis = shutil.which("genesis")
    if genesis is None:
        print("the genesis console script is missing from the wheel install", file=sys.stderr)
        return 1
    listed = subprocess.run([genesis, "plugins", "list", "--json"], check=True, capture_output=True, text=True)
    rows = {row["name"]: row for row in json.loads(listed.stdout)["plugins"]}
    problems = [
        f"{name}: {rows.get(name)}"
        for name, dist in SIBLINGS.items()
        if rows.get(name, {}).get("status") != "active" or rows[name]["distribution"] != dist
    ]
    if problems:
        print("siblings missing or not active after a wheel install:\n" + "\n".join(problems), file=sys.stderr)
        return 1
    print(f"wheels: genesis plugins list shows {', '.join(sorted(SIBLINGS))} active")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

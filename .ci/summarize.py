"""Print 'tests: N passed, N failed, N skipped' over every JUnit XML report in a folder; exit 1 on failures."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def main(folder: str) -> int:
    passed = failed = skipped = 0
    for report in sorted(Path(folder).glob("*.xml")):
        for suite in ET.parse(report).getroot().iter("testsuite"):
            total, errors, failures = (int(suite.get(key, 0)) for key in ("tests", "errors", "failures"))
            skips = int(suite.get("skipped", 0))
            failed += errors + failures
            skipped += skips
            passed += total - errors - failures - skips
    print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))

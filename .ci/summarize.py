"""Print one line of distinct test outcomes over every JUnit XML report in a folder; exit 1 on failures.

The same test can run in more than one nox session (each distribution alone, built wheels, everything together):
a test id (``classname::name``) counts once. It has failed if it failed or errored in any report, passed if it
passed in at least one and failed in none, and is skipped only if every report skipped it.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from pathlib import Path

#: Worst first: a test's outcome over several reports is the worst one seen.
OUTCOMES = ("failed", "passed", "skipped")


def outcomes(report: Path) -> Iterator[tuple[str, str]]:
    """``(test id, outcome)`` for every test case of one JUnit report."""
    for case in ET.parse(report).getroot().iter("testcase"):
        test_id = f"{case.get('classname', '')}::{case.get('name', '')}"
        if case.find("failure") is not None or case.find("error") is not None:
            yield test_id, "failed"
        elif case.find("skipped") is not None:
            yield test_id, "skipped"
        else:
            yield test_id, "passed"


def merge(results: Iterable[tuple[str, str]]) -> dict[str, str]:
    """One outcome per distinct test id: the worst it had in any report."""
    merged: dict[str, str] = {}
    for test_id, outcome in results:
        previous = merged.get(test_id)
        if previous is None or OUTCOMES.index(outcome) < OUTCOMES.index(previous):
            merged[test_id] = outcome
    return merged


def summary(folder: Path) -> tuple[str, int]:
    """The summary line over every ``*.xml`` report in ``folder`` and the exit code it implies."""
    reports = sorted(folder.glob("*.xml"))
    runs = [pair for report in reports for pair in outcomes(report)]
    merged = merge(runs)
    counts = {outcome: sum(1 for value in merged.values() if value == outcome) for outcome in OUTCOMES}
    line = f"tests: {counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped"
    detail = f"({len(merged)} distinct tests, {len(runs)} runs over {len(reports)} reports)"
    return f"{line}\n{detail}", 1 if counts["failed"] or not counts["passed"] else 0


def main(folder: str) -> int:
    line, code = summary(Path(folder))
    print(line)
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))

"""The CI summary counts distinct tests: two reports of the same test ids count once."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / ".ci" / "summarize.py"


@pytest.fixture(scope="module")
def summarize() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ci_summarize", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _report(path: Path, cases: dict[str, str]) -> None:
    body = {"passed": "", "failed": "<failure message='boom'/>", "error": "<error message='x'/>",
            "skipped": "<skipped message='why'/>"}
    rows = "".join(f'<testcase classname="tests.mod" name="{name}" time="0.1">{body[outcome]}</testcase>'
                   for name, outcome in cases.items())
    path.write_text(f'<?xml version="1.0"?><testsuites><testsuite name="pytest" tests="{len(cases)}">{rows}'
                    "</testsuite></testsuites>")


def test_two_reports_of_the_same_tests_count_once(summarize: ModuleType, tmp_path: Path) -> None:
    cases = {"test_a": "passed", "test_b": "passed", "test_c": "skipped"}
    _report(tmp_path / "tests-core.xml", cases)
    _report(tmp_path / "all.xml", cases)
    line, code = summarize.summary(tmp_path)
    assert line.splitlines()[0] == "tests: 2 passed, 0 failed, 1 skipped"
    assert "3 distinct tests, 6 runs over 2 reports" in line
    assert code == 0


def test_a_failure_in_any_report_fails_the_test_and_the_run(summarize: ModuleType, tmp_path: Path) -> None:
    _report(tmp_path / "one.xml", {"test_a": "passed", "test_b": "skipped"})
    _report(tmp_path / "two.xml", {"test_a": "error", "test_b": "passed"})
    line, code = summarize.summary(tmp_path)
    assert line.splitlines()[0] == "tests: 1 passed, 1 failed, 0 skipped"
    assert code == 1


def test_no_passed_test_is_a_failed_run(summarize: ModuleType, tmp_path: Path) -> None:
    _report(tmp_path / "one.xml", {"test_a": "skipped"})
    assert summarize.summary(tmp_path)[1] == 1

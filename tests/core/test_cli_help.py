"""Help reads alike everywhere: Rich panels at the root too, whole summaries, usual metavars, completion at the root."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from typer import _click as click

from genesis.cli.app import main
from genesis.cli.lazy_group import BUILTIN_COMMANDS, BUILTIN_SUMMARIES, LazyCommandGroup


def _help(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *argv: str, width: int = 100) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    assert main([*argv, "--help"]) == 0
    return capsys.readouterr().out


def test_root_help_shows_options_and_commands_in_panels(capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    out = _help(capsys, monkeypatch)
    assert "Usage: genesis [OPTIONS] COMMAND [ARGS]..." in out
    assert re.search(r"╭─ Options ─+╮", out)
    assert re.search(r"╭─ Commands ─+╮", out)
    for name in BUILTIN_COMMANDS:
        assert re.search(rf"│ {name} +\S", out), name


def test_root_help_summaries_are_the_commands_own(capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    assert set(BUILTIN_SUMMARIES) == set(BUILTIN_COMMANDS)
    group = LazyCommandGroup()
    ctx = click.Context(group)
    for name, summary in BUILTIN_SUMMARIES.items():
        command = group.get_command(ctx, name)
        assert command is not None and command.get_short_help_str(limit=10_000) == summary, name
    out = " ".join(line.strip("│ ") for line in _help(capsys, monkeypatch, width=400).splitlines())
    for name, summary in BUILTIN_SUMMARIES.items():
        assert f"{name} {summary}" in " ".join(out.split()), name


def test_root_help_imports_no_builtin_command() -> None:
    code = ("import sys; from genesis.cli.app import main; rc = main(['--help']); "
            "print(sorted(m for m in sys.modules if m.startswith('genesis.cli.') and m.endswith(('_cmd', 'demo', "
            "'generate'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_root_help_never_truncates_a_summary(capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    out = _help(capsys, monkeypatch, width=60)
    text = " ".join(line.strip("│ ╭╮╰╯─") for line in out.splitlines())
    assert "..." not in text.replace("COMMAND [ARGS]...", "")
    assert "/v1/datasets" in text  # the end of `serve`'s summary, the longest one


def test_completion_options_only_at_the_root(capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    assert "--install-completion" in _help(capsys, monkeypatch)
    for argv in (["generate"], ["chat"], ["plugins"], ["plugins", "list"], ["lineage"], ["stream"]):
        out = _help(capsys, monkeypatch, *argv)
        assert "--install-completion" not in out, argv
        assert "--show-completion" not in out, argv


def test_subcommand_help_uses_the_usual_metavars(capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    out = _help(capsys, monkeypatch, "generate", width=140)
    assert "Usage: genesis generate [OPTIONS] DATA" in out
    assert re.search(r"--rows +-n +INTEGER", out)
    assert re.search(r"--output +-o +PATH", out)
    assert re.search(r"--method +TEXT", out)
    assert re.search(r"│ \*? *DATA +PATH", out)
    assert not re.search(r"<(int|str|path|bool|list\[str\])>", out)
    assert re.search(r"--help +Show this message", out)  # a flag shows no metavar


def test_a_missing_argument_is_named_in_capitals(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate"]) == 2
    assert "Missing argument 'DATA'" in capsys.readouterr().err

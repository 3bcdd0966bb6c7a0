"""The CLI shell: help, version, errors as one red line, plugin switches, progress on stderr."""

from __future__ import annotations

import sys

import pytest

from genesis.cli.app import main
from genesis.cli.progress import progress


def test_help_lists_the_builtin_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "demo" in out
    assert "plugins" in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == "genesis 1.3.0"


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["no-such-command"]) == 2
    assert "No such command" in capsys.readouterr().err


def test_genesis_errors_are_one_red_line_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--rows", "0"]) == 1
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert len(lines) == 1
    assert lines[0].startswith("error:")
    assert "--rows" in lines[0]
    assert "Traceback" not in captured.err


def test_debug_shows_the_traceback() -> None:
    from genesis.errors import ConfigError

    with pytest.raises(ConfigError):
        main(["--debug", "demo", "--rows", "0"])


def test_plugins_list_json_shows_the_builtins(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert main(["--no-plugins", "plugins", "list", "--json"]) == 0
    rows = {row["name"]: row for row in json.loads(capsys.readouterr().out)["plugins"]}
    assert rows["genesis"]["status"] == "active"
    assert rows["genesis"]["distribution"] == "genesis-core"
    assert "genesis_generators" in rows["genesis"]["hooks"]


def test_plain_progress_lines_go_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    with progress("rows", total=10, interval=0.0) as bar:
        bar.advance(4)
        bar.advance(6)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "rows: 10/10 (100%)" in captured.err


def test_plain_progress_counts_have_thousands_separators(capsys: pytest.CaptureFixture[str]) -> None:
    with progress("rows", total=12_000, interval=0.0) as bar:
        bar.advance(12_000)
    assert "rows: 12,000/12,000 (100%)" in capsys.readouterr().err


def test_quiet_progress_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    with progress("rows", total=10, quiet=True) as bar:
        bar.advance(10)
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize(("argv", "extra"), [(["dashboard", "a.csv", "b.csv"], "dashboard"),
                                             (["stream", "kafka", "data.csv"], "kafka"),
                                             (["stream", "websocket", "data.csv"], "websocket")])
def test_first_party_commands_name_the_install_command_when_their_sibling_is_missing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str], extra: str
) -> None:
    monkeypatch.setitem(sys.modules, f"genesis_{extra}", None)
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert f'pip install "genesis-core[{extra}]"' in err
    assert len([line for line in err.splitlines() if line.strip()]) == 1


def test_a_slow_phase_says_what_it_does_and_how_long_it_took(capsys: pytest.CaptureFixture[str]) -> None:
    import time

    from genesis.cli.status import phase

    with phase("fitting gaussian-copula on a.csv (2,000 rows x 3 columns)", "fitted", after=0.05):
        time.sleep(0.3)
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert lines[0] == "fitting gaussian-copula on a.csv (2,000 rows x 3 columns)..."
    assert lines[1].startswith("fitted in 0.") and lines[1].endswith(" s")


def test_a_quick_phase_and_a_quiet_one_print_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    from genesis.cli.status import phase

    with phase("scoring", "scored", after=5.0):
        pass
    with phase("scoring", "scored", quiet=True, after=0.0):
        pass
    assert capsys.readouterr() == ("", "")


def test_a_failed_phase_prints_no_done_line(capsys: pytest.CaptureFixture[str]) -> None:
    from genesis.cli.status import phase

    with pytest.raises(RuntimeError), phase("rendering", "rendered", after=0.0):
        raise RuntimeError("boom")
    assert capsys.readouterr().err.splitlines() == ["rendering..."]

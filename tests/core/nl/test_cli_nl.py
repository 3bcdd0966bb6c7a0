"""`genesis chat` driven through standard input and `genesis discover` on CSV and Parquet in every format."""

from __future__ import annotations

import json
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from genesis.cli.chat_session import ChatSession, write_frame
from genesis.cli.discover_cmd import app as discover_app
from genesis.errors import ConfigError
from genesis.nl import RuleBasedParser
from genesis.pipeline import Pipeline
from genesis.plugins import GeneratorSpec, get_plugin_manager
from genesis.schema import ColumnKind, Schema


def genesis(*args: str, stdin: str = "", timeout: float = 180) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GENESIS_DISABLE_PLUGIN_AUTOLOAD": "1", "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "genesis.cli.app", *args], input=stdin, capture_output=True,
                          text=True, timeout=timeout, env=env)


@pytest.fixture(scope="module")
def parquet_path(tmp_path_factory: pytest.TempPathFactory, customers: pd.DataFrame) -> Path:
    path = tmp_path_factory.mktemp("data") / "customers.parquet"
    customers.assign(email=[f"person{i}@example.org" for i in range(len(customers))]).to_parquet(path)
    return path


def test_chat_session_over_piped_stdin(tmp_path: Path, parquet_path: Path) -> None:
    out = tmp_path / "out.csv"
    script = "\n".join(["Generate some customer data", "40", "60 women over 50 in Texas", f"save {out}", "exit",
                        "this line is never read"]) + "\n"
    result = genesis("chat", "--data", str(parquet_path), "--seed", "4", stdin=script)
    assert result.returncode == 0, result.stderr
    assert "How many samples?" in result.stdout and "Any specific conditions?" in result.stdout
    assert "generated 40 rows" in result.stdout and "generated 60 rows" in result.stdout
    assert "age >= 50" in result.stdout and f"saved 60 rows to {out}" in result.stdout
    saved = pd.read_csv(out)
    assert len(saved) == 60 and (saved["age"] >= 50).all() and set(saved["state"]) == {"Texas"}
    assert set(saved["gender"]) == {"F"}


@pytest.fixture(scope="module")
def session_parts(customers: pd.DataFrame, schema: Schema) -> tuple[Pipeline, Schema]:
    return Pipeline(get_plugin_manager().get(GeneratorSpec, "gaussian_copula").create().fit(customers)), schema


def run_chat(parts: tuple[Pipeline, Schema], lines: list[str]) -> str:
    from rich.console import Console

    console = Console(record=True, width=200, force_terminal=False)
    ChatSession(parts[0], parts[1], RuleBasedParser(), console, seed=1).run(lines)
    return console.export_text()


def test_chat_asks_then_uses_the_chosen_option(session_parts: tuple[object, Schema]) -> None:
    text = run_chat(session_parts, ["30 rich customers", "income at least 130,000", "show"])
    assert "'rich' is vague" in text and "income >= 130000" in text and "generated 30 rows" in text


def test_chat_reports_errors_and_goes_on(session_parts: tuple[object, Schema], tmp_path: Path) -> None:
    text = run_chat(session_parts, ["save early.csv", "show", "5 customers", f"save {tmp_path / 'x.xlsx'}",
                                    "help", "quit", "5 customers"])
    assert "nothing to save yet" in text and "nothing generated yet" in text
    assert "cannot tell the format of" in text and "Commands:" in text
    assert text.count("generated 5 rows") == 1  # nothing after quit


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".jsonl"])
def test_saved_files_read_back(tmp_path: Path, customers: pd.DataFrame, suffix: str) -> None:
    from genesis.io import read_table

    path = tmp_path / f"rows{suffix}"
    write_frame(customers.head(7), path)
    assert len(read_table(path)) == 7


@pytest.fixture(scope="module")
def csv_path(tmp_path_factory: pytest.TempPathFactory, customers: pd.DataFrame) -> Path:
    path = tmp_path_factory.mktemp("csv") / "customers.csv"
    customers.assign(phone=[f"+1 555-010-{i:04d}" for i in range(len(customers))]).to_csv(path, index=False)
    return path


def discover(path: Path, *args: str) -> str:
    result = CliRunner().invoke(discover_app, [str(path), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("which", ["csv", "parquet"])
def test_discover_yaml_and_json_load_back_as_a_schema(which: str, csv_path: Path, parquet_path: Path) -> None:
    path = csv_path if which == "csv" else parquet_path
    for document in (yaml.safe_load(discover(path)), json.loads(discover(path, "--format", "json"))):
        schema = Schema.from_dict(document)
        assert schema["age"].kind == ColumnKind.INTEGER and (schema["age"].minimum, schema["age"].maximum) == (18, 90)
        assert schema["state"].categories is not None and "Texas" in schema["state"].categories
        assert schema["customer_id"].kind == ColumnKind.IDENTIFIER and schema["customer_id"].minimum is None
        assert ["customer_id"] in document["candidate_keys"]
        assert schema["age"].extra["nullable"] is False


def test_discover_flags_pii_and_writes_none_of_its_values(csv_path: Path, parquet_path: Path) -> None:
    text = discover(parquet_path, "--format", "json")
    document = json.loads(text)
    assert document["pii_columns"] == ["email"]
    assert "@example.org" not in text and "555-010" not in discover(csv_path)
    email = next(c for c in document["columns"] if c["name"] == "email")
    assert email["extra"]["pii"] == "email" and email["categories"] is None
    assert yaml.safe_load(discover(csv_path))["pii_columns"] == ["phone"]


@pytest.mark.parametrize("which", ["csv", "parquet"])
def test_discover_python_module_rebuilds_the_schema(tmp_path: Path, which: str, csv_path: Path,
                                                    parquet_path: Path) -> None:
    source = csv_path if which == "csv" else parquet_path
    module = tmp_path / "schema_module.py"
    result = CliRunner().invoke(discover_app, [str(source), "--output", str(module)])
    assert result.exit_code == 0, result.output
    namespace = runpy.run_path(str(module))
    rebuilt = namespace["SCHEMA"]
    expected = Schema.from_dict(yaml.safe_load(discover(source)))
    assert isinstance(rebuilt, Schema) and rebuilt == expected
    assert namespace["PII_COLUMNS"] == (["phone"] if which == "csv" else ["email"])


def test_discover_output_file_and_bad_format(tmp_path: Path, csv_path: Path) -> None:
    target = tmp_path / "schema.yaml"
    assert CliRunner().invoke(discover_app, [str(csv_path), "-o", str(target)]).exit_code == 0
    assert yaml.safe_load(target.read_text())["n_rows"] == 300
    result = CliRunner().invoke(discover_app, [str(csv_path), "--format", "xml"])
    assert isinstance(result.exception, ConfigError)
    assert "--format 'xml' is not one of yaml, json, python" in str(result.exception)

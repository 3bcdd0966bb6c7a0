"""Schema round trip: what ``genesis discover --output`` writes goes back into fit, generate and serve."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from genesis.api.datasets import DatasetRegistry, split_schema
from genesis.cli.app import main
from genesis.errors import ValidationError
from genesis.generators import GaussianCopulaGenerator
from genesis.schema import ColumnKind
from genesis.schema_file import load_schema


@pytest.fixture
def customers_csv(tmp_path: Path) -> Path:
    rng = np.random.default_rng(0)
    n = 120
    frame = pd.DataFrame({
        "customer_id": np.arange(1, n + 1),
        "signup": (pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.permutation(n), unit="D")).strftime("%Y-%m-%d"),
        "age": rng.integers(18, 80, n),
        "plan": rng.choice(["basic", "pro", "team"], n),
        "active": rng.choice(["yes", "no"], n),
        "spend": rng.gamma(2.0, 40.0, n).round(2),
        "level": np.arange(101, 101 + n),
    })  # fmt: skip
    path = tmp_path / "customers.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.mark.parametrize("suffix", ["yaml", "json"])
def test_discover_output_loads_back_with_its_kinds_and_types(customers_csv: Path, suffix: str) -> None:
    schema_path = customers_csv.with_suffix(f".schema.{suffix}")
    assert main(["discover", str(customers_csv), "--output", str(schema_path)]) == 0
    schema = load_schema(schema_path)
    assert schema["signup"].kind is ColumnKind.DATETIME and schema["signup"].dtype == "datetime64[s]"
    assert schema["active"].kind is ColumnKind.BOOLEAN
    assert schema["customer_id"].kind is ColumnKind.IDENTIFIER
    assert schema["level"].kind is ColumnKind.INTEGER


def test_an_edited_kind_in_the_discovered_file_wins(customers_csv: Path, tmp_path: Path) -> None:
    schema_path = tmp_path / "customers.schema.yaml"
    assert main(["discover", str(customers_csv), "-o", str(schema_path)]) == 0
    document = yaml.safe_load(schema_path.read_text(encoding="utf-8"))
    level = next(c for c in document["columns"] if c["name"] == "level")
    level["kind"] = "identifier"  # the user says: 'level' numbers rows, continue it
    document["constraints"] = [{"type": "range", "column": "spend", "low": 0, "high": 150}]
    schema_path.write_text(yaml.safe_dump(document), encoding="utf-8")
    real = pd.read_csv(customers_csv)
    real = real[real["spend"] <= 150]
    generator = GaussianCopulaGenerator().fit(real, schema=schema_path)
    assert generator.schema["level"].kind is ColumnKind.IDENTIFIER
    assert GaussianCopulaGenerator().fit(real).schema["level"].kind is ColumnKind.INTEGER  # inference alone
    synthetic = generator.generate(500, seed=1)
    assert synthetic["level"].min() > real["level"].max()  # fresh identifiers after the real ones
    assert synthetic["spend"].between(0, 150).all()
    assert synthetic["signup"].dtype == "datetime64[s]"  # text dates cast to the declared dtype

    out = tmp_path / "out.csv"
    filtered = tmp_path / "filtered.csv"
    real.to_csv(filtered, index=False)
    assert main(["--quiet", "generate", str(filtered), "-n", "300", "-o", str(out), "--schema", str(schema_path),
                 "--seed", "2"]) == 0
    written = pd.read_csv(out)
    assert written["level"].min() > real["level"].max() and written["spend"].between(0, 150).all()


def test_serve_data_option_takes_a_schema_file(customers_csv: Path, tmp_path: Path) -> None:
    schema_path = tmp_path / "c.schema.json"
    assert main(["discover", str(customers_csv), "-o", str(schema_path)]) == 0
    path, schema = split_schema(Path(f"{customers_csv}:{schema_path}"))
    assert (path, schema) == (customers_csv, schema_path)
    assert split_schema(customers_csv) == (customers_csv, None)
    assert split_schema(Path("odd:name.csv")) == (Path("odd:name.csv"), None)
    dataset = DatasetRegistry().load("customers", path, schema=schema)
    assert dataset.schema["signup"].kind is ColumnKind.DATETIME


def test_schema_files_that_do_not_fit_say_why(customers_csv: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("columns: [oops\n", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"bad\.yaml: not valid yaml"):
        load_schema(bad)
    partial = tmp_path / "partial.yaml"
    partial.write_text(yaml.safe_dump({"columns": [{"name": "age", "kind": "integer", "dtype": "int64",
                                                    "null_rate": 0.0}]}), encoding="utf-8")  # fmt: skip
    with pytest.raises(ValidationError, match="does not describe the data's columns"):
        GaussianCopulaGenerator().fit(pd.read_csv(customers_csv), schema=partial)
    with pytest.raises(ValidationError, match="Python schema module"):
        load_schema(tmp_path / "s.py") if (tmp_path / "s.py").write_text("") is not None else None
    assert main(["generate", str(customers_csv), "-n", "5", "-o", str(tmp_path / "o.csv"),
                 "--schema", str(tmp_path / "missing.yaml")]) == 1
    assert "no such schema file" in capsys.readouterr().err

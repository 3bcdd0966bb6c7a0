"""``genesis demo`` runs end to end on the embedded data and writes what it says it writes."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from genesis.cli.app import main
from genesis.conditions import ConditionSet
from genesis.demo import DEMO_CONDITIONS, run_demo
from genesis.lineage import LineageChain


def test_the_demo_fits_streams_conditions_scores_and_records_lineage(tmp_path: Path) -> None:
    result = run_demo(rows=1500, seed=3, output_dir=tmp_path)
    assert (result.real_rows, result.holdout_rows, result.columns, result.synthetic_rows) == (1600, 400, 15, 1500)
    assert result.generator == "gaussian-copula" and result.batches == 2
    synthetic = pd.read_parquet(result.files["synthetic.parquet"])
    assert len(synthetic) == 1500
    conditioned = pd.read_csv(result.files["conditioned.csv"])
    assert len(conditioned) == 150 and ConditionSet.from_dict(DEMO_CONDITIONS).mask(conditioned).all()
    assert (result.scaled_rows, result.scaled_parts, result.scaled_identical) == (6000, 4, True)
    assert len(pd.read_parquet(result.files["parts"])) == 6000
    quality = json.loads(Path(result.files["quality.json"]).read_text())
    assert quality["overall"] == pytest.approx(result.scores["overall"])
    assert all(score is None or 0.0 <= score <= 1.0 for score in result.scores.values())
    privacy = quality["metrics"]["privacy"]  # the holdout makes every privacy part scored
    assert privacy["score"] == pytest.approx(result.scores["privacy"])
    parts = ("dcr", "exact_copy", "membership_inference")
    assert all(privacy["details"][f"{part}_score"] is not None for part in parts)
    chain = LineageChain.load(result.files["lineage.json"])
    kinds = [block.block_type for block in chain.blocks]
    assert result.lineage_blocks == len(kinds) and result.lineage_verified and chain.verify()
    # every run of the demo went through the pipeline and its hooks: stream, conditioned, scale-out on 2 and 1
    assert kinds[0] == "source" and kinds[-1] == "quality_check"
    assert kinds.count("run_started") == kinds.count("generation") == 4


def test_the_demo_reads_a_csv_as_users_hand_one_in_and_checks_what_comes_back(tmp_path: Path) -> None:
    tour = run_demo(rows=800, seed=5, output_dir=tmp_path).csv
    assert tour is not None and tour.source_date == "2012/01/01" and tour.real_rows == 1461
    assert tour.column_kinds["date"] == "datetime" and tour.column_kinds["weather"] == "categorical"
    written = pd.read_csv(tour.path, dtype=str)
    assert tour.written_rows == len(written) == 800
    assert written["date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all() and tour.first_dates == list(written["date"][:3])
    dates = pd.to_datetime(written["date"])
    assert tour.dates_inside and dates.between(*tour.date_range).all()
    assert tour.constraints == ["temp_min <= temp_max"] and tour.constraints_kept
    assert (written["temp_min"].astype(float) <= written["temp_max"].astype(float)).all()


def test_the_same_seed_gives_the_same_synthetic_data(tmp_path: Path) -> None:
    first = run_demo(rows=300, seed=9, output_dir=tmp_path / "a")
    second = run_demo(rows=300, seed=9, output_dir=tmp_path / "b")
    pd.testing.assert_frame_equal(pd.read_parquet(first.files["synthetic.parquet"]),
                                  pd.read_parquet(second.files["synthetic.parquet"]))


def test_the_cli_prints_the_tour(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--quiet", "demo", "--rows", "400", "--output", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for expected in ("Inferred schema", "gaussian-copula", "all match", "byte-identical", "Quality report", "verified",
                     "synthetic.parquet", "a CSV as users hand one in", "all inside", "temp_min <= temp_max (on every"):
        assert expected in out
    assert "n/a" not in out and "—" not in out


def test_the_demo_ends_with_three_commands_that_run_from_here(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import shlex

    monkeypatch.chdir(tmp_path)  # "here" is where the demo runs; its commands must work from there
    assert main(["--quiet", "demo", "--rows", "400", "--output", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    tail = out[out.index("Try next:"):].splitlines()[1:]
    commands = [shlex.split(line.strip()) for line in tail if "genesis " in line]
    assert [words[words.index("genesis") + 1] for words in commands] == ["chat", "dashboard", "generate"]
    chat, dashboard, generate = (words[words.index("genesis") + 1:] for words in commands)
    assert all(Path(path).is_file() for path in dashboard[1:3])  # the real sample and the demo's synthetic rows
    assert main(["--quiet", *generate]) == 0
    assert pd.read_csv(tmp_path / "synthetic.csv")["age"].min() >= 50
    monkeypatch.setattr("sys.stdin", io.StringIO("exit\n"))
    assert main(["--quiet", *chat]) == 0


def test_the_embedded_weather_file_is_the_public_domain_one_unchanged() -> None:
    from importlib.resources import files

    from genesis.datasets import seattle_weather_path

    shipped = files("vega_datasets").joinpath("_data", "seattle-weather.csv").read_bytes()
    assert seattle_weather_path().read_bytes() == shipped  # as genesis/data/ATTRIBUTION.md says

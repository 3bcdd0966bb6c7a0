"""Heaped numbers come back heaped: ages in whole years, sensor readings in even hundredths, masses in 25 g."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from genesis.cli.app import main
from genesis.generators import GaussianCopulaGenerator
from genesis.generators.heaping import fit_heaps
from genesis.io import read_table


def _passengers(n: int = 900) -> pd.DataFrame:
    """Ages in whole years but for a few infants in months (0.08 .. 0.92), as on a passenger list."""
    rng = np.random.default_rng(0)
    adults = np.clip(np.rint(rng.gamma(6.0, 5.0, n)), 1, 80)
    infants = np.round(rng.integers(1, 12, n // 60) / 12, 2)
    ages = rng.permutation(np.concatenate([adults, infants]))
    return pd.DataFrame({"age": ages, "fare": np.round(rng.lognormal(3.0, 0.6, len(ages)), 2)})


def _sensor(n: int = 4000) -> pd.DataFrame:
    """Readings in hundredths, 83% of them even (where chance gives 50%)."""
    rng = np.random.default_rng(1)
    hundredths = np.rint(rng.normal(1500, 400, n))
    odd = hundredths % 2 == 1
    hundredths[odd & (rng.random(n) < 0.8)] += 1
    return pd.DataFrame(
        {"isig": np.round(hundredths / 100, 2), "glucose": np.rint(hundredths / 10 + rng.normal(0, 8, n))}
    )


def _whole(values: pd.Series) -> float:
    present = values.dropna()
    return float((present == present.round()).mean())


def _even_hundredths(values: pd.Series) -> float:
    return float((np.rint(values.dropna() * 100) % 2 == 0).mean())


def test_whole_ages_stay_whole_and_infants_keep_months_inside_the_real_range() -> None:
    real = _passengers()
    synthetic = GaussianCopulaGenerator().fit(real).generate(5000, seed=3)["age"]
    assert _whole(real["age"]) > 0.98
    assert _whole(synthetic) > 0.95  # was 0.01: every age on the 0.01 grid of the infants' months
    assert (synthetic != synthetic.round()).any()  # the months are still drawn
    assert synthetic.min() >= real["age"].min() and synthetic.max() <= real["age"].max()


def test_even_hundredths_come_back_as_often_as_in_the_data() -> None:
    real = _sensor()
    synthetic = GaussianCopulaGenerator().fit(real).generate(20000, seed=4)
    assert abs(_even_hundredths(synthetic["isig"]) - _even_hundredths(real["isig"])) < 0.03  # chance gives 0.5


def test_masses_weighed_to_25_grams_stay_on_25_grams() -> None:
    rng = np.random.default_rng(2)
    real = pd.DataFrame({"mass": (np.rint(rng.normal(4200, 800, 600) / 25) * 25).astype("int64")})
    synthetic = GaussianCopulaGenerator().fit(real).generate(3000, seed=5)["mass"]
    assert (synthetic % 25 == 0).all() and synthetic.nunique() > 60
    assert synthetic.dtype == real["mass"].dtype


def test_no_heaps_where_values_are_spread_by_chance() -> None:
    rng = np.random.default_rng(3)
    assert fit_heaps(np.round(rng.uniform(0, 100, 5000), 2), 0.01) is None
    assert fit_heaps(np.round(rng.normal(0, 1, 5000), 3), 0.001) is None
    assert fit_heaps(np.arange(1950, 2011, dtype=float), 1.0) is None  # years: every one once
    assert fit_heaps(np.rint(rng.lognormal(8, 1, 5000)), 1.0) is None


def test_conditions_stay_exact_on_a_heaped_column() -> None:
    real = _sensor()
    generator = GaussianCopulaGenerator().fit(real)
    at_least = generator.generate(3000, conditions={"isig": (">=", 15.01)}, seed=6)["isig"]
    assert (at_least >= 15.01).all() and at_least.min() < 15.1
    odd = generator.generate(50, conditions={"isig": ("==", 15.01)}, seed=7)["isig"]  # off the even heap
    assert odd.eq(15.01).all() and len(odd) == 50
    ages = GaussianCopulaGenerator().fit(_passengers()).generate(500, conditions={"age": ("<", 1)}, seed=8)["age"]
    assert (ages < 1).all() and len(ages) == 500


def test_heaps_survive_save_and_load(tmp_path: Path) -> None:
    generator = GaussianCopulaGenerator().fit(_sensor())
    path = generator.save(tmp_path / "model.json")
    loaded = GaussianCopulaGenerator.load(path)
    pd.testing.assert_frame_equal(generator.generate(2000, seed=9), loaded.generate(2000, seed=9))
    assert _even_hundredths(loaded.generate(20000, seed=10)["isig"]) > 0.78


def _without_heaps(node: object) -> object:
    if isinstance(node, dict):
        return {key: _without_heaps(value) for key, value in node.items() if key != "heaps"}
    return [_without_heaps(value) for value in node] if isinstance(node, list) else node


def _heaps_in(node: object) -> list[object]:
    if isinstance(node, dict):
        found = [node["heaps"]] if node.get("heaps") else []
        return found + [h for value in node.values() for h in _heaps_in(value)]
    return [h for value in node for h in _heaps_in(value)] if isinstance(node, list) else []


def test_a_model_saved_before_heaps_loads_and_draws_on_its_fine_step(tmp_path: Path) -> None:
    path = GaussianCopulaGenerator().fit(_sensor()).save(tmp_path / "model.json")
    saved = json.loads(path.read_text())
    assert _heaps_in(saved)
    path.write_text(json.dumps(_without_heaps(saved)))  # as files written before heaps were modelled
    drawn = GaussianCopulaGenerator.load(path).generate(20000, seed=11)["isig"]
    assert abs(_even_hundredths(drawn) - 0.5) < 0.03


def test_genesis_generate_writes_whole_ages_from_a_csv(tmp_path: Path) -> None:
    source = tmp_path / "passengers.csv"
    _passengers().to_csv(source, index=False)
    out = tmp_path / "synthetic.csv"
    assert main(["--quiet", "generate", str(source), "-n", "2000", "-o", str(out), "--seed", "1"]) == 0
    assert _whole(read_table(out)["age"]) > 0.95  # "29.0", not "29.67"

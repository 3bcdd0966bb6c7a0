"""ML utility: train on synthetic, test on real, against train on real; and the path without scikit-learn."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest

from genesis.evaluation import evaluate
from genesis.evaluation.utility import choose_target


def labelled(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3))
    signal = x[:, 0] + 0.5 * x[:, 1]
    return pd.DataFrame(
        {
            "a": x[:, 0],
            "b": x[:, 1],
            "c": rng.choice(np.array(["p", "q"]), size=n),
            "outcome": np.where(signal + rng.normal(scale=0.3, size=n) > 0, "yes", "no"),
        }
    )


def test_target_choice_prefers_a_target_name_then_the_last_categorical() -> None:
    frame = labelled(50, seed=0)
    kinds = {"a": "continuous", "b": "continuous", "c": "categorical", "outcome": "categorical"}
    assert choose_target(frame, kinds) == "outcome"
    renamed = frame.rename(columns={"outcome": "z"})
    kinds_renamed = {"a": "continuous", "b": "continuous", "c": "categorical", "z": "categorical"}
    assert choose_target(renamed, kinds_renamed) == "z"
    assert choose_target(frame[["a", "b"]], {"a": "continuous", "b": "continuous"}) == "b"


def test_useful_synthetic_data_scores_near_one_and_noise_scores_low() -> None:
    real, holdout = labelled(800, seed=1), labelled(400, seed=2)
    good = evaluate(real, labelled(800, seed=3), holdout=holdout, include_privacy=False, seed=0)
    utility = good.metrics["ml_utility"]
    assert utility.details["target"] == "outcome"
    assert utility.details["task"] == "classification"
    assert utility.score is not None and utility.score > 0.9
    noise = labelled(800, seed=4).assign(outcome=lambda f: f["outcome"].sample(frac=1, random_state=0).to_numpy())
    bad = evaluate(real, noise, holdout=holdout, include_privacy=False, seed=0).metrics["ml_utility"]
    assert bad.score is not None and bad.score < 0.8


def test_regression_target_chosen_by_user() -> None:
    real = labelled(600, seed=5)
    utility = evaluate(real, real, target="a", include_privacy=False, seed=0).metrics["ml_utility"]
    assert utility.details["task"] == "regression"
    assert utility.details["metric"] == "r2"
    assert utility.score == pytest.approx(1.0)


def test_missing_scikit_learn_gives_null_score_with_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [module for module in sys.modules if module == "sklearn" or module.startswith("sklearn.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "sklearn", None)
    report = evaluate(labelled(100, seed=6), labelled(100, seed=7), include_privacy=False)
    utility = report.metrics["ml_utility"]
    assert utility.score is None
    assert 'pip install "genesis-core[ml]"' in (utility.reason or "")
    assert report.to_dict()["metrics"]["ml_utility"]["score"] is None
    assert report.overall is not None

"""Privacy scores: copies are caught, fresh samples from the same distribution are not."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from genesis.evaluation import evaluate
from genesis.evaluation.privacy import exact_copy_rate


def population(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    return pd.DataFrame(
        {
            "x": x,
            "y": x + rng.normal(size=n),
            "group": rng.choice(np.array(["a", "b", "c"]), size=n),
            "count": rng.poisson(4, size=n),
        }
    )


@pytest.fixture(scope="module")
def frames() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Training rows, holdout rows and a fresh sample, all from one distribution."""
    return population(500, seed=1), population(500, seed=2), population(500, seed=3)


def test_copy_of_real_data_has_exact_copy_rate_one_and_bad_privacy(frames) -> None:
    real, holdout, _ = frames
    report = evaluate(real, real.copy(), holdout=holdout, include_ml_utility=False, seed=0)
    privacy = report.metrics["privacy"]
    assert privacy.details["exact_copy_rate"] == 1.0
    assert privacy.details["membership_auc"] == pytest.approx(1.0)
    assert privacy.score == pytest.approx(0.0)


def test_copy_without_holdout_is_still_flagged_but_not_scored(frames) -> None:
    real, _, _ = frames
    privacy = evaluate(real, real.copy(), include_ml_utility=False, seed=0).metrics["privacy"]
    assert privacy.details["exact_copy_rate"] == 1.0
    assert privacy.details["exact_copy_score"] == 0.0
    assert privacy.details["dcr_score"] is None  # a split of the fitted rows would score a full copy 0.5
    assert privacy.score is None  # membership inference was not computed: no composite number stands in
    assert privacy.details["membership_inference_score"] is None
    assert privacy.reason is not None and "not scored" in privacy.reason and "holdout" in privacy.reason


def test_fresh_sample_without_holdout_is_not_scored_as_perfect(frames) -> None:
    real, _, fresh = frames
    report = evaluate(real, fresh, include_ml_utility=False, seed=0)
    assert report.score("privacy") is None
    assert report.to_dict()["metrics"]["privacy"]["score"] is None


def test_fresh_sample_scores_high(frames) -> None:
    real, holdout, fresh = frames
    privacy = evaluate(real, fresh, holdout=holdout, include_ml_utility=False, seed=0).metrics["privacy"]
    assert privacy.details["exact_copy_rate"] == 0.0
    assert privacy.score is not None and privacy.score > 0.8


def test_exact_copies_ignore_dtype_differences(frames) -> None:
    real, _, fresh = frames
    kinds = {"x": "continuous", "y": "continuous", "group": "categorical", "count": "integer"}
    mixed = pd.concat([real.iloc[:100].astype({"count": "float64"}), fresh.iloc[:300]], ignore_index=True)
    assert exact_copy_rate(real, mixed, kinds) == pytest.approx(0.25)

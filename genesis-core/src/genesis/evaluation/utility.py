"""ML utility: is a model trained on synthetic rows as good on real rows as one trained on real rows?

Train-on-synthetic-test-on-real (TSTR) is compared with train-on-real-test-on-real (TRTR) using the same
gradient-boosted trees (scikit-learn's ``HistGradientBoosting*``, which handle nulls and categories natively).
The score is ``min(1, TSTR / TRTR)``; the task metric is macro F1 for classification and R² (floored at 0)
for regression. Real test rows are the ``holdout`` when given, else a seeded 30% of the real rows (the
generator has seen those, which flatters TSTR slightly: pass a holdout for a clean figure).

scikit-learn is an optional dependency (``pip install "genesis-core[ml]"``); without it the score is
``None`` with that reason.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from genesis.evaluation._columns import NUMERIC_KINDS, joint_codes, numeric_values
from genesis.evaluation.report import MetricResult

__all__ = ["MAX_TRAIN_ROWS", "choose_target", "ml_utility"]

#: Training sets are subsampled to at most this many rows, test sets to half of it.
MAX_TRAIN_ROWS = 20_000
#: A categorical target with more classes than this is not chosen automatically.
MAX_CLASSES = 20
_TARGET_NAMES = ("target", "label", "class", "y", "outcome")
_CLASS_KINDS = frozenset({"categorical", "boolean"})
_MAX_CATEGORY_LEVELS = 250  # HistGradientBoosting's limit for native categorical features


def choose_target(real: pd.DataFrame, kinds: dict[str, str]) -> str | None:
    """Pick a prediction target: a column named like one, else the last categorical column with 2 to
    :data:`MAX_CLASSES` classes, else the last numeric column."""
    usable = [name for name, kind in kinds.items() if kind in _CLASS_KINDS | {"continuous", "integer"}]
    for name in usable:
        if str(name).strip().lower() in _TARGET_NAMES:
            return name
    classes = [name for name in usable if kinds[name] in _CLASS_KINDS and 2 <= real[name].nunique() <= MAX_CLASSES]
    numeric = [name for name in usable if kinds[name] not in _CLASS_KINDS]
    candidates = classes or numeric
    return candidates[-1] if candidates else None


def ml_utility(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    holdout: pd.DataFrame | None,
    kinds: dict[str, str],
    target: str | None,
    rng: np.random.Generator,
) -> MetricResult:
    """The ML-utility metric (see the module docstring)."""
    try:
        from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
        from sklearn.metrics import f1_score, r2_score
    except ImportError:
        return _unscored('scikit-learn is not installed: pip install "genesis-core[ml]"')
    target = target if target is not None else choose_target(real, kinds)
    if target is None:
        return _unscored("no column can serve as a prediction target")
    classify = kinds[target] in _CLASS_KINDS or (kinds[target] == "integer" and real[target].nunique() <= 10)
    if holdout is None:
        order = rng.permutation(len(real))
        cut = round(0.7 * len(real))
        real, holdout = real.iloc[order[:cut]], real.iloc[order[cut:]]
    frames = [_capped(frame[frame[target].notna()], limit, rng) for frame, limit in
              ((real, MAX_TRAIN_ROWS), (synthetic, MAX_TRAIN_ROWS), (holdout, MAX_TRAIN_ROWS // 2))]  # fmt: skip
    details: dict[str, Any] = {
        "target": target,
        "task": "classification" if classify else "regression",
        "metric": "macro_f1" if classify else "r2",
        "rows": {"train_real": len(frames[0]), "train_synthetic": len(frames[1]), "test_real": len(frames[2])},
    }
    if min(len(frame) for frame in frames) < 2:
        return _unscored("too few rows with a non-null target to train and test", details)
    (x_real, x_synthetic, x_test), categorical = _features(frames, {k: v for k, v in kinds.items() if k != target})
    if classify:
        (y_real, y_synthetic, y_test), _ = joint_codes(*(frame[target] for frame in frames))
        model = HistGradientBoostingClassifier(categorical_features=categorical, random_state=_seed(rng))
        if len(np.unique(y_real)) < 2:
            return _unscored("the real target has a single class", details)
        if len(np.unique(y_synthetic)) < 2:
            return MetricResult(
                name="ml_utility", score=0.0, reason="the synthetic target has one class", details=details
            )

        def quality(train_x: np.ndarray, train_y: np.ndarray) -> float:
            return float(f1_score(y_test, model.fit(train_x, train_y).predict(x_test), average="macro"))
    else:
        y_real, y_synthetic, y_test = (numeric_values(frame[target], kinds[target]) for frame in frames)
        model = HistGradientBoostingRegressor(categorical_features=categorical, random_state=_seed(rng))

        def quality(train_x: np.ndarray, train_y: np.ndarray) -> float:
            return max(0.0, float(r2_score(y_test, model.fit(train_x, train_y).predict(x_test))))

    real_quality, synthetic_quality = quality(x_real, y_real), quality(x_synthetic, y_synthetic)
    details |= {"real_score": real_quality, "synthetic_score": synthetic_quality}
    if real_quality <= 0.0:
        return _unscored(
            "a model trained on real data has no skill on this target, so there is nothing to match", details
        )
    return MetricResult(name="ml_utility", score=min(1.0, synthetic_quality / real_quality), details=details)


def _unscored(reason: str, details: dict[str, Any] | None = None) -> MetricResult:
    return MetricResult(name="ml_utility", score=None, reason=reason, details=details or {})


def _seed(rng: np.random.Generator) -> int:
    return int(rng.integers(2**31 - 1))


def _capped(frame: pd.DataFrame, limit: int, rng: np.random.Generator) -> pd.DataFrame:
    if len(frame) <= limit:
        return frame
    return frame.iloc[np.sort(rng.choice(len(frame), size=limit, replace=False))]


def _features(frames: list[pd.DataFrame], kinds: dict[str, str]) -> tuple[list[np.ndarray], np.ndarray]:
    """Numeric matrices of the feature columns (categories as level codes, nulls as NaN) and the
    mask of columns the model should treat as categorical."""
    columns: list[list[np.ndarray]] = [[] for _ in frames]
    categorical = []
    for name, kind in kinds.items():
        if kind in NUMERIC_KINDS:
            values = [numeric_values(frame[name], kind) for frame in frames]
            categorical.append(False)
        elif kind in _CLASS_KINDS:
            codes, levels = joint_codes(*(frame[name] for frame in frames))
            values = [np.where(code == levels - 1, np.nan, code.astype(np.float64)) for code in codes]
            categorical.append(levels - 1 <= _MAX_CATEGORY_LEVELS)
        else:
            continue
        for bucket, column in zip(columns, values, strict=True):
            bucket.append(column)
    if not categorical:
        return [np.zeros((len(frame), 1)) for frame in frames], np.array([False])
    return [np.column_stack(bucket) for bucket in columns], np.array(categorical)

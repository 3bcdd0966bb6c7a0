"""Property: for any mix of column kinds, nulls and sizes, every score is in [0, 1] or null with a reason."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from genesis.evaluation import evaluate


@st.composite
def frames(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(min_value=1, max_value=40))
    rng = np.random.default_rng(draw(st.integers(min_value=0, max_value=2**32 - 1)))
    makers = {
        "float": lambda: rng.normal(size=n),
        "int": lambda: rng.integers(0, 5, size=n),
        "nullable_int": lambda: pd.array(rng.integers(0, 9, size=n), dtype="Int64"),
        "text": lambda: rng.choice(np.array(["a", "b", "c"]), size=n),
        "bool": lambda: rng.random(n) > 0.5,
        "time": lambda: pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 900, size=n), unit="D"),
        "constant": lambda: np.full(n, 7.0),
    }
    chosen = draw(st.lists(st.sampled_from(sorted(makers)), min_size=1, max_size=5))
    frame = pd.DataFrame({f"{kind}_{i}": makers[kind]() for i, kind in enumerate(chosen)})
    for name in frame.columns:
        if draw(st.booleans()):
            frame[name] = frame[name].mask(rng.random(n) < draw(st.floats(0.0, 1.0)))
    return frame


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(real=frames(), synthetic=frames())
def test_scores_are_bounded_and_json_safe(real: pd.DataFrame, synthetic: pd.DataFrame) -> None:
    synthetic = synthetic.iloc[:, :1].rename(columns={synthetic.columns[0]: "_"})
    synthetic = pd.concat(
        [real.sample(n=len(synthetic), replace=True, random_state=0).reset_index(drop=True), synthetic], axis=1
    )
    report = evaluate(real, synthetic, include_ml_utility=False, seed=1)
    payload = json.loads(json.dumps(report.to_dict(), allow_nan=False))
    scores = [payload["overall"], payload["fidelity"]]
    scores += [metric["score"] for metric in payload["metrics"].values()]
    scores += [column[key] for column in payload["columns"] for key in ("shape", "coverage", "null_rate_score")]
    scores += [pair["score"] for pair in payload["pairs"]]
    assert all(score is None or 0.0 <= score <= 1.0 for score in scores)
    for metric in payload["metrics"].values():
        assert metric["score"] is not None or metric["reason"]

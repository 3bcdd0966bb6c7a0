"""The example generator passes Genesis's generator conformance kit: copy this test into your plugin."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from genesis_plugin_example.generator import IndependentMarginals

from genesis.testing import check_generator


def test_independent_marginals_conforms(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({
        "age": rng.integers(18, 90, 400),
        "plan": pd.Series(rng.choice(["basic", "plus", "premium"], 400, p=[0.6, 0.3, 0.1]), dtype="str"),
        "income": rng.lognormal(10, 0.5, 400).round(2),
    })
    check_generator(IndependentMarginals, frame, tmp_path)

"""``split_holdout``: keep some real rows out of fitting, so privacy and ML utility can be scored honestly."""

from __future__ import annotations

import numpy as np
import pandas as pd

from genesis.errors import ConfigError

__all__ = ["split_holdout"]


def split_holdout(
    frame: pd.DataFrame, share: float = 0.2, *, seed: int | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A seeded random ``(fit_rows, holdout_rows)`` split, ``share`` of the rows (at least one) held out.

    Fit the generator on the first, pass the second as ``evaluate(..., holdout=...)``: membership inference
    and distance to the closest record need real rows the generator never saw.
    """
    if not 0.0 < share < 1.0:
        raise ConfigError(f"the holdout share must be within (0, 1), got {share}")
    if len(frame) < 2:
        raise ConfigError(f"a holdout needs at least 2 rows to split, got {len(frame)}")
    held = min(max(round(share * len(frame)), 1), len(frame) - 1)
    order = np.random.default_rng(seed).permutation(len(frame))
    keep, out = np.sort(order[held:]), np.sort(order[:held])
    return frame.iloc[keep].reset_index(drop=True), frame.iloc[out].reset_index(drop=True)

"""Privacy: does the synthetic table reveal the rows it was fitted on?

Three scores, each 0-1 with higher meaning more private:

* **DCR score.** Distances to the closest record (DCR) in a reference sample of the real rows are computed
  for synthetic rows and for holdout rows (real rows not fitted on). A generator that learned the
  distribution puts its rows about as far from the reference as fresh real rows are, so
  ``P(DCR_synthetic > DCR_holdout) ≈ ½``; copies sit at distance 0. Score: ``min(1, 2·P)`` (ties count ½).
  It needs a true holdout (real rows split off the fitted ones would score a full copy 0.5), so it is
  ``None`` (not scored) without one.
* **Exact-copy score.** ``1 -`` the share of synthetic rows equal to some real row (all rows, compared by hash).
* **Membership-inference score.** An attacker guesses that real rows close to a synthetic row were used in
  fitting. With the DCR to the synthetic sample as its signal, the attacker's ROC AUC at telling reference
  rows (members) from ``holdout`` rows (non-members) is turned into ``1 - 2·max(0, AUC - ½)``. It needs a true
  holdout, so it is ``None`` (not scored) without one.

The privacy score is the mean of the three, and only given when all three are scored: without a holdout it is
``None`` with the reason, and the parts that were computed stay in ``details`` (``None`` for those that were
not, never a stand-in number).

Distances use every non-identifier column: numeric and datetime values scaled to ``[0, 1]`` by the real
range (plus a null flag), categories one-hot with weight ``1/√2`` (a mismatch adds 1 to the squared distance),
and are divided by ``√columns``. Each sample is capped at :data:`DCR_SAMPLE_SIZE` rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from genesis.evaluation._columns import NUMERIC_KINDS, joint_codes, numeric_values
from genesis.evaluation.report import MetricResult

__all__ = ["DCR_SAMPLE_SIZE", "exact_copy_rate", "privacy"]

#: Largest number of rows drawn from each of the reference, holdout and synthetic tables for distances.
DCR_SAMPLE_SIZE = 2_000
_CHUNK = 1_024
_ROUNDING = 1e-10  # squared distances below this are floating-point noise around an exact match
_PARTS = ("dcr", "exact_copy", "membership_inference")


def exact_copy_rate(real: pd.DataFrame, synthetic: pd.DataFrame, kinds: dict[str, str]) -> float:
    """Share of synthetic rows that are identical to at least one real row."""
    real_hashes = pd.util.hash_pandas_object(_canonical(real, kinds), index=False)
    synthetic_hashes = pd.util.hash_pandas_object(_canonical(synthetic, kinds), index=False)
    return float(synthetic_hashes.isin(set(real_hashes.to_numpy())).mean())


def privacy(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    holdout: pd.DataFrame | None,
    kinds: dict[str, str],
    rng: np.random.Generator,
) -> MetricResult:
    """The privacy metric: the mean of the DCR, exact-copy and (with a holdout) membership-inference scores."""
    columns = {name: kind for name, kind in kinds.items() if kind != "identifier"}
    copies = exact_copy_rate(real, synthetic, columns)
    details: dict[str, object] = {"exact_copy_rate": copies, "sample_size": DCR_SAMPLE_SIZE}
    scores = {"exact_copy": 1.0 - copies}
    if holdout is not None:
        reference, baseline, sample = (_subsample(frame, rng) for frame in (real, holdout, synthetic))
        if len(reference) and len(baseline) and columns:
            reference_x, baseline_x, sample_x = _encode([reference, baseline, sample], columns)
            synthetic_dcr, baseline_dcr = _closest(sample_x, reference_x), _closest(baseline_x, reference_x)
            farther = _probability_greater(synthetic_dcr, baseline_dcr)
            auc = _probability_greater(_closest(baseline_x, sample_x), _closest(reference_x, sample_x))
            scores |= {"dcr": min(1.0, 2.0 * farther), "membership_inference": 1.0 - 2.0 * max(0.0, auc - 0.5)}
            details |= {
                "dcr_synthetic_median": float(np.median(synthetic_dcr)),
                "dcr_holdout_median": float(np.median(baseline_dcr)),
                "share_synthetic_farther_than_holdout": farther,
                "membership_auc": auc,
            }
    missing = [name for name in _PARTS if name not in scores]
    details |= {f"{name}_score": scores.get(name) for name in _PARTS}
    if missing:
        return MetricResult(name="privacy", score=None, reason=_why_not_scored(missing, holdout), details=details)
    return MetricResult(name="privacy", score=float(np.mean(list(scores.values()))), details=details)


def _why_not_scored(missing: list[str], holdout: pd.DataFrame | None) -> str:
    """Why the privacy score is missing: the parts not scored and what they need."""
    parts = " and ".join(name.replace("_", " ") for name in missing)
    if holdout is None:
        return f"not scored: {parts} need a holdout of real rows not used for fitting (holdout=... or --holdout FILE)"
    return f"not scored: {parts} needs non-identifier columns and rows in every table"


def _canonical(frame: pd.DataFrame, kinds: dict[str, str]) -> pd.DataFrame:
    """Columns in a dtype-independent form, so an int 5 and a float 5.0 hash alike."""
    return pd.DataFrame(
        {
            name: numeric_values(frame[name], kind)
            if kind in NUMERIC_KINDS
            else frame[name].astype(object).where(frame[name].notna(), None)
            for name, kind in kinds.items()
        }
    )


def _subsample(frame: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    if len(frame) <= DCR_SAMPLE_SIZE:
        return frame
    return frame.iloc[np.sort(rng.choice(len(frame), size=DCR_SAMPLE_SIZE, replace=False))]


def _encode(frames: list[pd.DataFrame], kinds: dict[str, str]) -> list[np.ndarray]:
    """Embed each frame so that Euclidean distance is the mixed-type distance described above."""
    parts: list[list[np.ndarray]] = [[] for _ in frames]
    for name, kind in kinds.items():
        if kind in NUMERIC_KINDS:
            values = [numeric_values(frame[name], kind) for frame in frames]
            low, high = np.nanmin(values[0], initial=np.inf), np.nanmax(values[0], initial=-np.inf)
            span = high - low if np.isfinite(high - low) and high > low else 1.0
            for part, column in zip(parts, values, strict=True):
                missing = np.isnan(column)
                scaled = np.clip((column - (low if np.isfinite(low) else 0.0)) / span, 0.0, 1.0)
                part.append(np.column_stack([np.where(missing, 0.0, scaled), missing]))
        else:
            codes, levels = joint_codes(*(frame[name] for frame in frames))
            for part, column in zip(parts, codes, strict=True):
                one_hot = np.zeros((len(column), levels))
                one_hot[np.arange(len(column)), column] = 1.0 / np.sqrt(2.0)
                part.append(one_hot)
    return [np.hstack(part) / np.sqrt(len(kinds)) for part in parts]


def _closest(queries: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Euclidean distance from each query row to its nearest reference row, in chunks of queries."""
    reference_norms = (reference**2).sum(axis=1)
    out = np.empty(len(queries))
    for start in range(0, len(queries), _CHUNK):
        chunk = queries[start : start + _CHUNK]
        squared = (chunk**2).sum(axis=1)[:, None] + reference_norms[None, :] - 2.0 * chunk @ reference.T
        nearest = squared.min(axis=1)
        out[start : start + _CHUNK] = np.sqrt(np.where(nearest < _ROUNDING, 0.0, nearest))
    return out


def _probability_greater(first: np.ndarray, second: np.ndarray) -> float:
    """``P(X > Y) + ½·P(X = Y)`` for X drawn from ``first`` and Y from ``second`` (the ROC AUC)."""
    ordered = np.sort(second)
    below = np.searchsorted(ordered, first, side="left")
    equal = np.searchsorted(ordered, first, side="right") - below
    return float((below + 0.5 * equal).mean() / len(second))

"""Heaping: real numbers crowd on round values more often than chance puts them there.

Ages are mostly whole years, penguin masses are weighed to 25 g, a glucose sensor writes ``isig`` in even
hundredths (83% of them, where chance gives 50%). A column's finest step (:mod:`genesis.grid`) says how
precisely values are written; :func:`fit_heaps` finds the coarser steps that hold clearly more values than
they would by chance, and :meth:`Heaps.apply` rounds each drawn value to one of them with the probability
that gives the real share of values on each step. Without it, a column of 99% whole ages and a few infants'
``0.83`` gives ages such as ``57.15`` between its point masses.

The model keeps the steps and their shares. Point masses are not heaped (they are exact values already), and
a value that a coarser step would move outside the column's range keeps its fine step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from genesis.grid import grid_units, on_grid

__all__ = ["MIN_HEAP_ROWS", "Heaps", "fit_heaps"]

#: Values (besides point masses) a column needs before heaping is looked for.
MIN_HEAP_ROWS = 30
#: How much more often than chance a step must hold values (share of the values on the step below) ...
_MIN_EXCESS = 0.1
#: ... and how many standard errors above chance that excess must be.
_MIN_Z = 4.0
#: Values a heap must hold at least.
_MIN_HEAP_VALUES = 20
#: A heap step is at most this share of the column's interquartile range, so rounding to it keeps the shape.
_MAX_STEP_OF_IQR = 1 / 8
#: Multipliers of the fine step tried: 2, 2.5 (as 25 of a tenth), 5 and 10 times each power of ten.
_BASES = (1.0, 2.0, 2.5, 5.0)


@dataclass(frozen=True)
class Heaps:
    """Coarser steps (``multiples`` of the fine ``step``, each a multiple of the one before) and the
    probability that a drawn value is rounded to each; the fine step keeps the rest."""

    step: float
    multiples: tuple[int, ...]
    probs: tuple[float, ...]

    def apply(
        self,
        x: np.ndarray,
        fine: np.ndarray,
        eligible: np.ndarray,
        bounds: tuple[float, float],
        rng: np.random.Generator,
    ) -> np.ndarray:
        """``fine`` (``x`` on the fine step) with each ``eligible`` row rounded to the step drawn for it, unless
        that moves it outside ``bounds``."""
        cumulative = np.cumsum([max(1.0 - sum(self.probs), 0.0), *self.probs])
        level = np.searchsorted(cumulative, rng.random(len(x)) * cumulative[-1], side="right")
        out = fine.copy()
        for number, multiple in enumerate(self.multiples, start=1):
            rows = np.flatnonzero((level == number) & eligible)
            if not len(rows):
                continue
            units = np.rint(grid_units(x[rows], self.step * multiple)) * multiple  # in fine steps: exact
            coarse = on_grid(units * self.step, self.step)
            inside = (coarse >= bounds[0]) & (coarse <= bounds[1])
            out[rows[inside]] = coarse[inside]
        return out

    def describe(self) -> str:
        """The heaps in words, for the fit report: ``heaped on 0.02 (67% of values)``."""
        shares = ", ".join(f"{self.step * m:g} ({p:.0%})" for m, p in zip(self.multiples, self.probs, strict=True))
        return f"heaped on {shares} of values"

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form, for the model file."""
        return {"step": self.step, "multiples": list(self.multiples), "probs": list(self.probs)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Heaps:
        """Rebuild from :meth:`to_dict`."""
        multiples = tuple(int(m) for m in data["multiples"])
        return cls(float(data["step"]), multiples, tuple(float(p) for p in data["probs"]))


def fit_heaps(values: np.ndarray, step: float) -> Heaps | None:
    """The heaps of ``values`` (finite, on multiples of ``step``, point masses left out), None without any."""
    if not step or len(values) < MIN_HEAP_ROWS:
        return None
    q25, q75 = np.percentile(values, [25, 75])
    largest = (q75 - q25) * _MAX_STEP_OF_IQR / step
    units = np.rint(grid_units(values, step))
    if largest < 2 or np.abs(units).max() > 2.0**52:  # float units stay exact integers below 2**52
        return None
    chain = [1]
    while (heap := _next_heap(units, chain[-1], largest)) is not None:
        chain.append(heap)
    if len(chain) == 1:
        return None
    probs = _level_probs(units, chain)
    kept = [(m, float(p)) for m, p in zip(chain[1:], probs[1:], strict=True) if p > 0]
    return Heaps(step, tuple(m for m, _ in kept), tuple(p for _, p in kept)) if kept else None


def _candidates(largest: float) -> list[int]:
    """Whole multiples of the fine step from 2 to ``largest``: 2, 5, 10, 20, 25, 50, 100 ..."""
    out: set[int] = set()
    for power in range(int(np.log10(largest)) + 2):
        out.update(int(b * 10**power) for b in _BASES if b * 10**power == int(b * 10**power))
    return sorted(m for m in out if 2 <= m <= largest)


def _next_heap(units: np.ndarray, current: int, largest: float) -> int | None:
    """The multiple of ``current`` whose grid holds the most values beyond chance, among the values on
    ``current``'s grid; None when none holds clearly more."""
    on = units[np.mod(units, current) == 0]
    best: tuple[float, int] | None = None
    for multiple in _candidates(largest):
        if multiple <= current or multiple % current:
            continue
        hits = int(np.count_nonzero(np.mod(on, multiple) == 0))
        chance = current / multiple
        excess = hits / len(on) - chance
        z = excess * np.sqrt(len(on) / (chance * (1 - chance)))
        if hits >= _MIN_HEAP_VALUES and excess >= _MIN_EXCESS and z >= _MIN_Z and (best is None or excess > best[0]):
            best = (excess, multiple)
    return None if best is None else best[1]


def _level_probs(units: np.ndarray, chain: list[int]) -> np.ndarray:
    """Probabilities of rounding to each step of ``chain`` (fine first) that give the real share of values on
    each: a value rounded to step ``j`` lies on a coarser step ``k`` by chance, ``chain[j] / chain[k]``."""
    multiples = np.asarray(chain, dtype=float)
    shares = np.array([np.mean(np.mod(units, m) == 0) for m in chain])
    k, j = np.meshgrid(np.arange(len(chain)), np.arange(len(chain)), indexing="ij")
    chance = np.where(j >= k, 1.0, multiples[j] / multiples[k])
    probs = np.clip(np.linalg.solve(chance, shares), 0.0, None)
    return probs / probs.sum()

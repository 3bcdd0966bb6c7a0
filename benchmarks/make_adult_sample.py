"""Rebuild core's demo dataset ``genesis/data/adult_sample.csv``: 2,000 seeded rows of UCI Adult.

Run: ``uv run --all-packages python benchmarks/make_adult_sample.py``
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from adult_data import load_adult

SAMPLE_ROWS = 2_000
SEED = 20_261_125
TARGET = Path(__file__).resolve().parents[1] / "genesis-core" / "src" / "genesis" / "data" / "adult_sample.csv"


def main() -> None:
    adult = load_adult()
    rows = np.sort(np.random.default_rng(SEED).choice(len(adult), size=SAMPLE_ROWS, replace=False))
    adult.iloc[rows].to_csv(TARGET, index=False, lineterminator="\n")
    print(f"wrote {SAMPLE_ROWS} rows to {TARGET}")


if __name__ == "__main__":
    main()

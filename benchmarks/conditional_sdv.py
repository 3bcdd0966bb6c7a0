"""SDV side of ``benchmarks/conditional.py``: run with the SDV venv's Python, prints one JSON document.

SDV's ``GaussianCopulaSynthesizer`` conditions natively on equalities (``sample_from_conditions``);
ranges and the rest of a compound condition are reached by sampling and filtering, as an SDV user
would. Accepted rows/s and generated rows per accepted row are measured per case.
"""

from __future__ import annotations

import json
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas as pd
from adult_data import load_adult
from conditional_cases import cases

N_ACCEPTED = 1000
#: Cases whose estimated cost exceeds this many generated rows are skipped.
MAX_GENERATED = 3_000_000


def _filter(frame: pd.DataFrame, conditions: dict) -> pd.DataFrame:
    keep = pd.Series(True, index=frame.index)
    for column, spec in conditions.items():
        keep &= frame[column] >= spec[1] if isinstance(spec, list) else frame[column] == spec
    return frame[keep]


def _frame(sample: pd.DataFrame | dict[str, pd.DataFrame]) -> pd.DataFrame:
    return sample["data"] if isinstance(sample, dict) else sample


def main() -> None:
    from sdv.metadata import Metadata
    from sdv.sampling import Condition
    from sdv.single_table import GaussianCopulaSynthesizer

    warnings.filterwarnings("ignore")
    adult = load_adult()
    synthesizer = GaussianCopulaSynthesizer(Metadata.detect_from_dataframes({"data": adult}))
    synthesizer.fit({"data": adult})  # SDV 2.0's single-table synthesizers take and return {table: frame}
    started = time.perf_counter()
    _frame(synthesizer.sample(num_rows=10_000))
    results = {"unconditioned_rows_per_s": 10_000 / (time.perf_counter() - started), "cases": {}}
    for name, conditions, equalities in cases(adult):
        rest = {k: v for k, v in conditions.items() if k not in equalities}
        rest_rate = max(len(_filter(adult, conditions)) / max(len(_filter(adult, equalities)), 1), 1e-6)
        if rest_rate * MAX_GENERATED < N_ACCEPTED:
            results["cases"][name] = {"skipped": f"needs ~{N_ACCEPTED / rest_rate:,.0f} generated rows"}
            continue
        accepted: list[pd.DataFrame] = []
        generated = found = 0
        started = time.perf_counter()
        while found < N_ACCEPTED:
            batch_size = int(min(max((N_ACCEPTED - found) / rest_rate * 1.2, 500), 50_000))
            if equalities:
                batch = _frame(
                    synthesizer.sample_from_conditions([Condition(num_rows=batch_size, column_values=equalities)])
                )
            else:
                batch = _frame(synthesizer.sample(num_rows=batch_size))
            generated += len(batch)
            batch = _filter(batch, rest)
            accepted.append(batch)
            found += len(batch)
        seconds = time.perf_counter() - started
        results["cases"][name] = {
            "rows_per_s": N_ACCEPTED / seconds,
            "generated_per_accepted": generated / found,
            "seconds": seconds,
        }
    print(json.dumps(results))


if __name__ == "__main__":
    main()

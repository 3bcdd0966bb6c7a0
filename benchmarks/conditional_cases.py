"""The conditions benchmarked by ``benchmarks/conditional.py``, shared by the Genesis and SDV sides.

A selectivity ladder (ranges on ``fnlwgt`` at its real quantiles: 50% ... 0.01% of Adult) and the
three cases measured on SDV in issue 11: an exact categorical value (plus a 0.02% one), a range (``age >= 80``) and a
compound condition (``age >= 60 AND sex = Female AND income = >50K``). Each case is
``(name, conditions dict, sdv_equalities)``: the equalities SDV can condition on natively, the rest
it filters.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["SELECTIVITIES", "cases"]

SELECTIVITIES = (0.5, 0.1, 0.01, 0.001, 0.0001)


def cases(adult: pd.DataFrame) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """Every benchmark case for the Adult table."""
    out: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
    for share in SELECTIVITIES:
        threshold = int(adult["fnlwgt"].quantile(1.0 - share))
        out.append((f"fnlwgt >= q{1 - share:g} ({share:.2%})", {"fnlwgt": [">=", threshold]}, {}))
    out.append(("race = Amer-Indian-Eskimo", {"race": "Amer-Indian-Eskimo"}, {"race": "Amer-Indian-Eskimo"}))
    out.append(("workclass = Never-worked", {"workclass": "Never-worked"}, {"workclass": "Never-worked"}))
    out.append(("age >= 80", {"age": [">=", 80]}, {}))
    out.append((
        "age >= 60 AND sex = Female AND income = >50K",
        {"age": [">=", 60], "sex": "Female", "income": ">50K"},
        {"sex": "Female", "income": ">50K"},
    ))  # fmt: skip
    return out

"""Category values that name a numeric band (Adult's ``income``: ``<=50K``, ``>50K``), reached by a comparison.

"earning more than 50K" cannot compare a text column with a number, but it can pick the category whose band
holds the asked-for range: ``> 50,000`` lies inside ``>50K``, ``50K or less`` inside ``<=50K``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

__all__ = ["Band", "band_of", "value_for"]

_BAND = re.compile(
    r"^\s*(?:(?P<op><=|>=|=<|=>|<|>|under|over|below|above)\s*)?\$?(?P<num>\d+(?:\.\d+)?)\s*(?P<scale>k|m|b)?"
    r"\s*(?P<plus>\+|or more|and up|and above)?\s*$",
    re.IGNORECASE,
)
_SCALES = {"k": 1e3, "m": 1e6, "b": 1e9}

#: (low, low inclusive, high, high inclusive)
Band = tuple[float, bool, float, bool]


def band_of(value: Any) -> Band | None:
    """The numeric band a category value writes (``">50K"`` → ``(50000, False, inf, False)``), else None."""
    if not isinstance(value, str):
        return None
    match = _BAND.match(value)
    if match is None or not (match["op"] or match["plus"]):
        return None
    number = float(match["num"]) * _SCALES.get((match["scale"] or "").lower(), 1.0)
    op = (match["op"] or ">=").lower()
    if op in (">", "over", "above"):
        return number, False, math.inf, False
    if op in (">=", "=>"):
        return number, True, math.inf, False
    if op in ("<", "under", "below"):
        return -math.inf, False, number, False
    return -math.inf, False, number, True


def value_for(categories: Sequence[Any], operator: str, value: float) -> Any | None:
    """The one category whose band holds ``column operator value``; None when none or several do.

    The asked-for bound must be the band's own edge ("more than 80K" is narrower than ``>50K``, so it reaches
    nothing); whether the edge itself is included is not held against a match: "over 50K" reaches ``>50K``.
    """
    upward = operator in ("gt", "gte", "over")
    if not upward and operator not in ("lt", "lte"):
        return None
    holding = []
    for category in categories:
        band = band_of(category)
        if band is None:
            continue
        edge, open_end = (band[0], band[2]) if upward else (band[2], band[0])
        if edge == value and math.isinf(open_end):
            holding.append(category)
    return holding[0] if len(holding) == 1 else None

"""Word normal forms shared by every look-up: crude singulars and column names split into words."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["normalize_words", "singular"]

_WORD_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_IRREGULAR = {"wives": "wife", "lives": "life", "children": "child", "halves": "half", "leaves": "leaf",
              "knives": "knife", "thieves": "thief", "feet": "foot", "teeth": "tooth", "mice": "mouse"}


@lru_cache(maxsize=4096)
def singular(word: str) -> str:
    """A crude singular: ``customers`` → ``customer``, ``cities`` → ``city``, ``wives`` → ``wife``; ``status`` is
    left alone."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def normalize_words(text: str) -> tuple[str, ...]:
    """``"SignupDate"``, ``"signup_date"`` and ``"Signup Dates"`` all give ``("signup", "date")``."""
    spaced = _CAMEL.sub(" ", str(text)).lower()
    return tuple(singular(word) for word in _WORD_SPLIT.split(spaced) if word)

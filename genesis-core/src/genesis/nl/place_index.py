"""Phrases that reach a column's values through :mod:`genesis.nl.places`: regions, demonyms, aliases, home country.

A phrase is indexed only when the values it names are in the column, and names only those values: "the
Midwest" on a column holding six states is those of the six that lie in the Midwest.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from genesis.nl.places import (
    CONTINENT_ADJECTIVES,
    COUNTRY_ALIASES,
    COUNTRY_DEMONYMS,
    FOREIGN_WORDS,
    HOME_WORDS,
    STATE_DEMONYMS,
    STATE_GROUPS,
)
from genesis.nl.words import normalize_words

__all__ = ["PlaceMatch", "place_matches"]

#: (phrase key, value, how it was found, whether the phrase means "every value but this one")
PlaceMatch = tuple[tuple[str, ...], Any, str, bool]
_HOME = "united state"


def _by_name(categories: Sequence[Any]) -> dict[str, Any]:
    """Text values by their normal form (``"United-States"`` and ``"United States"`` → ``"united state"``)."""
    return {" ".join(normalize_words(v)): v for v in categories if isinstance(v, str) and v.strip()}


def _named(names: Mapping[str, Any], targets: Sequence[str]) -> list[Any]:
    """The values of ``names`` that one of ``targets`` (country or continent names) spells, first target first."""
    for target in targets:
        value = names.get(" ".join(normalize_words(target)))
        if value is not None:
            return [value]
    return []


def place_matches(column: str, categories: Sequence[Any], states: Mapping[str, str]) -> Iterator[PlaceMatch]:
    """Place phrases for one categorical ``column``; ``states`` maps postal codes to its values that are states."""
    if len(states) >= 3:
        for phrase, codes in STATE_GROUPS.items():
            for code in codes:
                if code in states:
                    yield normalize_words(phrase), states[code], "region", False
        for demonym, code in STATE_DEMONYMS.items():
            if code in states:
                yield normalize_words(demonym), states[code], "demonym", False
    names = _by_name(categories)
    for table, how in ((COUNTRY_DEMONYMS, "demonym"), (CONTINENT_ADJECTIVES, "demonym"), (COUNTRY_ALIASES, "alias")):
        for phrase, targets in table.items():
            for value in _named(names, targets):
                yield normalize_words(phrase), value, how, False
    home = names.get(_HOME)
    if home is not None and any(word in normalize_words(column) for word in ("country", "nationality", "origin",
                                                                            "birth", "native", "citizenship")):
        for phrase in HOME_WORDS:
            yield normalize_words(phrase), home, "home country", False
        for phrase in FOREIGN_WORDS:
            yield normalize_words(phrase), home, "home country", True

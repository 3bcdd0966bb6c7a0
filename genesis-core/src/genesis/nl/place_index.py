"""Phrases that reach a column's values through :mod:`genesis.nl.places`: regions, demonyms, aliases, home country.

A phrase is indexed only when the values it names are in the column, and names only those values: "the
Midwest" on a column holding six states is those of the six that lie in the Midwest. The states a column of states
lacks are indexed as absent, so "South Carolina" is asked about rather than read as "the South" and a stray word.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any

from genesis.nl.places import (
    CONTINENT_ADJECTIVES,
    COUNTRY_ALIASES,
    COUNTRY_DEMONYMS,
    FOREIGN_WORDS,
    HOME_WORDS,
    REGION_DEMONYMS,
    STATE_DEMONYMS,
    STATE_GROUPS,
)
from genesis.nl.words import normalize_words

__all__ = ["PlaceMatch", "place_matches"]

#: (phrase key, value, how it was found, whether the phrase means "every value but this one")
PlaceMatch = tuple[tuple[str, ...], Any, str, bool]
_HOME = "united state"


def _key(phrase: str) -> tuple[str, ...]:
    return normalize_words(phrase)


@lru_cache(maxsize=1)
def _state_keys() -> tuple[list[tuple[tuple[str, ...], tuple[str, ...]]], list[tuple[tuple[str, ...], str]]]:
    """Region and demonym phrases in normal form, built once."""
    groups = [(_key(phrase), codes) for phrase, codes in STATE_GROUPS.items()]
    demonyms = [(_key(demonym), code) for demonym, code in STATE_DEMONYMS.items()]
    demonyms += [(_key(people), code) for people, region in REGION_DEMONYMS.items() for code in STATE_GROUPS[region]]
    return groups, demonyms


@lru_cache(maxsize=1)
def _all_states() -> list[tuple[tuple[str, ...], str]]:
    """Every US state and DC: (name in normal form, postal code)."""
    import us

    return [(_key(state.name), str(state.abbr)) for state in [*us.states.STATES, us.states.DC]]


@lru_cache(maxsize=1)
def _by_target() -> dict[str, list[tuple[tuple[str, ...], str, int]]]:
    """Country and continent names in normal form → (phrase key, how, rank of the name among the phrase's)."""
    table: dict[str, list[tuple[tuple[str, ...], str, int]]] = {}
    for phrases, how in ((COUNTRY_DEMONYMS, "demonym"), (CONTINENT_ADJECTIVES, "demonym"), (COUNTRY_ALIASES, "alias")):
        for phrase, targets in phrases.items():
            for rank, target in enumerate(targets):
                table.setdefault(" ".join(_key(target)), []).append((_key(phrase), how, rank))
    return table


@lru_cache(maxsize=1)
def _home_keys() -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    return [_key(p) for p in HOME_WORDS], [_key(p) for p in FOREIGN_WORDS]


def place_matches(column: str, categories: Sequence[Any], states: Mapping[str, str]) -> Iterator[PlaceMatch]:
    """Place phrases for one categorical ``column``; ``states`` maps postal codes to its values that are states."""
    if len(states) >= 3:
        groups, demonyms = _state_keys()
        for key, codes in groups:
            for code in codes:
                if code in states:
                    yield key, states[code], "region", False
        for key, code in demonyms:
            if code in states:
                yield key, states[code], "demonym", False
        for key, code in _all_states():
            if code not in states:  # "South Carolina" on a column without it: asked about, never "the South"
                yield key, None, "absent", False
    best: dict[tuple[str, ...], tuple[int, Any, str]] = {}
    home = None
    for value in categories:
        if not isinstance(value, str) or not value.strip():
            continue
        name = " ".join(normalize_words(value))
        home = value if name == _HOME else home
        for key, how, rank in _by_target().get(name, ()):
            if key not in best or rank < best[key][0]:
                best[key] = (rank, value, how)
    for key, (_, value, how) in best.items():
        yield key, value, how, False
    if home is not None and any(word in normalize_words(column) for word in ("country", "nationality", "origin",
                                                                            "birth", "native", "citizenship")):
        home_keys, foreign_keys = _home_keys()
        for key in home_keys:
            yield key, home, "home country", False
        for key in foreign_keys:
            yield key, home, "home country", True

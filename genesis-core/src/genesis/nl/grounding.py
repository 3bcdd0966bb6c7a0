"""Grounding words in a schema: which column a word names, which category value a phrase means.

A :class:`Grounding` is built once per schema and then answers look-ups in constant time: column names
are normalised (``signup_date`` → ``signup date``, plurals folded), concepts map synonyms to columns
(``salary`` → ``income``), category values map their spellings (``California`` ↔ ``CA`` through the
``us`` package, ``women`` → ``F``), and typos fall back to fuzzy matching with ``rapidfuzz``.
Nothing here ever names a column or a value that is not in the schema.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from genesis.nl.lexicon import (
    ABBREVIATIONS,
    CONCEPTS,
    FILLER,
    NEGATIONS,
    TICKERS,
    VALUE_ABBREVIATIONS,
    VALUE_SYNONYMS,
)
from genesis.nl.place_index import place_matches
from genesis.nl.tokens import Token
from genesis.nl.value_words import flag_words, weekday_words, yes_no_values
from genesis.nl.words import normalize_words, singular
from genesis.schema import ColumnKind, ColumnSchema, Schema

__all__ = ["Grounding", "ValueMatch", "normalize_words", "singular"]

#: Fuzzy matches below this rapidfuzz ratio (0-100) are ignored.
FUZZY_CUTOFF = 85.0
#: Column-name words too generic to name a column on their own.
_GENERIC = frozenset({"date", "id", "at", "is", "has", "num", "number", "of", "count", "total", "the", "flag",
                      "code", "type", "name", "value", "amount", "time", "year", "in", "on", "per"})  # fmt: skip
_SHORT_WORDS = FILLER | {"or", "me", "hi", "ok", "oh", "so", "no", "yes", "go", "do", "be", "us"}
_NUMERIC = (ColumnKind.INTEGER, ColumnKind.CONTINUOUS)
_NOT_PREFIXES = frozenset(words[0] for words in NEGATIONS)


def _count_verbs(column: ColumnSchema) -> list[tuple[str, ...]]:
    """Verbs for a count column: ``order_count`` or ``num_orders`` → ``ordered``, ``ordering``."""
    if column.kind != ColumnKind.INTEGER:
        return []
    words = [w for w in normalize_words(column.name) if w not in _GENERIC]
    if len(words) != 1 or len(words[0]) < 4:
        return []
    noun = words[0]
    base = noun[:-1] if noun.endswith("e") else noun
    return [(base + "ed",), (base + "ing",)]


#: Ordinal category values (``1st``) and the word users write for them before the column's name.
_SPELLED_ORDINALS = {"1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth", "5th": "fifth",
                     "6th": "sixth", "7th": "seventh", "8th": "eighth", "9th": "ninth", "10th": "tenth"}  # fmt: skip


def _by_initial(keys: Iterable[str]) -> dict[str, list[str]]:
    """Keys grouped by first letter: a typo keeps its first letter, so ``married`` never becomes ``unmarried``."""
    grouped: dict[str, list[str]] = {}
    for key in keys:
        grouped.setdefault(key[0], []).append(key)
    return grouped


def _word_positions(tokens: Sequence[Token], i: int, limit: int) -> list[int]:
    """Indices of up to ``limit`` consecutive words (ordinals too: titanic's ``1st`` class) from ``i``, stepping
    over hyphens between them."""
    positions: list[int] = []
    k = i
    while k < len(tokens) and len(positions) < limit:
        if tokens[k].kind in ("word", "ordinal"):
            positions.append(k)
        elif not (tokens[k].text == "-" and positions and k + 1 < len(tokens) and tokens[k + 1].kind == "word"):
            break
        k += 1
    return positions


@dataclass(frozen=True)
class ValueMatch:
    """A category value a phrase stands for, and how it was found (``exact``, ``synonym``, ``state``, ``fuzzy``)."""

    column: str
    value: Any
    how: str
    score: float = 1.0
    #: The phrase means every row but this value (``immigrants`` → ``native-country != United-States``).
    negated: bool = False


@lru_cache(maxsize=8192)
def _state(value: str) -> tuple[Any, ...] | None:
    """(postal code, spellings...) of the US state (or DC) written as ``value`` (its name or code), else None."""
    import us

    state = us.states.lookup(value)
    if state is None or value.strip().lower() not in (state.name.lower(), state.abbr.lower()):
        return None
    return str(state.abbr), normalize_words(state.name), (state.abbr.lower(),)


class Grounding:
    """Look-up tables of one schema: column phrases, concepts, category values and numeric bounds."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.numeric = [c.name for c in schema if c.kind in _NUMERIC and c.minimum is not None]
        self.datetimes = [c.name for c in schema if c.kind == ColumnKind.DATETIME]
        self.columns: dict[tuple[str, ...], str] = {}
        self.values: dict[tuple[str, ...], list[ValueMatch]] = {}
        self._indexed: set[tuple[tuple[str, ...], str, Any]] = set()
        self._index_columns(schema)
        self._index_values(schema)
        self.prefixes = self._index_prefixes()
        self.max_column_words = max((len(k) for k in self.columns), default=1)
        self.max_value_words = max((len(k) for k in self.values), default=1)
        self._value_keys = _by_initial(" ".join(key) for key in self.values if len(" ".join(key)) >= 4)
        self._column_keys = _by_initial(" ".join(key) for key in self.columns)

    # -- building ---------------------------------------------------------------------------------------------
    def _index_columns(self, schema: Schema) -> None:
        partial: dict[tuple[str, ...], set[str]] = {}
        for column in schema:
            words = normalize_words(column.name)
            self.columns.setdefault(words, column.name)
            expanded = tuple(part for word in words for part in ABBREVIATIONS.get(word, (word,)))
            self.columns.setdefault(expanded, column.name)
            for verb in _count_verbs(column):
                self.columns.setdefault(verb, column.name)
            for company in TICKERS.get(column.name.lower(), ()):
                self.columns.setdefault(normalize_words(company), column.name)
            for word in dict.fromkeys(words + expanded):
                if word not in _GENERIC and len(word) >= 3 and word not in FILLER and word + "s" not in FILLER:
                    partial.setdefault((word,), set()).add(column.name)
        for key, names in partial.items():
            if len(names) == 1:
                self.columns.setdefault(key, next(iter(names)))

    def _index_values(self, schema: Schema) -> None:
        for column in schema:
            if column.kind == ColumnKind.BOOLEAN:
                self._index_boolean(column)
                continue
            if column.kind not in (ColumnKind.CATEGORICAL, ColumnKind.CONSTANT) or not column.categories:
                continue
            spellings: dict[str, Any] = {}
            states: dict[str, str] = {}
            for value in column.categories:
                if not isinstance(value, str) or not value.strip():
                    continue
                spellings[value.strip().lower()] = value
                words = normalize_words(value)
                self._add_value(words, ValueMatch(column.name, value, "exact"))
                expanded = tuple(part for word in words for part in VALUE_ABBREVIATIONS.get(word, (word,)))
                if expanded != words:
                    self._add_value(expanded, ValueMatch(column.name, value, "expanded"))
                if value.strip().lower() in _SPELLED_ORDINALS:  # "first class" for class 1st; "first" alone is not one
                    spelled = (_SPELLED_ORDINALS[value.strip().lower()], *normalize_words(column.name))
                    self._add_value(spelled, ValueMatch(column.name, value, "expanded"))
                state = _state(value)
                if state is not None:
                    states[state[0]] = value
                    for alias in state[1:]:
                        self._add_value(alias, ValueMatch(column.name, value, "state"))
            for key, value, how, negated in place_matches(column.name, column.categories, states):
                self._add_value(key, ValueMatch(column.name, value, how, negated=negated))
            for key, value in weekday_words(column.categories):
                self._add_value(key, ValueMatch(column.name, value, "weekday"))
            yes_no = yes_no_values(column.categories)
            if yes_no is not None:
                for key in flag_words(column.name):
                    self._add_value(key, ValueMatch(column.name, yes_no[0], "flag"))
            for phrase, options in VALUE_SYNONYMS.items():
                for option in sorted(options):
                    if option in spellings:
                        self._add_value(tuple(singular(w) for w in phrase),
                                        ValueMatch(column.name, spellings[option], "synonym"))
                        break

    def _index_boolean(self, column: ColumnSchema) -> None:
        for words in flag_words(column.name):
            self._add_value(words, ValueMatch(column.name, True, "boolean"))

    def _index_prefixes(self) -> dict[str, list[ValueMatch]]:
        """First words of multi-word values (``married`` → ``Married-civ-spouse``, ``Married-AF-spouse``...)."""
        prefixes: dict[str, list[ValueMatch]] = {}
        for key, matches in self.values.items():
            first = key[0]
            if not any(m.how == "exact" for m in matches):
                continue
            if len(key) > 1 and len(first) >= 4 and first not in FILLER and first not in _NOT_PREFIXES \
                    and (first,) not in self.values:
                prefixes.setdefault(first, []).extend(ValueMatch(m.column, m.value, "prefix") for m in matches
                                                      if m.how == "exact")
        return prefixes

    def _add_value(self, key: tuple[str, ...], match: ValueMatch) -> None:
        """Index ``match`` under ``key`` unless that key already names the same column and value."""
        if not key or (key, match.column, match.value) in self._indexed:
            return
        self._indexed.add((key, match.column, match.value))
        self.values.setdefault(key, []).append(match)

    # -- look-ups ---------------------------------------------------------------------------------------------
    def kind(self, name: str) -> ColumnKind:
        """The kind of column ``name``."""
        return self.schema[name].kind

    def concept_column(self, concept: str) -> str | None:
        """The first column whose name contains one of ``concept``'s words (``annual_income`` for income)."""
        names = CONCEPTS[concept].names
        for column in self.schema:
            if any(word in names for word in normalize_words(column.name)):
                return column.name
        return None

    def column_at(self, tokens: Sequence[Token], i: int) -> tuple[str, int] | None:
        """The column named by the longest phrase starting at token ``i``, and the index after it."""
        positions = _word_positions(tokens, i, self.max_column_words)
        for size in range(len(positions), 0, -1):
            key = tuple(singular(tokens[k].text) for k in positions[:size])
            if key in self.columns:
                return self.columns[key], positions[size - 1] + 1
        return None

    def value_at(self, tokens: Sequence[Token], i: int) -> tuple[list[ValueMatch], int] | None:
        """The category values named by the longest phrase starting at token ``i``, and the index after it.

        Hyphens inside a phrase are ignored (``never-married``); a word that only starts multi-word values
        (``married``) names all of them.
        """
        positions = _word_positions(tokens, i, self.max_value_words)
        for size in range(len(positions), 0, -1):
            key = tuple(singular(tokens[k].text) for k in positions[:size])
            matches = self.values.get(key)
            if matches and (size > 1 or self._short_ok(tokens, i)):
                return list(matches), positions[size - 1] + 1
        if positions and tokens[i].text in self.prefixes:
            return list(self.prefixes[tokens[i].text]), i + 1
        return None

    def _short_ok(self, tokens: Sequence[Token], i: int) -> bool:
        """Two-letter words (``CA``, ``F``) count as values only when written in capitals or after in/from."""
        token = tokens[i]
        if len(token.text) > 2:
            return token.text not in FILLER
        if token.raw.isupper():
            return True
        return token.text not in _SHORT_WORDS and i > 0 and tokens[i - 1].text in ("in", "from")

    def fuzzy_value(self, phrase: str) -> list[ValueMatch]:
        """Category values within the fuzzy cutoff of ``phrase`` (a typo such as ``Califrnia``)."""
        if len(phrase) < 5 or not self._value_keys:
            return []
        from rapidfuzz import fuzz, process

        choices = self._value_keys.get(phrase[0], [])
        best = process.extractOne(phrase, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if best is None:
            return []
        key = tuple(best[0].split(" "))
        return [ValueMatch(m.column, m.value, "fuzzy", best[1] / 100) for m in self.values[key] if m.how != "absent"]

    def fuzzy_column(self, word: str) -> tuple[str, float] | None:
        """The column whose name is within the fuzzy cutoff of ``word`` (``incme`` → ``income``)."""
        if len(word) < 4 or not self._column_keys:
            return None
        from rapidfuzz import fuzz, process

        choices = self._column_keys.get(word[0], [])
        best = process.extractOne(singular(word), choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        return None if best is None else (self.columns[tuple(best[0].split(" "))], best[1] / 100)

    def nearest_columns(self, word: str, limit: int = 3) -> list[str]:
        """Up to ``limit`` column names closest to ``word``, best first."""
        from rapidfuzz import fuzz, process

        names = self.schema.names
        ranked = process.extract(word, names, scorer=fuzz.WRatio, limit=limit, processor=str.lower)
        return [name for name, _, _ in ranked]

    def nearest_values(self, word: str, limit: int = 3) -> list[ValueMatch]:
        """Up to ``limit`` category values closest to ``word``, best first."""
        if not self._value_keys:
            return []
        from rapidfuzz import fuzz, process

        keys = [key for group in self._value_keys.values() for key in group]
        ranked = process.extract(word.lower(), keys, scorer=fuzz.WRatio, limit=limit)
        out: list[ValueMatch] = []
        for key, score, _ in ranked:
            matches = self.values[tuple(key.split(" "))]
            out.extend(ValueMatch(m.column, m.value, "nearest", score / 100) for m in matches if m.how != "absent")
        return out[:limit]

    def bounds(self, name: str) -> tuple[float, float]:
        """The observed minimum and maximum of numeric column ``name``."""
        column = self.schema[name]
        return float(column.minimum), float(column.maximum)  # type: ignore[arg-type]

    def fits(self, name: str, value: float) -> bool:
        """Whether ``value`` lies within the observed range of numeric column ``name``."""
        low, high = self.bounds(name)
        return math.isfinite(value) and low <= value <= high

    def numeric_value(self, name: str, value: float) -> int | float:
        """``value`` typed for column ``name``: whole numbers stay ``int`` so integer columns compare cleanly."""
        return int(value) if float(value).is_integer() else float(value)

"""New free text in the style of a column: a Markov chain over its words (or letters), never a real value.

Free text (airport names, film titles, product names) is unique or nearly so, yet it is not an
identifier: a reader expects words. :func:`fit_text` learns which unit follows which from the
column itself: words, when values have two words on average or more, else letters (a column of
single words such as city names). Sampling walks the chain from a start mark to an end mark, so
lengths follow the real ones, and every generated value whose hash matches a real one is redrawn. (A column
whose real values may come back, ``allow_real_text``, is not a chain: it is a categorical column of the copula.)

Sampling is vectorised: each chain state owns a slice ``(state, state + 1]`` of one flat
cumulative array, so one ``searchsorted`` advances every row at once.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from genesis.generators.links import code_entropy, mutual_information

__all__ = ["MIN_PAIRED_SHARE", "REDRAW_ROUNDS", "TextModel", "choose_text_parent", "fit_text", "unpaired"]

#: Values read to learn the chain (a seeded sample of bigger columns).
TEXT_SAMPLE = 20_000
#: Context length of the chain: one word, or two letters.
WORD_ORDER, LETTER_ORDER = 1, 2
#: A word seen fewer times than this counts as "some rare word" when words are matched with a category.
MIN_WORD_COUNT = 5
#: Share of a category's entropy its words must explain (bias-corrected) for the text to follow it.
MIN_TEXT_LINK = 0.05
#: Redraw rounds for values equal to a real one (or to another new one, for unique columns), or, where the real
#: values keep brackets and quotes paired, for a value that leaves one open.
REDRAW_ROUNDS = 12
#: Share of real values with paired brackets and quotes above which generated values must pair them too.
MIN_PAIRED_SHARE = 0.99
_BRACKETS = (("(", ")"), ("[", "]"), ("{", "}"))
_START, _END = "\x02", "\x03"


@dataclass
class TextModel:
    """A Markov chain over ``units``: ``offsets[s]:offsets[s+1]`` are state ``s``'s moves, each to unit
    ``unit[i]`` and state ``target[i]`` with cumulative probability ``cumulative[i]`` within the state."""

    joiner: str
    units: list[str]
    offsets: list[int]
    unit: list[int]
    target: list[int]
    cumulative: list[float]
    max_units: int
    unique: bool
    seen: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint64))
    #: Rows a word must appear in to be a unit (``privacy="strict"``: 20); above 1 the saved file also leaves out
    #: the hashes of the real values, which would let anyone holding a candidate value check it was in the data.
    min_rows: int = 1
    #: Whether generated values must pair brackets and quotes as the real ones do (False in older files).
    paired: bool = False

    def __post_init__(self) -> None:
        offsets = np.asarray(self.offsets, dtype=np.int64)
        state_of = np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))
        self._flat = state_of + np.asarray(self.cumulative, dtype=float)
        self._unit = np.asarray(self.unit, dtype=np.int64)
        self._target = np.asarray(self.target, dtype=np.int64)
        self._end = self.units.index(_END)

    @property
    def style(self) -> str:
        """``words`` or ``letters``."""
        return "words" if self.joiner else "letters"

    def generate(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """``n`` new values (an object array of str)."""
        out = self._walk(n, rng)
        hashes = pd.util.hash_array(out)
        redraw = self._clashes(hashes, repeats=self.unique) | self._unpaired(out)
        for _ in range(REDRAW_ROUNDS):
            rows = np.flatnonzero(redraw)
            if not len(rows):
                break
            out[rows] = self._walk(len(rows), rng)
            hashes[rows] = pd.util.hash_array(out[rows])
            redraw = self._clashes(hashes, repeats=self.unique)
            redraw[rows] |= self._unpaired(out[rows])
        words = np.asarray([u for u in self.units if u not in (_START, _END)], dtype=object)
        words = words[~self._unpaired(words)] if len(words) else words  # "(Dutch" would open a bracket
        words = words if len(words) else np.asarray(["x"], dtype=object)
        rows = np.flatnonzero(self._clashes(hashes, repeats=False))
        while len(rows):  # a chain with too few paths: lengthen the real values it insists on by a unit
            out[rows] = out[rows] + self.joiner + words[rng.integers(0, len(words), len(rows))]
            hashes[rows] = pd.util.hash_array(out[rows])
            rows = rows[self._clashes(hashes[rows], repeats=False)]
        return out

    def _unpaired(self, values: np.ndarray) -> np.ndarray:
        """Rows that leave a bracket or quote unpaired, where the real values pair them; else none."""
        return unpaired(values) if self.paired else np.zeros(len(values), dtype=bool)

    def _clashes(self, hashes: np.ndarray, repeats: bool) -> np.ndarray:
        """Rows equal to a real value, or, with ``repeats``, to an earlier row."""
        clash = np.isin(hashes, self.seen)
        return clash | pd.Series(hashes).duplicated().to_numpy() if repeats else clash

    def _walk(self, n: int, rng: np.random.Generator) -> np.ndarray:
        state = np.zeros(n, dtype=np.int64)
        picked = np.full((n, self.max_units), self._end, dtype=np.int64)
        active = np.ones(n, dtype=bool)
        for step in range(self.max_units):
            rows = np.flatnonzero(active)
            if not len(rows):
                break
            entry = np.searchsorted(self._flat, state[rows] + rng.random(len(rows)), side="right")
            entry = np.minimum(entry, len(self._flat) - 1)
            picked[rows, step] = self._unit[entry]
            state[rows] = self._target[entry]
            active[rows] = self._unit[entry] != self._end
        units = np.asarray(self.units, dtype=object)
        units[self._end] = ""
        words = units[picked]
        out = words[:, 0].copy()
        for step in range(1, words.shape[1]):
            column = words[:, step]
            out = out + np.where(column != "", self.joiner, "").astype(object) + column if self.joiner else out + column
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe; real values appear only as 64-bit hashes (none when ``min_rows`` > 1), real words and letters as
        the chain's units."""
        data = {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "seen"}
        data["seen"] = [int(h) for h in self.seen] if self.min_rows <= 1 else []
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TextModel:
        """Rebuild a model from :meth:`to_dict` output."""
        values = {k: v for k, v in data.items() if k != "allow_real"}  # models saved before 1.3 may hold the flag
        values["seen"] = np.asarray(values.get("seen", []), dtype=np.uint64)
        return cls(**values)


def choose_text_parent(series: pd.Series, codes: dict[str, np.ndarray], sizes: dict[str, int]) -> str | None:
    """The category column whose values the column's words follow most (``sex`` for passenger names, by their
    "Mr" and "Mrs"), or None when none explains :data:`MIN_TEXT_LINK` of its entropy.

    The mutual information of a word occurrence and its row's category (rare words pooled) is corrected by its
    chance level ``(words - 1)(categories - 1) / 2n``, so a column of many distinct words links no category by luck.
    """
    present = series.notna().to_numpy()
    rows = np.flatnonzero(present)[:TEXT_SAMPLE]
    words = [str(value).split() for value in series.to_numpy(dtype=object)[rows]]
    row_of = np.repeat(rows, [len(w) for w in words])
    if not len(row_of):
        return None
    flat = pd.Series([word for value in words for word in value], dtype=object)
    frequent = flat.map(flat.value_counts()).to_numpy() >= MIN_WORD_COUNT
    word_codes = pd.factorize(flat.where(frequent, _START))[0]
    n_words = int(word_codes.max()) + 1
    best, best_share = None, MIN_TEXT_LINK
    for name, parent in codes.items():
        mutual, _ = mutual_information(word_codes, parent[row_of], n_words, sizes[name])
        chance = (n_words - 1) * (sizes[name] - 1) / (2 * len(row_of))
        share = (mutual - chance) / code_entropy(parent[row_of], sizes[name]) if mutual > chance else 0.0
        if share > best_share:
            best, best_share = name, share
    return best


def fit_text(series: pd.Series, *, seed: int = 0, min_rows: int = 1) -> TextModel:
    """Learn the chain of ``series``' words (or letters) and remember the hashes of its real values.

    With ``min_rows`` above 1, words held by fewer rows are left out of the values they occur in (a surname one
    passenger had is never stored); a column left with no word is learnt as letters.
    """
    text = series.dropna().astype(str).to_numpy(dtype=object)
    sample = text
    if len(text) > TEXT_SAMPLE:
        sample = np.random.default_rng(seed).choice(text, TEXT_SAMPLE, replace=False)
    words = [value.split() for value in sample]
    by_words = bool(len(words)) and float(np.mean([len(w) for w in words])) >= 2.0
    if by_words and min_rows > 1:
        held = Counter(word for value in text for word in set(value.split()))
        words = [kept for value in words if (kept := [w for w in value if held[w] >= min_rows])]
        by_words = bool(words)
    sequences = words if by_words else [list(value) for value in sample]
    order = WORD_ORDER if by_words else LETTER_ORDER
    unique = len(text) > 0 and pd.Series(text).is_unique
    seen = np.unique(pd.util.hash_array(text)) if len(text) else np.empty(0, dtype=np.uint64)
    model = _chain(sequences, order, " " if by_words else "", unique, seen, min_rows)
    model.paired = bool(len(sample)) and float(np.mean(~unpaired(sample))) >= MIN_PAIRED_SHARE
    return model


def unpaired(values: np.ndarray) -> np.ndarray:
    """Values with an odd number of double quotes, or a bracket closed before it opens or never closed
    (``"Santa Fe Municipal Airport (Lovell"``)."""
    text = pd.Series(values, dtype=object).astype(str)
    odd = np.array(text.str.count('"') % 2 == 1, dtype=bool)
    for opening, closing in _BRACKETS:
        opened = text.str.count(re.escape(opening)).to_numpy()
        closed = text.str.count(re.escape(closing)).to_numpy()
        first_open, first_close = text.str.find(opening).to_numpy(), text.str.find(closing).to_numpy()
        odd |= (opened != closed) | ((closed > 0) & (first_close < first_open))
    return odd


def _chain(
    sequences: list[list[str]], order: int, joiner: str, unique: bool, seen: np.ndarray, min_rows: int
) -> TextModel:
    moves: dict[tuple[str, ...], Counter[str]] = {}
    for sequence in sequences or [[]]:
        padded = [_START] * order + sequence + [_END]
        for i in range(order, len(padded)):
            moves.setdefault(tuple(padded[i - order : i]), Counter())[padded[i]] += 1
    start = (_START,) * order
    states = [start, *sorted(set(moves) - {start})]
    state_id = {s: i for i, s in enumerate(states)}
    units = sorted({u for counter in moves.values() for u in counter} | {_END})
    unit_id = {u: i for i, u in enumerate(units)}
    offsets, unit, target, cumulative = [0], [], [], []
    for state in states:
        counter = moves[state]
        total = sum(counter.values())
        running = 0
        for next_unit, count in sorted(counter.items()):
            running += count
            unit.append(unit_id[next_unit])
            following = (*state[1:], next_unit)
            target.append(state_id.get(following, 0) if next_unit != _END else 0)
            cumulative.append(running / total)
        offsets.append(len(unit))
    longest = max((len(s) for s in sequences), default=1)
    return TextModel(joiner=joiner, units=units, offsets=offsets, unit=unit, target=target, cumulative=cumulative,
                     max_units=max(longest, 1) + 1, unique=unique, seen=seen, min_rows=min_rows)  # fmt: skip

"""Fresh identifiers in the format of the real ones, never a real one replayed, none recoverable from the model.

Three styles, picked from the data:

* ``sequence``: integer ids continue from a start above the largest real id, rounded up to one
  significant digit (largest real id ``1234`` -> ``2000, 2001, ...``);
* ``pattern``: text ``<prefix><digits><suffix>`` with a fixed prefix and suffix continues the
  same way, zero-padded to the real width (``C-0042`` ... ``C-0300`` -> ``C-0400``);
* ``template``: other text is drawn character by character, for each observed length, from the
  whole *character class* seen at each position (all digits, all lower-case or all upper-case
  ASCII letters), or a character every value of that length shares there (a separator such as
  ``-``, a fixed prefix). Lengths with fewer than :data:`MIN_TEMPLATE_ROWS` values are dropped.

What a saved model holds is a function of the format alone: two columns with the same lengths,
character classes and shared characters give the same identifier model, whichever values were
real, so nothing in the file recovers a real value or tells whether a value was one. In
particular no hash of a real value is stored. The hashes of the real values are kept in memory
(:attr:`IdentifierModel.seen`, never serialised), so a model fitted in this process never draws a
real value; a loaded model cannot exclude them: its template identifiers match a real one with
probability at most :attr:`IdentifierModel.collision_bound` each (sequence and pattern ids still
never do, as they continue above the rounded-up maximum).
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from genesis.schema import ColumnSchema

__all__ = ["CHARACTER_CLASSES", "MIN_TEMPLATE_ROWS", "IdentifierModel", "fit_identifier"]

_PATTERN = re.compile(r"^(\D*)(\d+)(\D*)$")
#: At most this many distinct lengths get a template (the rarest others are dropped).
MAX_TEMPLATES = 16
#: Longer values are templated on their first this-many characters.
MAX_TEMPLATE_LENGTH = 64
#: A length needs this many real values to get a template, so no template describes a handful of values.
MIN_TEMPLATE_ROWS = 10
#: Values per length read to learn the character classes of each position.
TEMPLATE_SAMPLE = 10_000
#: Redraw rounds for candidates that collide with real values, before lengthening them.
REDRAW_ROUNDS = 8
#: The alphabets a template position draws from: the whole class of every character seen there.
CHARACTER_CLASSES: dict[str, str] = {
    "digit": string.digits,
    "lower": string.ascii_lowercase,
    "upper": string.ascii_uppercase,
}
_FILLER = string.digits + string.ascii_lowercase


@dataclass
class IdentifierModel:
    """How to make fresh identifiers for one column.

    ``alphabets[t][i]`` is the string of characters position ``i`` of template ``t`` draws
    from. ``seen`` (hashes of the real values) lives only in memory: :meth:`to_dict` leaves it
    out. ``collision_bound`` is the largest chance that one template identifier drawn by a
    *loaded* model (which has no ``seen``) equals a real value.
    """

    style: str
    start: int = 0
    low: int = 0
    prefix: str = ""
    suffix: str = ""
    width: int = 0
    lengths: list[int] = field(default_factory=list)
    length_probs: list[float] = field(default_factory=list)
    alphabets: list[list[str]] = field(default_factory=list)
    collision_bound: float = 0.0
    seen: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint64), repr=False)

    def generate(self, n: int, rng: np.random.Generator, column: ColumnSchema) -> pd.Series:
        """``n`` fresh identifiers in ``column``'s dtype."""
        if self.style == "sequence":
            return pd.Series(self._numbers(n, column)).astype(pd.api.types.pandas_dtype(column.dtype))
        if self.style == "pattern":
            digits = np.char.zfill(self._numbers(n, column).astype(str), self.width)
            text = np.char.add(np.char.add(self.prefix, digits), self.suffix)
        else:
            text = self._templated(n, rng)
        dtype = pd.CategoricalDtype() if column.dtype == "category" else pd.api.types.pandas_dtype(column.dtype)
        return pd.Series(text.astype(object)).astype(dtype)

    def _numbers(self, n: int, column: ColumnSchema) -> np.ndarray:
        """Unused integers: from ``start`` upwards, then below ``low`` if the dtype runs out."""
        top, bottom = (2**62, -(2**62))
        if self.style == "sequence":
            dtype = pd.api.types.pandas_dtype(column.dtype)
            info = np.iinfo(getattr(dtype, "numpy_dtype", dtype))
            top, bottom = min(int(info.max), top), max(int(info.min), bottom)
        else:
            bottom = 0  # pattern digits are never negative
        above, below = max(top - self.start + 1, 0), max(self.low - bottom, 0)
        k = np.arange(n, dtype=np.int64) % max(above + below, 1)
        return np.where(k < above, self.start + k, self.low - 1 - (k - above))

    def _templated(self, n: int, rng: np.random.Generator) -> np.ndarray:
        which = rng.choice(len(self.lengths), size=n, p=self.length_probs)
        out = np.empty(n, dtype=object)
        for t, alphabet in enumerate(self.alphabets):  # one pass per template, never per row
            rows = np.flatnonzero(which == t)
            out[rows] = _draw(alphabet, len(rows), rng)
        for attempt in range(REDRAW_ROUNDS + 8):
            hashes = pd.util.hash_array(out)
            clash = np.isin(hashes, self.seen) | pd.Series(hashes).duplicated().to_numpy()
            if not clash.any():
                break
            rows = np.flatnonzero(clash)
            if attempt < REDRAW_ROUNDS:
                for t, alphabet in enumerate(self.alphabets):
                    sub = rows[which[rows] == t]
                    out[sub] = _draw(alphabet, len(sub), rng)
            else:
                out[rows] = out[rows] + _draw([_FILLER], len(rows), rng).astype(object)
        return out

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dictionary: the format only, never the real values nor their hashes."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "seen"}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IdentifierModel:
        """Rebuild a model from :meth:`to_dict` output (it knows no real values: see the module docstring)."""
        values = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k != "seen"}
        values["alphabets"] = [["".join(chars) for chars in template] for template in values.get("alphabets", [])]
        return cls(**values)


def _draw(alphabet: Sequence[str], count: int, rng: np.random.Generator) -> np.ndarray:
    """``count`` strings whose i-th character is drawn from the string ``alphabet[i]``."""
    if not alphabet:
        return np.full(count, "", dtype=object)
    codes = np.empty((count, len(alphabet)), dtype=np.uint32)
    for position, chars in enumerate(alphabet):
        points = np.frombuffer(chars.encode("utf-32-le"), dtype=np.uint32)
        codes[:, position] = points[rng.integers(0, len(points), count)]
    return codes.view(f"<U{len(alphabet)}").ravel()


def fit_identifier(series: pd.Series) -> IdentifierModel:
    """Pick the identifier style for ``series`` and learn its format."""
    values = series.dropna()
    if pd.api.types.is_integer_dtype(series.dtype):
        if values.empty:
            return IdentifierModel(style="sequence", start=0, low=0)
        return IdentifierModel(
            style="sequence", start=round_up(int(values.max())), low=-round_up(-int(values.min()) - 1)
        )
    text = values.astype(str).to_numpy(dtype=object)
    parts = _pattern_parts(text) if len(text) and _pattern_parts(text[:TEMPLATE_SAMPLE]) is not None else None
    if parts is not None:
        digits = parts[1].str.len()
        return IdentifierModel(
            style="pattern",
            start=round_up(int(parts[1].astype(np.int64).max())),
            low=0,
            prefix=str(parts[0].iloc[0]),
            suffix=str(parts[2].iloc[0]),
            width=int(digits.max()),
        )
    return _fit_template(text)


def round_up(value: int) -> int:
    """The smallest number above ``value`` with one significant digit (``1234 -> 2000``, ``-5 -> 0``).

    It bounds the real identifiers while telling only their order of magnitude.
    """
    if value < 0:
        return 0
    step = 10 ** (len(str(value)) - 1)
    return (value // step + 1) * step


def _pattern_parts(text: np.ndarray) -> pd.DataFrame | None:
    """Prefix, digits and suffix of each value, if all are ``<prefix><digits><suffix>`` alike."""
    parts = pd.Series(text, dtype=object).str.extract(_PATTERN)
    alike = not parts.isna().any().any() and parts[0].nunique() == 1 and parts[2].nunique() == 1
    return parts if alike else None


def _fit_template(text: np.ndarray) -> IdentifierModel:
    lengths = pd.Series(text, dtype=object).str.len().clip(upper=MAX_TEMPLATE_LENGTH)
    counts = lengths.value_counts()
    counts = counts[counts >= MIN_TEMPLATE_ROWS].head(MAX_TEMPLATES)
    if counts.empty:  # too few values of any one length: one template of generic characters
        length = int(lengths.median()) if len(lengths) else 8
        return IdentifierModel(
            style="template", lengths=[length], length_probs=[1.0], alphabets=[[_FILLER] * length],
            collision_bound=_bound(len(text), float(len(_FILLER)) ** length), seen=_hashes(text),
        )  # fmt: skip
    alphabets: list[list[str]] = []
    bound, total = 0.0, int(counts.sum())
    for length, count in zip(counts.index.tolist(), counts.tolist(), strict=True):
        rows = text[(lengths == length).to_numpy()][:TEMPLATE_SAMPLE]
        chars = np.array([list(s[:length]) for s in rows], dtype=object).reshape(len(rows), length)
        alphabet = [_position_alphabet(chars[:, i]) for i in range(length)]
        alphabets.append(alphabet)
        space = float(np.prod([float(len(a)) for a in alphabet]))
        bound += count / total * _bound(count, space)
    return IdentifierModel(
        style="template",
        lengths=[int(v) for v in counts.index],
        length_probs=(counts / counts.sum()).tolist(),
        alphabets=alphabets,
        collision_bound=min(bound, 1.0),
        seen=_hashes(text),
    )


def _position_alphabet(chars: np.ndarray) -> str:
    """The character every value has here, if they all share one; else the union of the classes seen."""
    distinct = set(chars)
    if len(distinct) == 1:
        return next(iter(distinct))
    classes = [alphabet for name, alphabet in CHARACTER_CLASSES.items() if any(_class_of(c) == name for c in distinct)]
    return "".join(classes) or _FILLER


def _class_of(char: str) -> str:
    if char.isdigit():
        return "digit"
    if char.isalpha():
        return "upper" if char.isupper() else "lower"
    return "other"  # varying punctuation draws from the generic characters


def _bound(count: float, space: float) -> float:
    """The chance that a uniform draw from ``space`` formats hits one of ``count`` real values (2 digits)."""
    return float(f"{min(1.0, float(count) / space):.2g}") if space > 0 else 1.0


def _hashes(text: np.ndarray) -> np.ndarray:
    return np.unique(pd.util.hash_array(text)) if len(text) else np.empty(0, dtype=np.uint64)

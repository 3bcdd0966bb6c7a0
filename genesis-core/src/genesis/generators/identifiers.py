"""Fresh identifiers in the format of the real ones, never a real one replayed.

Three styles, picked from the data:

* ``sequence``: integer ids continue after the largest real id (``1001, 1002, ...``);
* ``pattern``: text ``<prefix><digits><suffix>`` with a fixed prefix and suffix continues the
  same way, zero-padded to the real width (``C-0042`` -> ``C-1001``);
* ``template``: other text is drawn character by character from the characters seen at each
  position, for each observed length; candidates whose hash matches a real value (or another
  candidate) are redrawn, so no real value comes back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from genesis.schema import ColumnSchema

__all__ = ["IdentifierModel", "fit_identifier"]

_PATTERN = re.compile(r"^(\D*)(\d+)(\D*)$")
#: At most this many distinct lengths get a template (the rarest others are dropped).
MAX_TEMPLATES = 16
#: Longer values are templated on their first this-many characters.
MAX_TEMPLATE_LENGTH = 64
#: Values per length read to learn the characters of each position (all values are hashed).
TEMPLATE_SAMPLE = 10_000
#: Redraw rounds for candidates that collide with real values, before lengthening them.
REDRAW_ROUNDS = 8
_FILLER = "0123456789abcdefghijklmnopqrstuvwxyz"


@dataclass
class IdentifierModel:
    """How to make fresh identifiers for one column."""

    style: str
    start: int = 0
    low: int = 0
    prefix: str = ""
    suffix: str = ""
    width: int = 0
    lengths: list[int] = field(default_factory=list)
    length_probs: list[float] = field(default_factory=list)
    alphabets: list[list[list[str]]] = field(default_factory=list)
    seen: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint64))

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
        """Unused integers: after the largest real one, then below the smallest if the dtype runs out."""
        top, bottom = (2**62, -(2**62))
        if self.style == "sequence":
            dtype = pd.api.types.pandas_dtype(column.dtype)
            info = np.iinfo(getattr(dtype, "numpy_dtype", dtype))
            top, bottom = min(int(info.max), top), max(int(info.min), bottom)
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
                out[rows] = out[rows] + _draw([list(_FILLER)], len(rows), rng).astype(object)
        return out

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dictionary (real values appear only as 64-bit hashes)."""
        data = {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "seen"}
        data["seen"] = [int(h) for h in self.seen]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IdentifierModel:
        """Rebuild a model from :meth:`to_dict` output."""
        values = dict(data)
        values["seen"] = np.asarray(values.get("seen", []), dtype=np.uint64)
        return cls(**values)


def _draw(alphabet: Sequence[Sequence[str]], count: int, rng: np.random.Generator) -> np.ndarray:
    """``count`` strings whose i-th character is drawn from ``alphabet[i]``."""
    if not alphabet:
        return np.full(count, "", dtype=object)
    codes = np.empty((count, len(alphabet)), dtype=np.uint32)
    for position, chars in enumerate(alphabet):
        points = np.frombuffer("".join(chars).encode("utf-32-le"), dtype=np.uint32)
        codes[:, position] = points[rng.integers(0, len(points), count)]
    return codes.view(f"<U{len(alphabet)}").ravel()


def fit_identifier(series: pd.Series) -> IdentifierModel:
    """Pick the identifier style for ``series`` and learn its format."""
    values = series.dropna()
    if pd.api.types.is_integer_dtype(series.dtype):
        if values.empty:
            return IdentifierModel(style="sequence", start=0, low=0)
        return IdentifierModel(style="sequence", start=int(values.max()) + 1, low=int(values.min()))
    text = values.astype(str).to_numpy(dtype=object)
    parts = _pattern_parts(text) if len(text) and _pattern_parts(text[:TEMPLATE_SAMPLE]) is not None else None
    if parts is not None:
        numbers = parts[1].astype(np.int64)
        return IdentifierModel(
            style="pattern",
            start=int(numbers.max()) + 1,
            low=int(numbers.min()),
            prefix=str(parts[0].iloc[0]),
            suffix=str(parts[2].iloc[0]),
            width=int(parts[1].str.len().max()),
        )
    return _fit_template(text)


def _pattern_parts(text: np.ndarray) -> pd.DataFrame | None:
    """Prefix, digits and suffix of each value, if all are ``<prefix><digits><suffix>`` alike."""
    parts = pd.Series(text, dtype=object).str.extract(_PATTERN)
    alike = not parts.isna().any().any() and parts[0].nunique() == 1 and parts[2].nunique() == 1
    return parts if alike else None


def _fit_template(text: np.ndarray) -> IdentifierModel:
    lengths = pd.Series(text, dtype=object).str.len().clip(upper=MAX_TEMPLATE_LENGTH)
    counts = lengths.value_counts().head(MAX_TEMPLATES)
    if counts.empty:
        counts = pd.Series({8: 1})
    alphabets: list[list[list[str]]] = []
    for length in counts.index:
        rows = text[(lengths == length).to_numpy()][:TEMPLATE_SAMPLE]  # enough to see each position's characters
        chars = np.array([list(s[:length]) for s in rows], dtype=object).reshape(len(rows), length)
        alphabets.append([sorted(set(chars[:, i])) if len(chars) else list(_FILLER) for i in range(length)])
    seen = np.unique(pd.util.hash_array(text)) if len(text) else np.empty(0, dtype=np.uint64)
    return IdentifierModel(
        style="template",
        lengths=[int(v) for v in counts.index],
        length_probs=(counts / counts.sum()).tolist(),
        alphabets=alphabets,
        seen=seen,
    )

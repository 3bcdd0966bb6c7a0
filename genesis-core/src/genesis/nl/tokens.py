"""Splitting a prompt into tokens, with numbers (``1,000``, ``2.5k``, ``$100k+``, ``a thousand``, ``1e9``,
``10^6``, ``-5``) already read.

Every later stage works on :class:`Token` lists, so number formats are handled once, here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Token", "tokenize"]

_TOKEN = re.compile(
    r"""
    (?P<op>>=|<=|!=|=>|=<|[<>=])
    | (?P<ordinal>\d{1,2})(?:st|nd|rd|th)(?![a-z0-9])
    | (?P<period>[qh])(?P<part>[1-4])(?![a-z0-9])
    | (?P<sign>(?<![\w.$])-(?=[\d$.]))?(?P<money>\$)?\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
      (?:(?P<exp>e[+-]?\d{1,3})|\^(?P<power>\d{1,3})|(?:\s?(?:x|\*|\u00d7)\s?10\^(?P<times>[+-]?\d{1,3})))?
      (?P<suffix>k|m|mm|bn|b|tn|s|'s)?(?![a-z0-9])(?P<plus>\+)?
    | (?P<word>[a-z]+(?:'[a-z]+)?)
    | (?P<punct>[-,;:!?/()%])
    """,
    re.VERBOSE | re.IGNORECASE,
)
_SCALE = {"k": 1e3, "m": 1e6, "mm": 1e6, "b": 1e9, "bn": 1e9, "tn": 1e12}
_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
#: Every scale word is read, up to absurd ones, so "ten trillion rows" is 10**13 (refused by the row limit) and
#: never silently 10.
_MULTIPLIERS = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
                "quadrillion": 1e15, "quintillion": 1e18, "dozen": 12, "k": 1e3, "grand": 1e3}  # fmt: skip
_DECADE_WORDS = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60, "seventies": 70,
                 "eighties": 80, "nineties": 90}  # fmt: skip


@dataclass(frozen=True)
class Token:
    """One token. ``kind`` is ``num``, ``decade``, ``ordinal`` (``3rd``), ``period`` (``q3``, ``h1``), ``word``,
    ``op`` or ``punct``; ``text`` is lower case.

    Numbers carry ``value``; ``money`` marks a ``$``, ``scaled`` a ``k``/``thousand`` style multiplier (so
    the number is not a year), ``plus`` a trailing ``+``; ``raw`` keeps the prompt's own spelling.
    """

    kind: str
    text: str
    raw: str
    value: float | None = None
    money: bool = False
    scaled: bool = False
    plus: bool = False
    grouped: bool = False
    scale: float = 1.0
    start: int = 0
    end: int = 0

    @property
    def is_number(self) -> bool:
        """True for a plain quantity (not a decade)."""
        return self.kind == "num"

    @property
    def is_year(self) -> bool:
        """A four-digit whole number between 1900 and 2100 written without ``$``, ``k`` or separators."""
        return (self.kind == "num" and not (self.money or self.scaled or self.grouped) and self.value is not None
                and self.value.is_integer() and 1900 <= self.value <= 2100)


def _magnitude(match: re.Match[str]) -> float:
    """The number a numeric match writes: ``1,000``, ``1e9``, ``10^6``, ``2 x 10^3``, with its sign."""
    value = float(match["num"].replace(",", ""))
    if match["exp"]:
        value *= 10.0 ** int(match["exp"][1:])
    elif match["power"]:
        value **= int(match["power"])
    elif match["times"]:
        value *= 10.0 ** int(match["times"])
    return -value if match["sign"] else value


def _scan(prompt: str) -> list[Token]:
    """Raw tokens of ``prompt``: numbers read, spelled-out numbers not merged yet."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(prompt):
        raw = match.group(0).strip()
        start, end = match.end() - len(match.group(0).lstrip()), match.end()
        if match["ordinal"]:
            tokens.append(Token("ordinal", raw.lower(), raw, value=float(match["ordinal"]), start=start, end=end))
        elif match["period"]:
            tokens.append(Token("period", raw.lower(), raw, value=float(match["part"]), start=start, end=end))
        elif match["op"]:
            tokens.append(Token("op", {"=>": ">=", "=<": "<="}.get(raw, raw), raw, start=start, end=end))
        elif match["num"]:
            value = _magnitude(match)
            suffix = (match["suffix"] or "").lower()
            if suffix in ("s", "'s"):
                tokens.append(Token("decade", match["num"], raw, value=value, start=start, end=end))
                continue
            scale = _SCALE.get(suffix, 1.0)
            powered = bool(match["exp"] or match["power"] or match["times"])
            tokens.append(Token("num", raw.lower(), raw, value=value * scale, money=bool(match["money"]),
                                scaled=scale != 1.0 or powered, plus=bool(match["plus"]), grouped="," in match["num"],
                                scale=scale, start=start, end=end))
        elif match["word"]:
            tokens.append(Token("word", raw.lower(), raw, start=start, end=end))
        else:
            tokens.append(Token("punct", raw, raw, start=start, end=end))
    return tokens


def _word_value(tokens: list[Token], start: int) -> tuple[float, int] | None:
    """Read a spelled-out number (``a thousand``, ``twenty-five``, ``two hundred``) starting at ``start``."""
    total, current, i, seen, last_unit = 0.0, 0.0, start, False, False
    if tokens[i].text in ("a", "an") and i + 1 < len(tokens) and tokens[i + 1].text in _MULTIPLIERS:
        current, i = 1.0, i + 1
    while i < len(tokens):
        text = tokens[i].text
        following = tokens[i + 1].text if i + 1 < len(tokens) else ""
        if text in _UNITS and not last_unit:
            current += _UNITS[text]
            last_unit = True
        elif text in _TENS and not last_unit:
            current += _TENS[text]
        elif text in ("-", "and") and seen and (following in _UNITS or following in _TENS):
            i += 1
            continue
        elif text in _MULTIPLIERS and (seen or current):
            if _MULTIPLIERS[text] == 100:
                current = (current or 1.0) * 100
            else:
                total, current = total + (current or 1.0) * _MULTIPLIERS[text], 0.0
            last_unit = False
        else:
            break
        seen = True
        i += 1
    return (total + current, i) if seen else None


def _merge_numbers(tokens: list[Token]) -> list[Token]:
    """Fold spelled-out numbers, ``1.5 million`` and ``the thirties`` into single tokens."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.kind == "num" and i + 1 < len(tokens) and tokens[i + 1].text in _MULTIPLIERS and not token.scaled:
            multiplier = _MULTIPLIERS[tokens[i + 1].text]
            plus = token.plus or (i + 2 < len(tokens) and tokens[i + 2].text == "+")
            out.append(Token("num", f"{token.text} {tokens[i + 1].text}", f"{token.raw} {tokens[i + 1].raw}",
                             value=(token.value or 0.0) * multiplier, money=token.money, scaled=True, plus=plus,
                             scale=multiplier, start=token.start, end=tokens[i + 1].end))
            i += 2
            continue
        if token.kind == "word" and token.text in _DECADE_WORDS:
            decade = float(_DECADE_WORDS[token.text])
            out.append(Token("decade", str(int(decade)), token.raw, value=decade, start=token.start, end=token.end))
            i += 1
            continue
        if token.kind == "word" and (token.text in _UNITS or token.text in _TENS or token.text in ("a", "an")):
            read = _word_value(tokens, i)
            if read is not None:
                value, end = read
                raw = " ".join(t.raw for t in tokens[i:end])
                out.append(Token("num", raw.lower(), raw, value=value, scaled=end - i > 1 or value >= 1000,
                                 start=token.start, end=tokens[end - 1].end))
                i = end
                continue
        out.append(token)
        i += 1
    return out


def tokenize(prompt: str) -> list[Token]:
    """The tokens of ``prompt``, numbers read and spelled-out numbers merged."""
    return _merge_numbers(_scan(prompt))

"""Words a column's own values and name imply: weekday codes, yes/no and boolean flags named for a habit.

* A column of weekday codes (``Thur``, ``Sat``) answers to the full names, their plurals, ``weekend`` and
  ``weekdays``.
* A yes/no column or a boolean flag named for a person (``smoker``, ``is_smoker``) answers to the noun and its
  verb (``smokers``, ``who smoke``, ``smoking``); a negation (``non-smokers``, ``who don't smoke``) flips it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from genesis.nl.words import normalize_words

__all__ = ["ValueWord", "flag_words", "weekday_words", "yes_no_values"]

#: (phrase key, value)
ValueWord = tuple[tuple[str, ...], Any]

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_SPELLINGS = {name: {name, name[:3], name[:2]} for name in _WEEKDAYS} | {
    "tuesday": {"tuesday", "tue", "tues", "tu"}, "wednesday": {"wednesday", "wed", "we"},
    "thursday": {"thursday", "thu", "thur", "thurs", "th"},
}  # fmt: skip
_YES = ("yes", "y", "true", "t", "1")
_NO = ("no", "n", "false", "f", "0")
_FLAG_PREFIXES = ("is", "has", "have", "was", "with", "flag", "are")


def weekday_words(categories: Sequence[Any]) -> Iterator[ValueWord]:
    """``Thursday``/``Thursdays`` → ``Thur``; ``weekend`` → the Saturday and Sunday values; ``weekdays`` the rest."""
    by_day: dict[str, Any] = {}
    for value in categories:
        if isinstance(value, str):
            text = value.strip().lower().rstrip(".")
            for day, spellings in _WEEKDAY_SPELLINGS.items():
                if text in spellings:
                    by_day[day] = value
    if len(by_day) < 2:
        return
    for day, value in by_day.items():
        yield (day,), value
    for key, days in ((("weekend",), _WEEKDAYS[5:]), (("weekday",), _WEEKDAYS[:5]), (("week", "day"), _WEEKDAYS[:5]),
                      (("workday",), _WEEKDAYS[:5])):
        for day in days:
            if day in by_day:
                yield key, by_day[day]


def yes_no_values(categories: Sequence[Any]) -> tuple[Any, Any] | None:
    """The (yes, no) values of a two-valued column written ``Yes``/``No``, ``Y``/``N`` or ``true``/``false``."""
    texts = {str(v).strip().lower(): v for v in categories if isinstance(v, str)}
    if len(texts) != 2:
        return None
    yes = next((texts[w] for w in _YES if w in texts), None)
    no = next((texts[w] for w in _NO if w in texts), None)
    return (yes, no) if yes is not None and no is not None else None


def flag_words(column: str) -> list[tuple[str, ...]]:
    """Phrases naming the "yes" side of a flag column: ``is_smoker`` or ``smokes`` → ``smoker``, ``smoke``,
    ``smoking``: the noun of the habit and its verb forms."""
    words = normalize_words(column)
    if words and words[0] in _FLAG_PREFIXES:
        words = words[1:]
    if not words:
        return []
    phrases = [words]
    (word,) = words if len(words) == 1 else ("",)
    stem = next((word[: -len(end)] for end in ("er", "ing", "e") if len(word) > 4 and word.endswith(end)), None)
    if stem is not None:
        forms = {stem + "e", stem + "es", stem + "ing", stem + "ed", stem + "er", stem + "ers"} - {word}
        phrases += [(form,) for form in sorted(forms)]
    return phrases

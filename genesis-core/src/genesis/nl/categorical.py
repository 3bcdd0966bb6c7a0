"""Recognisers for category values, typos of them, vague words, and things the data does not have."""

from __future__ import annotations

from genesis.conditions import Condition
from genesis.nl import lexicon as lx
from genesis.nl.grounding import Grounding, ValueMatch
from genesis.nl.interpretation import Question
from genesis.nl.state import ParseState, anchor_before, format_number, match_phrase, use_negation

__all__ = ["ask_about_unknown_things", "recognise_fuzzy_value", "recognise_vague", "recognise_value"]


def recognise_value(s: ParseState, i: int) -> int | None:
    """A category value at ``i`` (``California``, ``premium``, ``women``, ``never-married``)."""
    found = s.grounding.value_at(s.tokens, i)
    if found is None:
        return None
    matches, end = found
    return _accept_value(s, i, end, matches)


def _pick_columns(s: ParseState, i: int, end: int, matches: list[ValueMatch]) -> tuple[list[str], int]:
    """The columns a value phrase at ``i`` can mean, narrowed the way a reader would, and where the phrase ends.

    A column named right after the value (``premium plan``) or just before it wins; then the column of the
    value just read (``CA or TX``); then exact spellings over derived ones (``Americas`` the continent over
    ``American``); then a boolean flag named by the word (``premium members`` → ``is_premium``).
    """
    columns = list(dict.fromkeys(m.column for m in matches))
    if len(columns) == 1:
        return columns, end
    named = s.grounding.column_at(s.tokens, end + (end < len(s.tokens) and s.tokens[end].text == "-"))
    if named is not None and named[0] in columns:
        return [named[0]], named[1]
    anchor = anchor_before(s, i)
    if anchor is not None and anchor.column in columns:
        return [anchor.column], end
    if s.last_value is not None and s.last_value[2] >= i - 2 and s.last_value[0] in columns:
        return [s.last_value[0]], end
    for how in ("boolean", "exact"):
        preferred = list(dict.fromkeys(m.column for m in matches if m.how == how))
        if len(preferred) == 1:
            return preferred, end
    return columns, end


def _joiner(s: ParseState, start: int, end: int) -> str:
    """How two values of one column are joined: ``list`` (a comma), ``or``, ``and``, or ``none`` (side by side)."""
    between = {t.text for t in s.tokens[start:end]}
    if between & {",", ";"}:
        return "list"  # "Ohio, Michigan and Indiana": an enumeration, whatever joins its last item
    if between & {"or", "/", "either", "nor"}:
        return "or"
    return "and" if "and" in between else "none"


def _accept_value(s: ParseState, i: int, end: int, matches: list[ValueMatch]) -> int:
    """Record the matched values of one column (negated if a negation applies); ask when several columns fit.

    Returns the index after the phrase (a column name right after the value is part of it).
    """
    present = [m for m in matches if m.how != "absent"]
    if not present:
        phrase = s.take(i, end)
        column = matches[0].column
        options = tuple(f"{m.column}={m.value}" for m in s.grounding.nearest_values(phrase) if m.column == column)
        s.ask(Question("conditions", f"{phrase!r} is not among the values of {column!r} in the data; which did you "
                       "mean?", options))
        return end
    matches = present
    columns, end = _pick_columns(s, i, end, matches)
    phrase = s.take(i, end)
    if len(columns) > 1:
        choices = {c: (Condition(c, "eq", next(m.value for m in matches if m.column == c)),) for c in columns}
        s.ask(Question("conditions", f"{phrase!r} appears in several columns: {', '.join(columns)}; which one?",
                       tuple(columns), choices))
        return end
    column = columns[0]
    negated = use_negation(s, i)
    if s.last_value is not None and s.last_value[0] == column and s.last_value[2] >= i - 2:
        negated = negated or s.last_value[1]
    if any(m.how == "demonym" for m in matches):
        s.people.add(i)
    for match in (m for m in matches if m.column == column):
        value, flipped = match.value, negated != match.negated
        if isinstance(value, bool) and flipped:
            value, flipped = not value, False
        s.confidence *= match.score
        key = (column, flipped)
        if key in s.values and s.value_ends.get(key, end) <= i:
            s.joins.setdefault(key, []).append(_joiner(s, s.value_ends[key], i))
        values = s.values.setdefault(key, (i, []))[1]
        if value not in values:
            values.append(value)
        s.value_ends[key] = end
        how = f"{match.how} {match.score:.2f}" if match.how == "fuzzy" else match.how
        s.trace.append(f"{phrase!r} -> {column} {'!=' if flipped else '='} {value!r} ({how})")
    s.last_value = (column, negated, end)
    return end


def recognise_fuzzy_value(s: ParseState, i: int) -> int | None:
    """A typo of a category value (``Califrnia``), for words of five letters or more."""
    t = s.tokens
    if t[i].kind != "word" or t[i].text in lx.FILLER or len(t[i].text) < 5:
        return None
    for size in (2, 1):
        window = t[i:i + size]
        if len(window) < size or any(w.kind != "word" or w.text in lx.FILLER for w in window):
            continue
        matches = s.grounding.fuzzy_value(" ".join(w.text for w in window))
        if matches:
            return _accept_value(s, i, i + size, matches)
    return None


def recognise_vague(s: ParseState, i: int) -> int | None:
    """A vague word (``rich``, ``young``): a question with concrete thresholds, never a guess."""
    found = match_phrase(s.tokens, i, "vague")
    if found is None:
        return None
    phrase_words, end = found
    concept, direction = lx.VAGUE[phrase_words]
    phrase = s.take(i, end)
    g = s.grounding
    column = g.concept_column(concept)
    if column is None or (column not in g.numeric and column not in g.datetimes):
        s.ask(Question("conditions", f"{phrase!r} is vague and no {concept} column exists; which column and "
                       "threshold did you mean?", tuple(g.nearest_columns(concept))))
        return end
    choices = _thresholds(g, column, direction)
    s.ask(Question("conditions", f"{phrase!r} is vague: which {column} did you mean?", tuple(choices), choices))
    return end


def _thresholds(g: Grounding, column: str, direction: str) -> dict[str, tuple[Condition, ...]]:
    """Concrete readings of a vague word: thresholds at a quarter, half and three quarters of the range."""
    if column in g.datetimes:
        low_text, high_text = str(g.schema[column].minimum)[:4], str(g.schema[column].maximum)[:4]
        year = (int(low_text) + int(high_text)) // 2
        operator = "gte" if direction == "high" else "lt"
        label = f"{column} {'since' if direction == 'high' else 'before'} {year}"
        return {label: (Condition(column, operator, f"{year}-01-01"),)}
    low, high = g.bounds(column)
    points = [low + (high - low) * share for share in (0.25, 0.5, 0.75)]
    rounded = [g.numeric_value(column, float(f"{p:.2g}")) for p in points]
    if direction == "middle":
        return {f"{column} between {format_number(rounded[0])} and {format_number(rounded[2])}":
                (Condition(column, "between", (rounded[0], rounded[2])),)}
    operator, word = ("gte", "at least") if direction == "high" else ("lt", "under")
    picks = rounded[1:] if direction == "high" else rounded[:2]
    return {f"{column} {word} {format_number(p)}": (Condition(column, operator, p),) for p in picks}


def ask_about_unknown_things(s: ParseState) -> None:
    """``customers with pets``: a wanted thing that names no column or value becomes a question."""
    t = s.tokens
    g = s.grounding
    for i in range(len(t)):
        found = match_phrase(t, i, "possession")
        if found is None and not (t[i].text in ("in", "from") and i + 1 < len(t) and t[i + 1].raw[:1].isupper()):
            continue
        j = found[1] if found else i + 1
        while j < len(t) and t[j].text in ("a", "an", "the", "some", "their", "any"):
            j += 1
        if j >= len(t) or s.consumed[j] or t[j].kind != "word" or t[j].text in lx.FILLER:
            continue
        word = t[j].raw
        s.take(j, j + 1)  # asked about, so not listed back as ignored
        if found:
            options = [*g.nearest_columns(word), *(f"{m.column}={m.value}" for m in g.nearest_values(word, 2))]
            s.ask(Question("conditions", f"{word!r} is not a column or value in the data; which did you mean?",
                           tuple(dict.fromkeys(options))))
        else:
            options = [f"{m.column}={m.value}" for m in g.nearest_values(word)]
            s.ask(Question("conditions", f"{word!r} is not a value in the data; which did you mean?", tuple(options)))

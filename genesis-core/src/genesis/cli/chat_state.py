"""The state of a ``genesis chat`` conversation: the request being built, turn by turn.

* The first line starts a request. While it has open questions (or no count), the next line is an answer
  that refines it: a chosen option, a count, more conditions ("only in Texas").
* ``none`` (or ``no``, ``skip``...) means no more conditions: the conditions understood so far are kept,
  and what was asked about is listed back as ignored.
* A line that is a request of its own starts a new request instead of being taken as an answer: it begins
  with a request verb ("generate 200 men"), or it gives a count and conditions while the pending request
  already has a count ("2K users in Ohio" while "300 customers over 40" waits for an answer), or a count and a
  condition that changes one already understood ("200 men in Nevada" while "women over 50" waits for its count).
* Once nothing is open, the request is complete and the state is empty again.
"""

from __future__ import annotations

from dataclasses import dataclass

from genesis.nl import Interpretation, answer
from genesis.nl.lexicon import COUNT_VERBS, NONE_ANSWERS
from genesis.protocols import NLParser
from genesis.schema import Schema

__all__ = ["ConversationState", "Turn"]

#: First words that make a line a request of its own (``me``, ``please`` on their own are not enough).
_REQUEST_VERBS = COUNT_VERBS - {"me", "us", "please", "get", "show", "return", "output"}


@dataclass(frozen=True)
class Turn:
    """What one line did: the interpretation it led to, whether it began a new request, whether it is complete."""

    interpretation: Interpretation
    new_request: bool

    @property
    def complete(self) -> bool:
        """Nothing is open: the request can be generated."""
        return not self.interpretation.needs_clarification and self.interpretation.n_samples is not None


class ConversationState:
    """The pending request of one conversation over ``schema``, refined by each answer."""

    def __init__(self, schema: Schema, parser: NLParser) -> None:
        self.schema = schema
        self.parser = parser
        self.pending: Interpretation | None = None

    def step(self, line: str) -> Turn:
        """Fold ``line`` into the conversation and say what it did."""
        if self.pending is None or self._starts_new_request(line):
            interpretation: Interpretation = self.parser.parse(line, self.schema)
            turn = Turn(interpretation, new_request=True)
        else:
            turn = Turn(answer(self.pending, line, self.schema, self.parser), new_request=False)
        self.pending = None if turn.complete else turn.interpretation
        return turn

    def reset(self) -> None:
        """Forget the pending request."""
        self.pending = None

    def _starts_new_request(self, line: str) -> bool:
        words = line.strip().lower().split()
        if not words or line.strip().lower() in NONE_ANSWERS:
            return False
        if words[0] in _REQUEST_VERBS:
            return True
        if self.pending is None:
            return False
        fresh: Interpretation = self.parser.parse(line, self.schema)
        if fresh.n_samples is None or not len(fresh.conditions):
            return False
        if self.pending.n_samples is not None:
            return True
        wanted = {(c.column, c.operator, str(c.value)) for c in self.pending.conditions}
        return any(c.column in self.pending.conditions.columns and (c.column, c.operator, str(c.value)) not in wanted
                   for c in fresh.conditions)

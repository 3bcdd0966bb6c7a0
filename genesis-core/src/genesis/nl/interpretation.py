"""What a parser made of a request: :class:`Interpretation` and the :class:`Question` it asks instead of guessing."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from genesis.conditions import Condition, ConditionSet

__all__ = ["Interpretation", "Question"]


@dataclass(frozen=True)
class Question:
    """A clarification question: ``field`` is ``"n_samples"`` or ``"conditions"``.

    ``options`` are concrete answers (nearest columns, values or thresholds); ``choices`` maps an option to
    the conditions that answering with it adds, so a reply of ``"age"`` settles "over 50: age or income?".
    """

    field: str
    question: str
    options: tuple[str, ...] = ()
    choices: Mapping[str, tuple[Condition, ...]] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """``{"field", "question", "options"}`` as the REST API returns it."""
        return {"field": self.field, "question": self.question, "options": list(self.options)}


@dataclass(frozen=True)
class Interpretation:
    """A request read against a schema.

    ``n_samples`` is None when the prompt gave no usable count; ``conditions`` only ever name columns and
    values of the schema; ``confidence`` (0-1) drops with every inference (fuzzy match, a column chosen
    by its range) and is 1.0 only when every word was used; ``trace`` says, step by step, which words became
    what; ``ignored`` lists the content words of the prompt that were neither used nor asked about, so nothing
    is dropped silently.
    """

    n_samples: int | None
    conditions: ConditionSet
    confidence: float = 1.0
    questions: tuple[Question, ...] = ()
    trace: tuple[str, ...] = ()
    ignored: tuple[str, ...] = ()

    @property
    def needs_clarification(self) -> bool:
        """True when a question is open: the request should not be generated as it stands."""
        return bool(self.questions)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dictionary; ``conditions`` in the ``ConditionSet.to_dict`` dialect."""
        return {
            "n_samples": self.n_samples,
            "conditions": self.conditions.to_dict(),
            "confidence": self.confidence,
            "needs_clarification": self.needs_clarification,
            "questions": [q.to_dict() for q in self.questions],
            "ignored": list(self.ignored),
            "trace": list(self.trace),
        }

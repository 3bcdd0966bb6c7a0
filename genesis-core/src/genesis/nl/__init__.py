"""Natural-language requests: ``"1000 customers over 50 in California"`` → count and conditions.

The default parser is offline and deterministic (:class:`RuleBasedParser`, registered as ``rule-based``):
it grounds every word in the data's :class:`~genesis.schema.Schema` and asks a :class:`Question` instead
of guessing. :func:`answer` folds a reply to those questions into the pending interpretation.

Example::

    >>> from genesis.nl import parse
    >>> interpretation = parse("Generate 1000 customers over 50 in California", schema)
    >>> interpretation.n_samples, interpretation.conditions.to_dict()
    (1000, {'age': ['gte', 50], 'state': ['eq', 'California']})
"""

from genesis.nl.clarify import answer
from genesis.nl.grounding import Grounding
from genesis.nl.interpretation import Interpretation, Question
from genesis.nl.parser import MAX_PROMPT_CHARS, RuleBasedParser, parse

__all__ = ["MAX_PROMPT_CHARS", "Grounding", "Interpretation", "Question", "RuleBasedParser", "answer", "parse"]

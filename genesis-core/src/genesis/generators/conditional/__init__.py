"""Conditional generation: the condition dialect and the samplers that honour it.

One grammar everywhere (``generate(conditions=...)``, streaming, the REST API, the NL parser)::

    >>> conditions = ConditionBuilder().where("age").gte(21).lte(65).where("status").eq("active").build()
    >>> conditions == ConditionSet.from_dict({"age": [["gte", 21], ["lte", 65]], "status": "active"})
    True
    >>> rows = ConditionalSampler(frame).sample({"age": (">=", 60)}, 1_000, seed=7)  # doctest: +SKIP

See ``docs/conditions.md`` for operators, aliases, null semantics, LIKE escaping and JSON forms.
"""

from __future__ import annotations

from genesis.generators.conditional.builder import ConditionBuilder
from genesis.generators.conditional.condition import Condition
from genesis.generators.conditional.condition_set import ConditionSet, as_condition_set
from genesis.generators.conditional.guided import STRATEGIES, GuidedConditionalSampler
from genesis.generators.conditional.latent import LatentGaussianModel
from genesis.generators.conditional.operators import OPERATORS
from genesis.generators.conditional.sampler import ConditionalSampler, conditional_sample

__all__ = [
    "OPERATORS",
    "STRATEGIES",
    "Condition",
    "ConditionBuilder",
    "ConditionSet",
    "ConditionalSampler",
    "GuidedConditionalSampler",
    "LatentGaussianModel",
    "as_condition_set",
    "conditional_sample",
]

"""Conditional generation: the condition dialect and the samplers that honour it.

This package sits beside the generators, never inside them: it knows generators only through the
:class:`ExactConditioning` protocol (a generator exposing its latent Gaussian model is conditioned exactly) and
``generate(n, seed=...)`` (any other generator is sampled and filtered). ``genesis.generators.conditional`` is the
contract path and re-exports these names.

One grammar everywhere (``generate(conditions=...)``, streaming, the REST API, the NL parser)::

    >>> conditions = ConditionBuilder().where("age").gte(21).lte(65).where("status").eq("active").build()
    >>> conditions == ConditionSet.from_dict({"age": [["gte", 21], ["lte", 65]], "status": "active"})
    True
    >>> rows = ConditionalSampler(frame).sample({"age": (">=", 60)}, 1_000, seed=7)  # doctest: +SKIP

See ``docs/conditions.md`` for operators, aliases, null semantics, LIKE escaping and JSON forms.
"""

from __future__ import annotations

from genesis.conditions.builder import ConditionBuilder
from genesis.conditions.condition import Condition
from genesis.conditions.condition_set import ConditionSet, as_condition_set
from genesis.conditions.guided import STRATEGIES, GuidedConditionalSampler
from genesis.conditions.latent import ExactConditioning, LatentGaussianModel
from genesis.conditions.operators import OPERATORS
from genesis.conditions.sampler import ConditionalSampler, conditional_sample

__all__ = [
    "OPERATORS",
    "STRATEGIES",
    "Condition",
    "ConditionBuilder",
    "ConditionSet",
    "ConditionalSampler",
    "ExactConditioning",
    "GuidedConditionalSampler",
    "LatentGaussianModel",
    "as_condition_set",
    "conditional_sample",
]

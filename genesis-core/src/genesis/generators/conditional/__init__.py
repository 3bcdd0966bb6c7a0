"""The contract path of the condition dialect and its samplers; they live in :mod:`genesis.conditions`.

Kept so ``from genesis.generators.conditional import ConditionSet`` (the v1.3.0 reference) keeps working.
"""

from genesis.conditions import (
    OPERATORS,
    STRATEGIES,
    Condition,
    ConditionalSampler,
    ConditionBuilder,
    ConditionSet,
    ExactConditioning,
    GuidedConditionalSampler,
    LatentGaussianModel,
    as_condition_set,
    conditional_sample,
)

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

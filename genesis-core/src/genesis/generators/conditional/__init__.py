"""The contract path of the condition dialect and its samplers; they live in :mod:`genesis.conditions`.

Kept so ``from genesis.generators.conditional import ConditionSet`` (the v1.3.0 reference) keeps working. It
re-exports exactly the public names of :mod:`genesis.conditions`, so the two can never drift apart.
"""

from genesis.conditions import *  # noqa: F403 - the contract path is the whole public dialect
from genesis.conditions import __all__ as __all__

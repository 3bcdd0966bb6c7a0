"""Lazy forwarders (PEP 562) from contract paths in core to sibling distributions.

``genesis.streaming.KafkaStreamingGenerator`` lives in ``genesis_kafka``; core only names it. When
the sibling is not installed, the lookup raises :class:`MissingExtraError` with the install command.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

from genesis.errors import MissingExtraError

__all__ = ["make_forwarder"]


def make_forwarder(module_name: str, targets: Mapping[str, tuple[str, str]]) -> Callable[[str], Any]:
    """Return a module ``__getattr__`` resolving ``name -> (sibling_module, extra)`` on first access."""

    def __getattr__(name: str) -> Any:
        if name not in targets:
            raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
        sibling, extra = targets[name]
        try:
            module = importlib.import_module(sibling)
        except ModuleNotFoundError as exc:
            if exc.name != sibling:
                raise
            raise MissingExtraError(f"{module_name}.{name}", extra) from exc
        return getattr(module, name)

    return __getattr__

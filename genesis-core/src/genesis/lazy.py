"""Package attributes imported on first access (PEP 562), so importing a package stays light.

A plugin's entry point imports its package's ``__init__``; when that ``__init__`` imports pandas or plotly,
every ``genesis`` command pays for it. Packages name their public classes here instead::

    __getattr__, __dir__ = lazy_exports(__name__, {"KafkaSink": "genesis_kafka.sink"})

and import them under ``TYPE_CHECKING`` for type checkers.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    module_name: str, homes: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Return a module ``__getattr__`` and ``__dir__`` resolving ``name -> home module`` on first access."""

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home), name)
        setattr(sys.modules[module_name], name, value)  # later lookups skip __getattr__
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[module_name]), *homes})

    return __getattr__, __dir__

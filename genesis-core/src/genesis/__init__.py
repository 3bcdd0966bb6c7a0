"""Genesis: privacy-aware synthetic tabular data, built from plugins.

Importing ``genesis`` is cheap: it loads the errors and the version, not the CLI, not any sibling, and not
even the plugin machinery until ``genesis.hookimpl`` is first used (``genesis --help`` never needs it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from genesis.errors import GenesisError
from genesis.lazy import lazy_exports

if TYPE_CHECKING:
    from genesis.plugins.hookspecs import hookimpl

__version__ = "1.3.0"

__all__ = ["GenesisError", "__version__", "hookimpl"]

__getattr__, __dir__ = lazy_exports(__name__, {"hookimpl": "genesis.plugins.hookspecs"})

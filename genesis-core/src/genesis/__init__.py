"""Genesis: privacy-aware synthetic tabular data, built from plugins.

Importing ``genesis`` is cheap: it loads the plugin contract, not the CLI nor any sibling.
"""

from genesis.errors import GenesisError
from genesis.plugins.hookspecs import hookimpl

__version__ = "1.3.0"

__all__ = ["GenesisError", "__version__", "hookimpl"]

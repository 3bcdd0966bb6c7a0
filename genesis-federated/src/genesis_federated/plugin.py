"""Hook implementations of genesis-federated, registered under the ``genesis`` entry-point group.

The distribution registers its components here as its features land; an empty module is a valid plugin.
"""

__all__: list[str] = []

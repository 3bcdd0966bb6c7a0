"""Example Genesis plugin."""

__all__: list[str] = []

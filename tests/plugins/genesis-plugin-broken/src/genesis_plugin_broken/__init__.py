"""Test plugin whose modules fail to import."""

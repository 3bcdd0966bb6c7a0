"""Test plugin with a clashing generator name."""

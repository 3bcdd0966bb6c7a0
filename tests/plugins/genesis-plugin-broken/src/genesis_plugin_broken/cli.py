"""Fails at import time, as a plugin command with a bug would."""

raise RuntimeError("the broken plugin's command module cannot be imported")

"""``--sink-option KEY=VALUE``: a sink's settings from the command line, checked against what the sink takes."""

from __future__ import annotations

import inspect
import json
from typing import Any

from genesis.errors import ConfigError

__all__ = ["check_options", "create_sink", "parse_sink_options"]


def parse_sink_options(items: list[str], flag: str = "--sink-option") -> dict[str, Any]:
    """``["key_column=id", "producer_config={\\"linger.ms\\": 5}"]`` -> keyword arguments.

    A value that parses as JSON is used as such (numbers, true/false, null, objects, lists); anything else is text.
    Dashes in keys become underscores, so ``key-column`` and ``key_column`` are the same option. ``flag`` names
    the command-line option in errors (``--generator-option`` parses the same way).
    """
    options: dict[str, Any] = {}
    for item in items:
        key, separator, text = item.partition("=")
        key = key.strip().replace("-", "_")
        if not separator or not key.isidentifier():
            raise ConfigError(f"{flag} {item!r}: expected KEY=VALUE, e.g. key_column=user_id")
        if key in options:
            raise ConfigError(f"{flag} {key} is given twice")
        if key == "path" and flag == "--sink-option":
            raise ConfigError("give the sink's destination with --output, not --sink-option path=...")
        try:
            options[key] = json.loads(text)
        except ValueError:
            options[key] = text
    return options


def create_sink(spec: Any, options: dict[str, Any]) -> Any:
    """Build the sink ``spec`` names with ``options``; an option it does not take is a :class:`ConfigError`."""
    return spec.create(**check_options(spec, options))


def check_options(spec: Any, options: dict[str, Any], flag: str | None = None) -> dict[str, Any]:
    """``options`` if the component ``spec`` names takes them all, else a :class:`ConfigError` naming ``flag``
    and the options it does take (a factory without an inspectable signature judges its arguments itself)."""
    target = getattr(spec.factory, "resolve", lambda: spec.factory)()  # built-ins import their class lazily
    try:
        parameters = inspect.signature(target).parameters
    except (TypeError, ValueError):
        return options
    takes_any = any(parameter.kind is inspect.Parameter.VAR_KEYWORD for parameter in parameters.values())
    known = [
        name
        for name, parameter in parameters.items()
        if parameter.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    ]
    unknown = sorted(set(options) - set(known))
    if unknown and not takes_any:
        offered = ", ".join(name for name in known if name != "path") or "none"
        prefix = f"{flag}: " if flag else ""
        missing = ", ".join(unknown)
        raise ConfigError(f"{prefix}{spec.kind} {spec.name!r} has no option {missing}; its options: {offered}")
    return options

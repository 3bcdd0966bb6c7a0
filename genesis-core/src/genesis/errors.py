"""The exceptions Genesis raises.

Every error Genesis raises on purpose is a :class:`GenesisError`, so callers can catch
one base class and the CLI can print one red line for it instead of a traceback.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "ExternalToolError",
    "GenerationError",
    "GenesisError",
    "InfeasibleConditionError",
    "LineageError",
    "MissingExtraError",
    "NotFittedError",
    "PluginConflictError",
    "PluginError",
    "PluginLoadError",
    "UnknownComponentError",
    "ValidationError",
]


class GenesisError(Exception):
    """Base class of every error Genesis raises deliberately."""


class ConfigError(GenesisError, ValueError):
    """A parameter or configuration value is invalid."""


class ValidationError(GenesisError, ValueError):
    """Input data or a request does not have the shape Genesis needs."""


class NotFittedError(GenesisError, RuntimeError):
    """A model was asked to generate before it was fitted."""


class ExternalToolError(GenesisError, RuntimeError):
    """A program Genesis runs (a browser, a broker) is missing or failed; the message says how to install it."""


class GenerationError(GenesisError, RuntimeError):
    """A generator misbehaved while producing rows (e.g. returned none when some were asked for)."""


class InfeasibleConditionError(GenesisError, RuntimeError):
    """Conditions could not be met by sampling within the allowed effort."""


class LineageError(GenesisError, ValueError):
    """A lineage record, chain, checkpoint or proof is malformed or fails verification."""


class MissingExtraError(GenesisError, ImportError):
    """An optional distribution is not installed; the message names the install command."""

    def __init__(self, feature: str, extra: str) -> None:
        self.feature = feature
        self.extra = extra
        self.install_command = f'pip install "genesis-core[{extra}]"'
        super().__init__(f"{feature} needs the '{extra}' extra: {self.install_command}")


class PluginError(GenesisError):
    """Base class of plugin loading and registration problems."""


class PluginLoadError(PluginError):
    """A plugin's entry point could not be imported or registered."""

    def __init__(self, name: str, dist: str | None, version: str | None, exc: BaseException) -> None:
        self.name = name
        self.dist = dist
        self.version = version
        self.exc = exc
        origin = f"{dist} {version}" if dist else "unknown distribution"
        super().__init__(f"plugin '{name}' ({origin}) failed to load: {type(exc).__name__}: {exc}")


class PluginConflictError(PluginError):
    """Two or more plugins registered a component under the same name."""

    def __init__(self, kind: str, name: str, providers: list[str]) -> None:
        self.kind = kind
        self.name = name
        self.providers = providers
        super().__init__(f"{kind} '{name}' is registered by more than one plugin: {', '.join(providers)}")


#: Component kinds that ``genesis plugins list`` shows (other lookups, e.g. dataset names, are not plugins).
_LISTED_KINDS = frozenset({"generator", "sampler", "sink", "reporter", "executor", "nl-parser", "aggregator"})


class UnknownComponentError(GenesisError, LookupError):
    """No registered component has the requested name."""

    def __init__(self, kind: str, name: str, available: list[str]) -> None:
        self.kind = kind
        self.name = name
        self.available = available
        import difflib

        known = ", ".join(available) if available else "none registered"
        close = difflib.get_close_matches(name.lower().replace("_", "-"), available, n=1, cutoff=0.6)
        hint = f": did you mean '{close[0]}'?" if close else ""
        where = "; see `genesis plugins list`" if kind in _LISTED_KINDS else ""
        super().__init__(f"unknown {kind} '{name}'{hint} (available: {known}{where})")

"""Producer configuration: safe defaults, merged with the user's ``producer_config``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from genesis.errors import ConfigError

__all__ = ["DEFAULT_PRODUCER_CONFIG", "build_producer_config"]

#: librdkafka settings Genesis uses unless ``producer_config`` says otherwise. Idempotence with ``acks=all`` keeps
#: each partition free of duplicates and in order across the client's own retries; ``linger.ms`` and lz4 batch
#: many small rows into few requests; the in-memory queue is large enough to ride out a short broker outage, and
#: reconnecting is retried at least every second so a restarted broker is used again quickly.
#: ``log_level`` 2 keeps librdkafka's per-connection log lines off stderr: its errors still reach the error
#: callback, which logs each distinct one once on the ``genesis_kafka`` logger.
DEFAULT_PRODUCER_CONFIG: Mapping[str, Any] = {
    "enable.idempotence": True,
    "acks": "all",
    "linger.ms": 20,
    "batch.num.messages": 10_000,
    "compression.type": "lz4",
    "queue.buffering.max.messages": 500_000,
    "queue.buffering.max.kbytes": 1_048_576,
    "message.timeout.ms": 120_000,
    "reconnect.backoff.max.ms": 1_000,
    "log_level": 2,
}

#: Keys Genesis sets itself: the user gives them through the constructor, not ``producer_config``.
_RESERVED = ("bootstrap.servers", "error_cb", "on_delivery", "delivery.report.only.error")
#: The Python client's callback settings, whose names really have underscores.
_CALLBACKS = frozenset({"error_cb", "stats_cb", "throttle_cb", "oauth_cb", "logger", "on_delivery"})


def _key(name: object) -> str:
    text = str(name)
    return text if text in _CALLBACKS else text.replace("_", ".")


def build_producer_config(bootstrap_servers: str, overrides: Mapping[str, Any] | None,
                          error_cb: Callable[[Any], None]) -> dict[str, Any]:
    """The full librdkafka configuration: defaults, then ``overrides`` (dots or underscores), then Genesis's own."""
    if not isinstance(bootstrap_servers, str) or not bootstrap_servers.strip():
        raise ConfigError(f"bootstrap_servers must be a 'host:port[,host:port]' string, got {bootstrap_servers!r}")
    if overrides is not None and not isinstance(overrides, Mapping):
        raise ConfigError(f"producer_config must be a mapping, got {type(overrides).__name__}")
    given = {_key(key): value for key, value in (overrides or {}).items()}
    reserved = sorted(set(given) & set(_RESERVED))
    if reserved:
        raise ConfigError(f"producer_config may not set {reserved}: Genesis sets these itself")
    config = {**DEFAULT_PRODUCER_CONFIG, **given, "bootstrap.servers": bootstrap_servers.strip(), "error_cb": error_cb}
    if given.get("transactional.id") and "message.timeout.ms" not in given:
        del config["message.timeout.ms"]  # librdkafka then fits it under transaction.timeout.ms itself
    return config

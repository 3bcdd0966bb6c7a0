"""Hook implementations of genesis-websocket, registered under the ``genesis`` entry-point group."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from genesis import hookimpl
from genesis.plugins import SinkSpec

__all__ = ["genesis_sinks"]


def create_websocket_sink(**kwargs: Any) -> Any:
    """Build a :class:`~genesis_websocket.sink.WebSocketSink`; imported on first use to keep listing cheap."""
    from genesis_websocket.sink import WebSocketSink

    return WebSocketSink(**kwargs)


@hookimpl
def genesis_sinks() -> Iterable[SinkSpec]:
    """The ``websocket`` sink: ``host``/``port`` (or ``path="host:port"``), ``subscribers``, ``wait``, ``rate``."""
    yield SinkSpec(name="websocket", summary="Broadcast batches to subscribed WebSocket clients",
                   factory=create_websocket_sink, requires=("websockets>=13",))

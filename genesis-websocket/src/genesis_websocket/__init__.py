"""Live synthetic data over WebSocket for Genesis.

The classes load on first use (pandas and websockets with them), so loading the plugin stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from genesis.lazy import lazy_exports

if TYPE_CHECKING:
    from genesis_websocket.limits import Limits, SlowClientPolicy
    from genesis_websocket.server import WebSocketStreamingGenerator
    from genesis_websocket.sink import WebSocketSink

__version__ = "1.3.0"

__all__ = ["Limits", "SlowClientPolicy", "WebSocketSink", "WebSocketStreamingGenerator", "__version__"]

__getattr__, __dir__ = lazy_exports(__name__, {
    "Limits": "genesis_websocket.limits",
    "SlowClientPolicy": "genesis_websocket.limits",
    "WebSocketStreamingGenerator": "genesis_websocket.server",
    "WebSocketSink": "genesis_websocket.sink",
})

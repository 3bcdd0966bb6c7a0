"""Live synthetic data over WebSocket for Genesis."""

from genesis_websocket.limits import Limits, SlowClientPolicy
from genesis_websocket.server import WebSocketStreamingGenerator
from genesis_websocket.sink import WebSocketSink

__version__ = "1.3.0"

__all__ = ["Limits", "SlowClientPolicy", "WebSocketSink", "WebSocketStreamingGenerator", "__version__"]

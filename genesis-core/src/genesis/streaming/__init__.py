"""Streaming generation: core streaming plus the Kafka and WebSocket generators of the siblings."""

from genesis._forward import make_forwarder

__all__ = ["KafkaStreamingGenerator", "WebSocketStreamingGenerator"]

__getattr__ = make_forwarder(
    __name__,
    {
        "KafkaStreamingGenerator": ("genesis_kafka", "kafka"),
        "WebSocketStreamingGenerator": ("genesis_websocket", "websocket"),
    },
)

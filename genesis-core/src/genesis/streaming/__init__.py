"""Streaming generation: batches, async queues and sinks in core; Kafka and WebSocket from the siblings."""

from genesis._forward import make_forwarder
from genesis.streaming.batches import BatchIterator
from genesis.streaming.config import METADATA_COLUMNS, StreamingConfig, StreamingStats
from genesis.streaming.generator import StreamingGenerator
from genesis.streaming.queueing import END_OF_STREAM, generate_to_queue

__all__ = [
    "END_OF_STREAM",
    "METADATA_COLUMNS",
    "BatchIterator",
    "KafkaStreamingGenerator",
    "StreamingConfig",
    "StreamingGenerator",
    "StreamingStats",
    "WebSocketStreamingGenerator",
    "generate_to_queue",
]

__getattr__ = make_forwarder(
    __name__,
    {
        "KafkaStreamingGenerator": ("genesis_kafka", "kafka"),
        "WebSocketStreamingGenerator": ("genesis_websocket", "websocket"),
    },
)

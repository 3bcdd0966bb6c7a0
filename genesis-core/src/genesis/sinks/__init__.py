"""Built-in sinks: csv, jsonl, parquet, stdout and memory (registered through ``genesis_sinks()``)."""

from genesis.sinks.base import BaseSink
from genesis.sinks.files import CsvSink, JsonlSink, ParquetSink
from genesis.sinks.memory import MemorySink, StdoutSink

__all__ = ["BaseSink", "CsvSink", "JsonlSink", "MemorySink", "ParquetSink", "StdoutSink"]

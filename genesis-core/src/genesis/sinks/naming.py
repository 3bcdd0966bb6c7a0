"""Which file sink a path's extension names: ``out.csv`` → ``csv``, ``out.parquet`` → ``parquet``."""

from __future__ import annotations

from pathlib import Path

from genesis.errors import ConfigError

__all__ = ["SINK_BY_SUFFIX", "sink_name_for"]

SINK_BY_SUFFIX = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet"}


def sink_name_for(path: Path) -> str:
    """The registered sink that writes ``path`` by its extension (``-`` is standard output)."""
    if str(path) == "-":
        return "stdout"
    suffix = path.suffix.lower()
    if suffix not in SINK_BY_SUFFIX:
        known = ", ".join(sorted(SINK_BY_SUFFIX))
        raise ConfigError(f"cannot tell the format of {path} from its extension ({known}); name the sink instead")
    return SINK_BY_SUFFIX[suffix]

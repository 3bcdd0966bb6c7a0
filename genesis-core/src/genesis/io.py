"""Reading tables from files by their extension: CSV, Parquet, JSON Lines."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from genesis.errors import ValidationError

__all__ = ["SUPPORTED_SUFFIXES", "read_table"]

SUPPORTED_SUFFIXES = (".csv", ".parquet", ".pq", ".jsonl", ".ndjson")


def read_table(path: str | Path) -> pd.DataFrame:
    """Load ``path`` as a DataFrame; the suffix decides the format. Empty tables are refused."""
    source = Path(path)
    if not source.is_file():
        raise ValidationError(f"no such data file: {source}")
    suffix = source.suffix.lower()
    try:
        if suffix == ".csv":
            frame = pd.read_csv(source)
        elif suffix in {".parquet", ".pq"}:
            frame = pd.read_parquet(source)
        elif suffix in {".jsonl", ".ndjson"}:
            frame = pd.read_json(source, lines=True)
        else:
            known = ", ".join(SUPPORTED_SUFFIXES)
            raise ValidationError(f"{source}: unsupported format {suffix or '(none)'}; use {known}")
    except (ValueError, OSError, pd.errors.ParserError) as exc:
        if isinstance(exc, ValidationError):
            raise
        raise ValidationError(f"{source}: cannot read as {suffix[1:]}: {exc}") from exc
    if frame.empty:
        raise ValidationError(f"{source}: the table has no rows")
    return frame

"""Saving and loading fitted models as plain JSON (no pickle).

The file is one UTF-8 JSON document::

    {
      "format": "genesis.gaussian-copula",   # what the file holds
      "format_version": 1,                   # bumped on incompatible changes
      "genesis_version": "1.3.0",            # the writer, for information
      "options": {...},                      # the generator's constructor arguments
      "state": {
        "schema": {...},                     # genesis.schema.Schema.to_dict()
        "columns": {name: {"model": ..., ...}},  # per-column fitted parameters and quantile tables
        "dependencies": [{"determinant", "dependent", "keys", "values"}],
        "latent": [[column, "value" | "null"], ...],
        "correlation": [[...]], "factor": [[...]],  # the copula; factor.T @ factor == correlation
        "report": {...}                      # the fit report
      }
    }

Arrays are JSON lists of numbers written with full precision, so a loaded model draws
exactly the same rows for the same seed. Real values appear only where the model needs them
(category labels, point masses, quantile knots);
identifiers only as their format, never as values or hashes (docs/privacy.md).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from genesis import __version__
from genesis.errors import ValidationError

__all__ = ["FORMAT", "FORMAT_VERSION", "read_document", "write_document"]

FORMAT = "genesis.gaussian-copula"
FORMAT_VERSION = 1


def write_document(path: str | Path, options: dict[str, Any], state: dict[str, Any]) -> Path:
    """Write a model document to ``path`` and return the path."""
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "genesis_version": __version__,
        "options": options,
        "state": state,
    }
    target = Path(path)
    target.write_text(json.dumps(document, allow_nan=False, separators=(",", ":")), encoding="utf-8")
    return target


def read_document(path: str | Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """Read and check a model document; return its ``(options, state)``."""
    source = Path(path)
    try:
        document = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValidationError(f"no saved model at {source}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(f"{source} is not a saved Genesis model (not JSON: {exc})") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValidationError(f"{source} is not a saved Gaussian copula model (format must be '{FORMAT}')")
    version = document.get("format_version")
    if version != FORMAT_VERSION:
        raise ValidationError(f"{source} has model format version {version}; this Genesis reads {FORMAT_VERSION}")
    return document["options"], document["state"]

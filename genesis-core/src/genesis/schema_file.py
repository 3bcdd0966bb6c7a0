"""Schema files: the YAML or JSON document ``genesis discover --output`` writes, read back as a Schema.

The file is the public way to correct inference: change a column's ``kind`` (``identifier`` to
``integer``, ``categorical`` to ``text``), its ``dtype`` (text to ``datetime64[s]``), or add
``constraints``, then hand it to ``GaussianCopulaGenerator.fit(data, schema=...)``,
``genesis generate --schema FILE`` or ``genesis serve --data NAME=PATH:SCHEMA``. The keys
``discover`` adds around the schema (``source``, ``candidate_keys``, ``pii_columns``) are accepted
and ignored.

Example::

    >>> schema = load_schema("customers.schema.yaml")
    >>> schema["signup"].kind
    <ColumnKind.DATETIME: 'datetime'>
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from genesis.errors import ValidationError
from genesis.schema import Schema

__all__ = ["SCHEMA_SUFFIXES", "load_schema", "parse_schema"]

SCHEMA_SUFFIXES = (".yaml", ".yml", ".json")


def load_schema(path: str | Path) -> Schema:
    """Read a schema file (YAML or JSON by suffix); errors name the file and what is wrong."""
    source = Path(path)
    if not source.is_file():
        raise ValidationError(f"no such schema file: {source}")
    suffix = source.suffix.lower()
    if suffix == ".py":
        raise ValidationError(f"{source}: a Python schema module is run, not read; import its SCHEMA, or write "
                              "the schema as YAML or JSON (genesis discover --format yaml)")  # fmt: skip
    if suffix not in SCHEMA_SUFFIXES:
        raise ValidationError(f"{source}: schema files are {', '.join(SCHEMA_SUFFIXES)}, not {suffix or '(none)'}")
    try:
        return parse_schema(source.read_text(encoding="utf-8"), "json" if suffix == ".json" else "yaml")
    except ValidationError as exc:
        raise ValidationError(f"{source}: {exc}") from exc


def parse_schema(text: str, fmt: str = "yaml") -> Schema:
    """A schema from YAML or JSON text."""
    import yaml

    document: Any
    try:
        document = json.loads(text) if fmt == "json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise ValidationError(f"not valid {fmt}: {exc}") from exc
    if not isinstance(document, dict):
        raise ValidationError(f"a schema is a mapping with 'columns', got {type(document).__name__}")
    return Schema.from_dict(document)


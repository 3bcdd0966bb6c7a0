"""Avro record schemas derived from a Genesis :class:`~genesis.schema.Schema`.

Each column becomes a nullable field (``["null", type]``, default ``null``): integers ``long``, floats ``double``,
booleans ``boolean``, timestamps ``long`` with logical type ``timestamp-micros`` (time-zone aware, stored in UTC) or
``local-timestamp-micros`` (naive), everything else ``string``. Avro names allow only ``[A-Za-z_][A-Za-z0-9_]*``, so
other column names are rewritten (``capital-gain`` -> ``capital_gain``) and the original is kept in the field's
``genesis.column`` attribute.
"""

from __future__ import annotations

import re
from typing import Any

from genesis.errors import ConfigError
from genesis.schema import ColumnKind, ColumnSchema, Schema

__all__ = ["avro_field_name", "avro_schema", "avro_type"]

_INVALID = re.compile(r"[^A-Za-z0-9_]")


def avro_field_name(column: str) -> str:
    """``column`` as a valid Avro name: invalid characters become ``_``, a leading digit gets a ``_`` prefix."""
    name = _INVALID.sub("_", column) or "_"
    return f"_{name}" if name[0].isdigit() else name


def avro_type(column: ColumnSchema) -> str | dict[str, str]:
    """The (non-null) Avro type of one column, chosen from its dtype, then its kind."""
    dtype = column.dtype.lower()
    if dtype in {"bool", "boolean"} or column.kind is ColumnKind.BOOLEAN:
        return "boolean"
    if re.match(r"u?int\d*$", dtype):
        return "long"
    if dtype.startswith("float"):
        return "double"
    if dtype.startswith("datetime64"):
        aware = "," in dtype  # e.g. datetime64[ns, UTC]
        return {"type": "long", "logicalType": "timestamp-micros" if aware else "local-timestamp-micros"}
    return "string"


def avro_schema(schema: Schema, name: str = "GenesisRow", namespace: str = "genesis") -> dict[str, Any]:
    """An Avro ``record`` schema with one nullable field per column of ``schema``, in column order."""
    fields: list[dict[str, Any]] = []
    seen: set[str] = set()
    for column in schema:
        field_name = avro_field_name(column.name)
        if field_name in seen:
            raise ConfigError(f"columns {sorted(c.name for c in schema if avro_field_name(c.name) == field_name)} "
                              f"all map to the Avro field name {field_name!r}; rename one of them")
        seen.add(field_name)
        fields.append({"name": field_name, "type": ["null", avro_type(column)], "default": None,
                       "genesis.column": column.name})
    return {"type": "record", "name": name, "namespace": namespace, "fields": fields}

"""Message values: JSON (``genesis.jsonsafe``), Avro single-object encoding (fastavro), or a user's callable.

Every serializer is bound to the Genesis schema of the rows before use; its :attr:`~ValueSerializer.schema_version`
is the CRC-64-AVRO fingerprint of the Avro schema derived from it (see :mod:`genesis_kafka.avro`), whatever the
format, so consumers can tell when the columns changed.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from genesis.errors import ConfigError, ValidationError
from genesis.jsonsafe import column_values, encode_plain, encode_rows, frame_records, to_jsonable
from genesis.schema import Schema
from genesis_kafka.avro import avro_field_name, avro_schema

__all__ = [
    "AvroSerializer", "CallableSerializer", "JsonSerializer", "ValueSerializer", "make_serializer", "message_keys",
]

#: Avro single-object encoding: two marker bytes, then the schema's 8-byte CRC-64-AVRO fingerprint, then the body.
AVRO_MARKER = b"\xc3\x01"


class ValueSerializer:
    """Turns a batch of rows into one message value per row."""

    content_type: ClassVar[str] = "application/octet-stream"

    def __init__(self) -> None:
        self.schema: Schema | None = None
        self.avro: dict[str, Any] | None = None
        self.fingerprint = b""

    @property
    def schema_version(self) -> str:
        """The hex fingerprint of the bound schema ('' before :meth:`bind`)."""
        return self.fingerprint.hex()

    def bind(self, schema: Schema) -> ValueSerializer:
        """Fix the columns to come; returns ``self``."""
        from fastavro import parse_schema
        from fastavro.schema import fingerprint, to_parsing_canonical_form

        self.schema = schema
        self.avro = avro_schema(schema)
        self._parsed = parse_schema(self.avro)
        self.fingerprint = bytes.fromhex(fingerprint(to_parsing_canonical_form(self._parsed), "CRC-64-AVRO"))
        return self

    def serialize(self, batch: pd.DataFrame) -> list[bytes]:
        """One value per row of ``batch``, in order."""
        raise NotImplementedError

    def deserialize(self, payload: bytes) -> Any:
        """The row a value encodes (for consumers and tests)."""
        raise NotImplementedError


class JsonSerializer(ValueSerializer):
    """One compact JSON object per row in Genesis's JSON encoding: NaN and NaT as null, timestamps as ISO 8601."""

    content_type = "application/json"

    def serialize(self, batch: pd.DataFrame) -> list[bytes]:
        return encode_rows(batch)

    def deserialize(self, payload: bytes) -> Any:
        return json.loads(payload)


class CallableSerializer(ValueSerializer):
    """``function(record) -> bytes | str`` per row; ``record`` is the JSON-safe dict the JSON serializer would write."""

    def __init__(self, function: Callable[[dict[str, Any]], bytes | str]) -> None:
        super().__init__()
        self.function = function

    def serialize(self, batch: pd.DataFrame) -> list[bytes]:
        values = []
        for record in frame_records(batch):
            value = self.function(record)
            if isinstance(value, str):
                value = value.encode()
            if not isinstance(value, bytes | bytearray | memoryview):
                raise ValidationError(f"value_serializer {self.function!r} returned {type(value).__name__}, "
                                      f"expected bytes or str")
            values.append(bytes(value))
        return values


class AvroSerializer(ValueSerializer):
    """Avro single-object encoding of each row: ``C3 01``, the schema fingerprint, then the Avro binary record."""

    content_type = "application/vnd.apache.avro"

    def serialize(self, batch: pd.DataFrame) -> list[bytes]:
        from fastavro import schemaless_writer

        if self.avro is None:
            raise ConfigError("AvroSerializer is not bound to a schema: call bind(schema) first")
        fields = self.avro["fields"]
        columns = [_avro_values(batch[field["genesis.column"]], field["type"][1]) if field["genesis.column"] in batch
                   else _missing(field["genesis.column"]) for field in fields]
        names = [field["name"] for field in fields]
        header = AVRO_MARKER + self.fingerprint
        values = []
        buffer = io.BytesIO()
        for row in zip(*columns, strict=True):
            buffer.seek(0)
            buffer.truncate()
            buffer.write(header)
            schemaless_writer(buffer, self._parsed, dict(zip(names, row, strict=True)))
            values.append(buffer.getvalue())
        return values

    def deserialize(self, payload: bytes) -> dict[str, Any]:
        """The record, keyed by original column names; refuses a value written with another schema."""
        from fastavro import schemaless_reader

        if payload[:2] != AVRO_MARKER or payload[2:10] != self.fingerprint:
            raise ValidationError("value is not an Avro single-object encoding with this serializer's schema "
                                  f"(fingerprint {payload[2:10].hex()!r}, expected {self.schema_version!r})")
        record = schemaless_reader(io.BytesIO(payload[10:]), self._parsed)
        assert self.schema is not None and isinstance(record, dict)
        return {column: record[avro_field_name(column)] for column in self.schema.names}


def _missing(column: str) -> list[Any]:
    raise ValidationError(f"batch has no column {column!r}, which the Avro schema expects")


def _avro_values(series: pd.Series, avro_type: str | dict[str, str]) -> list[Any]:
    """A column as Python values fastavro writes for ``avro_type`` (missing values as None)."""
    missing = series.isna().to_numpy()
    if isinstance(avro_type, dict):  # timestamps as integer microseconds
        stamps = series.dt.tz_convert("UTC").dt.tz_localize(None) if series.dt.tz is not None else series
        micros = stamps.dt.as_unit("us").to_numpy().view(np.int64).tolist()
        return [None if gone else value for value, gone in zip(micros, missing, strict=True)]
    values = series.astype(object).tolist()
    if avro_type == "double":
        return [None if gone else float(value) for value, gone in zip(values, missing, strict=True)]
    if avro_type == "long":
        return [None if gone else _whole(value) for value, gone in zip(values, missing, strict=True)]
    if avro_type == "boolean":
        return [None if gone else bool(value) for value, gone in zip(values, missing, strict=True)]
    return [None if gone else _text(value) for value, gone in zip(values, missing, strict=True)]


def _whole(value: Any) -> int:
    number = int(value)
    if number != value:
        raise ValidationError(f"value {value!r} of an integer column is not whole; it cannot be written as Avro long")
    return number


def _text(value: Any) -> str:
    return value if isinstance(value, str) else str(to_jsonable(value))


def message_keys(batch: pd.DataFrame, column: str) -> list[bytes | None]:
    """Message keys from ``column``: text as its UTF-8 bytes, other values as their JSON text, missing as no key."""
    return [None if value is None else value.encode() if isinstance(value, str) else encode_plain(value)
            for value in column_values(batch[column])]


_BY_NAME: dict[str, type[ValueSerializer]] = {"json": JsonSerializer, "avro": AvroSerializer}


def make_serializer(spec: str | Callable[[dict[str, Any]], bytes | str] | ValueSerializer) -> ValueSerializer:
    """``"json"``, ``"avro"``, a :class:`ValueSerializer`, or a callable ``record -> bytes | str``."""
    if isinstance(spec, ValueSerializer):
        return spec
    if isinstance(spec, str):
        try:
            return _BY_NAME[spec.strip().lower()]()
        except KeyError:
            raise ConfigError(f"unknown value_serializer {spec!r}: use 'json', 'avro' or a callable "
                              f"record -> bytes") from None
    if callable(spec):
        return CallableSerializer(spec)
    raise ConfigError(f"value_serializer must be 'json', 'avro' or a callable, got {type(spec).__name__}")

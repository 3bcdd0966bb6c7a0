"""Schema discovery for ``genesis discover``: kinds, bounds, categories, candidate keys and PII-looking columns.

The document never carries raw data beyond category vocabularies and numeric/date bounds, and nothing
at all (no bounds, no categories) for identifier or PII-looking columns. It renders as YAML, JSON or a
runnable Python module that rebuilds the :class:`~genesis.schema.Schema` object.

Example::

    >>> discovery = discover(frame, source="customers.csv")
    >>> discovery.pii_columns
    ['email']
    >>> print(discovery.render("yaml"))
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from genesis.errors import ConfigError, ValidationError
from genesis.schema import ColumnKind, ColumnSchema, Schema, infer_schema

__all__ = ["FORMATS", "Discovery", "detect_pii", "discover"]

FORMATS = ("yaml", "json", "python")
#: Rows inspected when looking for PII-shaped text.
PII_SAMPLE_ROWS = 500
#: Share of sampled non-null values that must look like PII for the column to be flagged.
PII_SHARE = 0.8
#: At most this many columns are combined when looking for two-column keys.
PAIR_KEY_COLUMNS = 12

_PII_NAMES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(pattern, re.IGNORECASE))
    for label, pattern in (
        ("email", r"e[-_]?mail"), ("phone", r"phone|mobile|\bcell\b|fax"), ("ssn", r"\bssn\b|social[-_ ]?sec"),
        ("name", r"(^|[-_ ])(first|last|full|given|family|middle|sur)?[-_ ]?name$|^name$"),
        ("address", r"address|street|\baddr\b"), ("postal_code", r"\bzip\b|zip[-_ ]?code|postal|postcode"),
        ("birth_date", r"\bdob\b|birth"), ("ip_address", r"(^|[-_ ])ip([-_ ]?addr(ess)?)?$"),
        ("card_number", r"credit[-_ ]?card|card[-_ ]?(number|no)|\bcc[-_ ]?num"),
        ("national_id", r"passport|licen[cs]e[-_ ]?(number|no)|national[-_ ]?id|tax[-_ ]?id"),
    )
)  # fmt: skip
_PII_VALUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("email", re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)),
    ("ssn", re.compile(r"^\d{3}-\d{2}-\d{4}$")),
    ("phone", re.compile(r"^(?!\d{4}-\d{2}-\d{2})\+?[\d\s().-]{7,20}$")),  # ISO dates are not phones
    ("ip_address", re.compile(r"^(\d{1,3}\.){3}\d{1,3}$")),
    ("card_number", re.compile(r"^(\d{4}[- ]?){3}\d{4}$")),
)


def detect_pii(name: str, series: pd.Series) -> str | None:
    """What personal data ``series`` seems to hold (``email``, ``phone``, ``name``...), from its name or values."""
    for label, pattern in _PII_NAMES:
        if pattern.search(name):
            return label
    values = series.dropna()
    if values.empty or not (pd.api.types.is_string_dtype(values.dtype) or values.dtype == object):
        return None
    sample = values.head(PII_SAMPLE_ROWS).astype(str).str.strip()
    for label, pattern in _PII_VALUES:
        if label == "phone" and sample.str.count(r"\d").lt(7).any():
            continue
        if sample.map(lambda text, p=pattern: p.match(text) is not None).mean() >= PII_SHARE:
            return label
    return None


def _candidate_keys(frame: pd.DataFrame) -> list[list[str]]:
    """Columns (or, when no single column is one, pairs of columns) unique and non-null on every row."""
    complete = [str(c) for c in frame.columns if not frame[c].isna().any()]
    singles = [[c] for c in complete if frame[c].is_unique]
    if singles or len(frame) < 2:
        return singles
    pairs = itertools.combinations(complete[:PAIR_KEY_COLUMNS], 2)
    return [list(pair) for pair in pairs if not frame.duplicated(subset=list(pair)).any()]


def _private(column: ColumnSchema) -> ColumnSchema:
    """The column without any data values: no bounds, no categories."""
    return replace(column, minimum=None, maximum=None, categories=None)


@dataclass(frozen=True)
class Discovery:
    """The discovered schema plus what ``infer_schema`` does not say: keys and PII."""

    schema: Schema
    candidate_keys: list[list[str]]
    pii_columns: list[str]
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe; its ``n_rows``/``columns`` load back with ``Schema.from_dict``."""
        return {"source": self.source, **self.schema.to_dict(), "candidate_keys": self.candidate_keys,
                "pii_columns": self.pii_columns}  # fmt: skip

    def render(self, fmt: str) -> str:
        """The document as ``yaml``, ``json`` or ``python`` text."""
        if fmt == "yaml":
            import yaml

            return str(yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True))
        if fmt == "json":
            from genesis.jsonsafe import dumps

            return dumps(self.to_dict(), indent=2) + "\n"
        if fmt == "python":
            return _python_module(self)
        raise ConfigError(f"unknown schema format {fmt!r} (use {', '.join(FORMATS)})")


def discover(frame: pd.DataFrame, source: str = "") -> Discovery:
    """Infer the schema of ``frame``, flag PII-looking columns and find candidate keys."""
    if not isinstance(frame, pd.DataFrame) or frame.empty:
        raise ValidationError("discover needs a non-empty pandas DataFrame")
    schema = infer_schema(frame, detect_constraints=True)
    columns: dict[str, ColumnSchema] = {}
    pii_columns: list[str] = []
    for column in schema:
        pii = detect_pii(column.name, frame[column.name])
        extra = {**column.extra, "nullable": column.null_rate > 0, "pii": pii}
        described = replace(column, extra=extra)
        if pii is not None:
            pii_columns.append(column.name)
        if pii is not None or column.kind == ColumnKind.IDENTIFIER:
            described = _private(described)
        columns[column.name] = described
    return Discovery(schema=Schema(columns=columns, n_rows=schema.n_rows, constraints=schema.constraints),
                     candidate_keys=_candidate_keys(frame),
                     pii_columns=pii_columns, source=source)


def _python_module(discovery: Discovery) -> str:
    lines = [
        f'"""Schema of {discovery.source or "a table"}, discovered by `genesis discover`."""',
        "",
        "from genesis.constraints import constraint_from_dict",
        "from genesis.schema import ColumnKind, ColumnSchema, Schema",
        "",
        "SCHEMA = Schema(",
        "    columns={",
    ]
    for column in discovery.schema:
        fields = column.to_dict()
        fields.pop("kind")
        arguments = ", ".join(f"{key}={value!r}" for key, value in fields.items() if key != "name")
        lines.append(f"        {column.name!r}: ColumnSchema(name={column.name!r}, "
                     f"kind=ColumnKind.{column.kind.name}, {arguments}),")
    lines += [
        "    },",
        f"    n_rows={discovery.schema.n_rows!r},",
        f"    constraints=[constraint_from_dict(c) for c in {[c.to_dict() for c in discovery.schema.constraints]!r}],",
        ")",
        f"CANDIDATE_KEYS = {discovery.candidate_keys!r}",
        f"PII_COLUMNS = {discovery.pii_columns!r}",
        "",
        'if __name__ == "__main__":',
        "    for column in SCHEMA:",
        '        print(f"{column.name}: {column.kind}")',
        "",
    ]
    return "\n".join(lines)

"""``genesis discover``: infer a table's schema and write it as YAML, JSON or a Python module."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

__all__ = ["app"]

app = typer.Typer(help="Discover the schema of a data file.")

_FORMAT_BY_SUFFIX = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".py": "python"}


@app.command()
def discover(
    data_path: Annotated[Path, typer.Argument(help="Data file: .csv, .parquet or .jsonl.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Schema file; stdout when omitted.")] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="yaml, json or python (default: from --output, else yaml).")
    ] = None,
) -> None:
    """Infer kinds, dtypes, nullability, bounds, categories, candidate keys and PII-looking columns of DATA_PATH."""
    from genesis.discovery import FORMATS, discover
    from genesis.errors import ConfigError
    from genesis.io import read_table

    chosen = (fmt or (_FORMAT_BY_SUFFIX.get(output.suffix.lower()) if output else None) or "yaml").lower()
    if chosen not in FORMATS:
        raise ConfigError(f"--format {chosen!r} is not one of {', '.join(FORMATS)}")
    text = discover(read_table(data_path), source=data_path.name).render(chosen)
    if output is None:
        typer.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    typer.echo(f"wrote {chosen} schema of {data_path.name} to {output}", err=True)

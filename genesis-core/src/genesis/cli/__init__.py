"""The ``genesis`` command line: a Typer app whose commands load on demand."""

"""``genesis dashboard REAL_DATA SYNTHETIC_DATA [--output PATH] [--serve] [--port 8050]``.

Only typer is imported at module level; the dashboard loads when the command runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

__all__ = ["app"]

app = typer.Typer(help="Generate quality dashboard.")

_DEFAULT_OUTPUT = Path("quality_report.html")
_FORMATS = {".html": "html", ".htm": "html", ".pdf": "pdf", ".json": "json"}


@app.command()
def dashboard(
    ctx: typer.Context,
    real_data: Annotated[Path, typer.Argument(help="Real data file: .csv, .parquet or .jsonl.")],
    synthetic_data: Annotated[Path, typer.Argument(help="Synthetic data file with the real columns.")],
    output: Annotated[
        Path | None,
        typer.Option("--output", help="Output file: .html, .pdf or .json (default: quality_report.html)."),
    ] = None,
    holdout: Annotated[
        Path | None,
        typer.Option(
            "--holdout",
            help="Real rows kept out of fitting: membership inference and distance to closest record need them.",
        ),
    ] = None,
    serve: Annotated[bool, typer.Option("--serve", help="Launch the interactive server (Ctrl-C stops it).")] = False,
    port: Annotated[int, typer.Option("--port", help="Server port.")] = 8050,
    host: Annotated[str, typer.Option("--host", help="Address the server binds to (0.0.0.0 for all).")] = "127.0.0.1",
) -> None:
    """Compare SYNTHETIC_DATA with REAL_DATA and write the quality report, or serve it live."""
    import time

    from genesis.cli.console import stderr_console
    from genesis.cli.context import cli_state
    from genesis.cli.status import phase, table_shape
    from genesis.errors import ConfigError
    from genesis.io import read_table
    from genesis.jsonsafe import dumps
    from genesis_dashboard import InteractiveDashboard, QualityDashboard
    from genesis_dashboard.style import format_score

    target = output if output is not None or serve else _DEFAULT_OUTPUT
    kind = None if target is None else _FORMATS.get(target.suffix.lower())
    if target is not None and kind is None:
        raise ConfigError(f"cannot tell the report format from {target}; use .html, .pdf or .json")
    real, synthetic = read_table(real_data), read_table(synthetic_data)
    held = None if holdout is None else read_table(holdout)
    console = stderr_console()
    if target is not None:
        quiet = cli_state(ctx).quiet
        report = QualityDashboard(real, synthetic, name=f"Quality report: {synthetic_data.name}",
                                  holdout=held)
        with phase(f"scoring {synthetic_data.name} ({table_shape(*synthetic.shape)}) against {real_data.name} "
                   f"({table_shape(*real.shape)})", "scored", quiet=quiet):
            report.compute_metrics()
        with phase(f"rendering the {str(kind).upper()} report to {target}", "rendered", quiet=quiet):
            if kind == "pdf":
                report.save_pdf(target)
                console.print(f"PDF drawn by {report.pdf_renderer}")
            elif kind == "json":
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(dumps(report.compute_metrics(), indent=2) + "\n", encoding="utf-8")
            else:
                report.save_report(target)
        overall = report.compute_metrics()["overall"]
        console.print(f"overall score {format_score(overall)} (0-1, higher is better)")
        privacy = report.compute_metrics()["metrics"].get("privacy")
        if privacy is not None and privacy["score"] is None:
            console.print(f"privacy {format_score(None)}: {privacy['reason']}")
        typer.echo(str(target))
    if serve:
        live = InteractiveDashboard(real, synthetic, host=host, port=port, holdout=held)
        try:  # from the start on: a Ctrl-C right after the address is printed still ends the server cleanly
            url = live.start()
            console.print(f"dashboard at {url} (Ctrl-C to stop)")
            while live.running:
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            live.stop()

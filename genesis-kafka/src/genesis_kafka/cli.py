"""``genesis stream kafka``: fit on a table and stream synthetic rows into a Kafka topic, with live delivery counts.

Found through the ``genesis.cli.stream`` entry point; only typer is imported until the command runs.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from genesis_kafka.generator import KafkaStreamingGenerator

    Show = Callable[[KafkaStreamingGenerator], None]

__all__ = ["app"]

app = typer.Typer(help="Stream synthetic rows into a Kafka topic.", add_completion=False)

#: Seconds between progress updates.
_TICK = 0.5


def _options(pairs: list[str]) -> dict[str, str]:
    from genesis.errors import ConfigError

    options = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--producer-config takes KEY=VALUE (e.g. linger.ms=50), got {pair!r}")
        options[key.strip()] = value.strip()
    return options


@app.command()
def kafka(
    ctx: typer.Context,
    data: Annotated[Path, typer.Argument(help="Training data: .csv, .parquet or .jsonl.")],
    bootstrap_servers: Annotated[str, typer.Option(help="Kafka brokers, host:port[,host:port].")],
    topic: Annotated[str, typer.Option(help="Topic to write to.")],
    rate: Annotated[float | None, typer.Option(help="Rows per second (default: as fast as possible).")] = None,
    max_samples: Annotated[int | None, typer.Option(help="Stop after this many delivered rows.")] = None,
    batch_size: Annotated[int, typer.Option(help="Rows generated and produced per batch.")] = 100,
    key_column: Annotated[str | None, typer.Option(help="Column whose value is the message key.")] = None,
    serializer: Annotated[str, typer.Option(help="Message format: json or avro.")] = "json",
    method: Annotated[str, typer.Option(help="Generator (see `genesis plugins list`).")] = "gaussian-copula",
    seed: Annotated[int | None, typer.Option(help="Seed; the same seed sends the same rows.")] = None,
    producer_config: Annotated[list[str] | None, typer.Option(help="librdkafka KEY=VALUE (repeat).")] = None,
    flush_timeout: Annotated[float, typer.Option(help="Seconds to wait for confirmations at the end.")] = 30.0,
    connect_timeout: Annotated[float, typer.Option(help="Seconds to wait for a broker to answer.")] = 10.0,
    lineage: Annotated[Path | None, typer.Option(help="Append the stream's lineage to this chain file.")] = None,
) -> None:
    """Fit METHOD on DATA and stream rows to TOPIC until --max-samples are delivered or Ctrl-C."""
    from genesis.cli.context import cli_state
    from genesis.io import read_table
    from genesis_kafka.generator import KafkaStreamingGenerator

    generator = KafkaStreamingGenerator(bootstrap_servers, topic, batch_size=batch_size, key_column=key_column,
                                        producer_config=_options(producer_config or []), value_serializer=serializer,
                                        seed=seed, flush_timeout=flush_timeout,
                                        connect_timeout=connect_timeout, lineage=lineage)
    generator.fit(read_table(data), method=method)
    quiet = cli_state(ctx).quiet
    with _live(quiet) as show:
        generator.start_streaming(rate, max_samples, background=True)
        try:
            while generator.is_streaming:
                show(generator)
                time.sleep(_TICK)
        except KeyboardInterrupt:
            generator.stop()
        show(generator)
    generator.wait()
    _exit_on_duplicate_risk(generator)


def _exit_on_duplicate_risk(generator: KafkaStreamingGenerator) -> None:
    """Say so, in one line, and exit 3 (``EXIT_CAVEATS``, as ``genesis generate --sink kafka`` does) when rows
    were produced again after the broker may have stored them."""
    stats = generator.stats
    if not stats.possibly_duplicated:
        return
    from genesis.cli.console import EXIT_CAVEATS, stderr_console
    from genesis_kafka.producer import possible_duplicates_line

    stderr_console().print(possible_duplicates_line(stats, generator.topic), style="bold red", markup=False,
                           highlight=False)
    raise typer.Exit(EXIT_CAVEATS)


def _line(generator: KafkaStreamingGenerator) -> str:
    stats = generator.stats
    risk = f"  possibly duplicated {stats.possibly_duplicated:,}" if stats.possibly_duplicated else ""
    return (f"kafka: sent {stats.produced:,}  delivered {stats.delivered:,}  failed {stats.failed:,}  "
            f"in flight {stats.in_flight:,}{risk}  {stats.rows_per_second:,.0f} rows/s")


class _Plain:
    """One line on stderr at most every ``interval`` seconds, and the last one (CI, pipes)."""

    def __init__(self, interval: float = 2.0) -> None:
        self.interval = interval
        self._last = float("-inf")

    def __call__(self, generator: KafkaStreamingGenerator) -> None:
        now = time.monotonic()
        if now - self._last >= self.interval or not generator.is_streaming:
            self._last = now
            print(_line(generator), file=sys.stderr, flush=True)


@contextlib.contextmanager
def _live(quiet: bool) -> Iterator[Show]:
    """Gives ``show(generator)``: a live line on a terminal, periodic lines otherwise, nothing when quiet."""
    if quiet:
        yield lambda generator: None
        return
    if not sys.stderr.isatty() or os.environ.get("CI"):
        yield _Plain()
        return
    from rich.live import Live
    from rich.text import Text

    from genesis.cli.console import stderr_console

    with Live(Text(""), console=stderr_console(), refresh_per_second=4) as live:
        yield lambda generator: live.update(Text(_line(generator), style="cyan"))

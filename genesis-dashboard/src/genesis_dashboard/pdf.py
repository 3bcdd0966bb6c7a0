"""PDF export through a headless Chromium-family browser (Chromium, Chrome, Edge), over its DevTools protocol.

One browser process renders the whole report in one pass: it loads the HTML from a private temporary folder,
calls ``genesisDashboard.renderAll()`` (which draws every figure, including those a reader would only see on
later pages or after scrolling), waits for it, then prints the page with ``Page.printToPDF``. The browser is
found by :func:`genesis_dashboard.browsers.find_browser`.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from genesis.errors import ExternalToolError

__all__ = ["CHROMIUM_FLAGS", "PDF_TIMEOUT", "html_to_pdf"]

#: Seconds allowed for the whole render (start, load, draw, print).
PDF_TIMEOUT = 180.0
#: Flags for a quiet, offline, throw-away headless browser.
CHROMIUM_FLAGS = (
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
)
#: Layout width in CSS pixels and the print scale that fits it on A4 with 1 cm margins.
_VIEWPORT = (1100, 1400)
_PRINT = {
    "paperWidth": 8.27,
    "paperHeight": 11.69,
    "marginTop": 0.4,
    "marginBottom": 0.4,
    "marginLeft": 0.4,
    "marginRight": 0.4,
    "scale": 0.68,
    "printBackground": True,
    "transferMode": "ReturnAsStream",
}


def html_to_pdf(html: str, browser: str, *, timeout: float = PDF_TIMEOUT) -> bytes:
    """The PDF of the report ``html`` printed by the Chromium-family executable ``browser``, every figure drawn."""
    deadline = time.monotonic() + timeout
    with tempfile.TemporaryDirectory(prefix="genesis-pdf-", ignore_cleanup_errors=True) as folder:
        page = Path(folder) / "report.html"
        page.write_text(html, encoding="utf-8")
        profile = Path(folder) / "profile"
        command = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.insert(1, "--no-sandbox")  # Chromium refuses to start its sandbox as root
        log = (Path(folder) / "chromium.log").open("w+b")
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
        try:
            endpoint = _devtools_endpoint(profile, process, deadline, log)
            with _DevTools(endpoint, deadline) as devtools:
                return _print(devtools, page.as_uri())
        finally:
            _stop(process)
            log.close()


def _devtools_endpoint(profile: Path, process: subprocess.Popen[bytes], deadline: float, log: Any) -> str:
    """Wait for Chromium to write the DevTools port file and return the browser's WebSocket URL."""
    port_file = profile / "DevToolsActivePort"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            tail = log.read().decode("utf-8", "replace").strip().splitlines()[-3:]
            raise ExternalToolError(f"Chromium exited with code {process.returncode}: {' | '.join(tail)}")
        if port_file.exists():
            lines = port_file.read_text().split()
            if len(lines) == 2:
                return f"ws://127.0.0.1:{lines[0]}{lines[1]}"
        time.sleep(0.05)
    raise ExternalToolError("Chromium did not open its DevTools endpoint in time")


def _print(devtools: _DevTools, url: str) -> bytes:
    """Load ``url`` in a new page, draw every figure, print it and return the PDF bytes."""
    target = devtools.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = devtools.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    devtools.call("Page.enable", session=session)
    width, height = _VIEWPORT
    metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
    devtools.call("Emulation.setDeviceMetricsOverride", metrics, session=session)
    devtools.call("Page.navigate", {"url": url}, session=session)
    devtools.wait_event("Page.loadEventFired", session)
    drawn = devtools.call(
        "Runtime.evaluate",
        {"expression": "window.genesisDashboard.renderAll()", "awaitPromise": True, "returnByValue": True},
        session=session,
    )
    if "exceptionDetails" in drawn or not drawn.get("result", {}).get("value"):
        detail = drawn.get("exceptionDetails", {}).get("text", "no figure was drawn")
        raise ExternalToolError(f"Chromium could not draw the report's figures: {detail}")
    stream = devtools.call("Page.printToPDF", _PRINT, session=session)["stream"]
    chunks = []
    while True:
        chunk = devtools.call("IO.read", {"handle": stream, "size": 1 << 20}, session=session)
        data = chunk.get("data", "")
        chunks.append(base64.b64decode(data) if chunk.get("base64Encoded") else data.encode("latin-1"))
        if chunk.get("eof"):
            break
    devtools.call("IO.close", {"handle": stream}, session=session)
    pdf = b"".join(chunks)
    if not pdf.startswith(b"%PDF"):
        raise ExternalToolError("Chromium returned something that is not a PDF")
    return pdf


class _DevTools:
    """A minimal synchronous DevTools-protocol client: numbered calls, events buffered until asked for."""

    def __init__(self, endpoint: str, deadline: float) -> None:
        self.endpoint = endpoint
        self.deadline = deadline
        self._ids = itertools.count(1)
        self._events: list[dict[str, Any]] = []
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> _DevTools:
        from websockets.sync.client import connect

        self._socket = self._stack.enter_context(connect(self.endpoint, max_size=None, open_timeout=self._left()))
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def call(self, method: str, params: dict[str, Any] | None = None, *, session: str | None = None) -> dict[str, Any]:
        """Send one command and return its result; a protocol error becomes :class:`ExternalToolError`."""
        number = next(self._ids)
        message: dict[str, Any] = {"id": number, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        self._socket.send(json.dumps(message))
        while True:
            reply = self._receive()
            if reply.get("id") == number:
                if "error" in reply:
                    raise ExternalToolError(f"Chromium {method} failed: {reply['error'].get('message')}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            if "method" in reply:
                self._events.append(reply)

    def wait_event(self, method: str, session: str) -> dict[str, Any]:
        """Return the first event ``method`` of ``session``, received before or after this call."""
        while True:
            for event in self._events:
                if event["method"] == method and event.get("sessionId") == session:
                    self._events.remove(event)
                    return event
            self._events.append(self._receive())

    def _receive(self) -> dict[str, Any]:
        from websockets.exceptions import ConnectionClosed

        try:
            reply: dict[str, Any] = json.loads(self._socket.recv(timeout=self._left()))
        except TimeoutError as error:
            raise ExternalToolError("Chromium did not finish the PDF in time") from error
        except ConnectionClosed as error:
            raise ExternalToolError("Chromium closed its DevTools connection before the PDF was done") from error
        return reply

    def _left(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise ExternalToolError("Chromium did not finish the PDF in time")
        return left


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End the browser we started: politely, then firmly."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

"""Fixtures of the dashboard tests: small real and synthetic tables, and a real headless Chromium.

The browser is the Debian ``chromium`` package, installed by the project's own ``scripts/ensure-chromium.sh``
when it is missing, and driven by Playwright with ``executable_path`` (Playwright never downloads a browser
here). Screenshots go to ``$GENESIS_TEST_ARTIFACTS`` (default ``.nox-reports/artifacts``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic"]


def mixed_frame(rows: int, seed: int) -> pd.DataFrame:
    """A table with every column kind the dashboard plots: numbers, integers, dates, categories, booleans."""
    rng = np.random.default_rng(seed)
    income = rng.lognormal(10, 0.5, rows)
    return pd.DataFrame(
        {
            "income": income,
            "age": rng.integers(18, 90, rows),
            "score": income / 1e4 + rng.normal(0, 1, rows),
            "joined": pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 1500, rows), unit="D"),
            "city": rng.choice(["Lyon", "Oslo", "Quito", "Perth"], rows, p=[0.4, 0.3, 0.2, 0.1]),
            "member": rng.random(rows) < 0.3,
        }
    )


@pytest.fixture(scope="session", autouse=True)
def _one_openmp_thread() -> Iterator[None]:
    """ML utility's gradient boosting spins OpenMP threads; on two shared cores one thread is many times faster."""
    import sklearn.ensemble  # noqa: F401 - load the OpenMP runtime first: threadpoolctl limits loaded ones only
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        yield


@pytest.fixture(scope="session")
def real() -> pd.DataFrame:
    return mixed_frame(400, seed=1)


@pytest.fixture(scope="session")
def synthetic(real: pd.DataFrame) -> pd.DataFrame:
    """Rows from core's default generator fitted on ``real``."""
    from genesis.plugins import GeneratorSpec, get_plugin_manager

    generator = get_plugin_manager().get(GeneratorSpec, "gaussian_copula").create().fit(real)
    return generator.generate(400, seed=7)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    folder = Path(os.environ.get("GENESIS_TEST_ARTIFACTS", ROOT / ".nox-reports" / "artifacts")) / "dashboard"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of the Chromium executable, installed with the project's script when missing."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        subprocess.run(["bash", str(ROOT / "scripts" / "ensure-chromium.sh")], check=True, timeout=1800)
        found = shutil.which("chromium")
    assert found is not None, "scripts/ensure-chromium.sh did not put chromium on PATH"
    return found


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Any]:
    """One headless Chromium per test module, driven by Playwright; closed afterwards.

    Module scope, not session: Playwright's sync API keeps an event loop running in the main thread while it
    is open, which would break later tests (in other folders) that call ``asyncio.run``.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=BROWSER_ARGS, timeout=60_000)
        try:
            yield launched
        finally:
            launched.close()


class PageWatch:
    """A page with its console errors, page errors, dialogs and requests recorded."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def page_watch() -> type[PageWatch]:
    """The recorder class, for tests that open their own pages."""
    return PageWatch


@pytest.fixture
def watched(browser: Any) -> Iterator[PageWatch]:
    """A fresh browser context and page per test, offline unless the test serves something itself."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        yield PageWatch(context.new_page())
    finally:
        context.close()

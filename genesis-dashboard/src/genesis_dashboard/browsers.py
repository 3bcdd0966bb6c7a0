"""Finding a Chromium-family browser (Chrome, Chromium, Edge) to print the report with.

Order: the ``GENESIS_CHROMIUM`` environment variable (a path or a command name; a wrong one is an error, never
silently skipped), then the usual command names on ``PATH``, then the places each operating system's installers
put the browsers (``/Applications`` on macOS, ``Program Files`` and the user's ``AppData`` on Windows, ``/opt``
and ``/snap`` on Linux). :func:`find_browser` returns None when there is none, so the caller can fall back.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path

from genesis.errors import ExternalToolError

__all__ = ["BROWSER_ENV", "COMMAND_NAMES", "browser_locations", "find_browser"]

#: Environment variable naming the browser executable to use (a path or a command on PATH).
BROWSER_ENV = "GENESIS_CHROMIUM"
#: Command names tried on PATH, in order.
COMMAND_NAMES = (
    "chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "microsoft-edge",
    "microsoft-edge-stable", "msedge",
)  # fmt: skip

_MAC_APPS = (
    "Google Chrome.app/Contents/MacOS/Google Chrome",
    "Chromium.app/Contents/MacOS/Chromium",
    "Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    "Google Chrome Canary.app/Contents/MacOS/Google Chrome Canary",
)
_WINDOWS_APPS = (
    "Google/Chrome/Application/chrome.exe",
    "Chromium/Application/chrome.exe",
    "Microsoft/Edge/Application/msedge.exe",
)
_WINDOWS_ROOTS = ("PROGRAMFILES", "PROGRAMFILES(X86)", "PROGRAMW6432", "LOCALAPPDATA")
_LINUX_PATHS = (
    "opt/google/chrome/chrome",
    "opt/chromium.org/chromium/chromium",
    "opt/microsoft/msedge/msedge",
    "usr/lib/chromium/chromium",
    "usr/lib/chromium-browser/chromium-browser",
    "usr/bin/chromium",
    "usr/bin/chromium-browser",
    "usr/bin/google-chrome",
    "usr/bin/microsoft-edge",
    "snap/bin/chromium",
    "var/lib/flatpak/exports/bin/org.chromium.Chromium",
)


def browser_locations(platform: str, environ: Mapping[str, str], root: Path = Path("/")) -> list[Path]:
    """Where ``platform``'s installers put Chrome, Chromium and Edge (``root`` is the file system's root,
    ``environ`` gives the Windows folders and the home folder)."""
    if platform == "darwin":
        folders = [root / "Applications"]
        if environ.get("HOME"):
            folders.append(Path(environ["HOME"]) / "Applications")
        return [folder / app for folder in folders for app in _MAC_APPS]
    if platform.startswith(("win", "cygwin")):
        bases = [environ[name] for name in _WINDOWS_ROOTS if environ.get(name)]
        return [Path(base, app) for base in dict.fromkeys(bases) for app in _WINDOWS_APPS]
    return [root / path for path in _LINUX_PATHS]


def find_browser(
    *, environ: Mapping[str, str] | None = None, platform: str | None = None, root: Path = Path("/")
) -> str | None:
    """The browser executable to print with, or None when no Chrome, Chromium or Edge is installed.

    Raises :class:`ExternalToolError` when ``GENESIS_CHROMIUM`` names something that is not an executable.
    """
    environ = os.environ if environ is None else environ
    path = environ.get("PATH", os.defpath)
    configured = environ.get(BROWSER_ENV)
    if configured:
        found = shutil.which(configured, path=path)
        if found is None:
            raise ExternalToolError(
                f"{BROWSER_ENV}={configured!r} is not an executable browser; point it at Chrome, Chromium or "
                f"Edge, or unset it (then an installed one is found, else the report is drawn without a browser)"
            )
        return found
    for name in COMMAND_NAMES:
        found = shutil.which(name, path=path)
        if found is not None:
            return found
    for candidate in browser_locations(platform or sys.platform, environ, root):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None

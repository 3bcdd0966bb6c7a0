"""A small, pickle-free frame format that both the Genesis venv (pandas 3) and the SDV venv (pandas 2) read.

Numbers are stored as float64 (NaN for nulls) or int64, booleans as bool (or float 0/1/NaN with nulls), and
everything else as integer codes into a list of strings (-1 for nulls). Text comes back as plain strings,
so each pandas version uses its own default text dtype.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["load_frame", "save_frame"]


def save_frame(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` to ``path`` (an ``.npz`` file)."""
    arrays: dict[str, np.ndarray] = {}
    layout = []
    for position, (name, column) in enumerate(frame.items()):
        key = f"c{position}"
        if pd.api.types.is_bool_dtype(column.dtype):
            kind = "bool" if not column.isna().any() else "nullable_bool"
            arrays[key] = column.to_numpy(dtype=bool if kind == "bool" else float, na_value=np.nan)
        elif pd.api.types.is_integer_dtype(column.dtype) and not column.isna().any():
            kind, arrays[key] = "int", column.to_numpy(dtype=np.int64)
        elif pd.api.types.is_numeric_dtype(column.dtype):
            kind, arrays[key] = "float", column.to_numpy(dtype=np.float64, na_value=np.nan)
        else:
            codes, uniques = pd.factorize(column.astype(object), use_na_sentinel=True)
            kind, arrays[key] = "text", codes.astype(np.int32)
            arrays[f"{key}_levels"] = np.array([str(value) for value in uniques], dtype=str)
        layout.append({"name": str(name), "kind": kind, "dtype": str(column.dtype)})
    arrays["layout"] = np.array(json.dumps(layout))
    np.savez(path, **arrays)


def load_frame(path: Path) -> pd.DataFrame:
    """Read a frame written by :func:`save_frame`."""
    with np.load(path, allow_pickle=False) as archive:
        layout = json.loads(str(archive["layout"]))
        columns = {}
        for position, spec in enumerate(layout):
            values = archive[f"c{position}"]
            if spec["kind"] == "text":
                text = np.full(len(values), None, dtype=object)
                present = values >= 0
                text[present] = archive[f"c{position}_levels"].astype(object)[values[present]]
                columns[spec["name"]] = pd.Series(text, dtype=object)
            elif spec["kind"] == "nullable_bool":
                columns[spec["name"]] = pd.Series(values).map({1.0: True, 0.0: False}).astype("boolean")
            else:
                columns[spec["name"]] = pd.Series(values)
    frame = pd.DataFrame(columns)
    for spec in layout:
        if spec["kind"] == "text" and int(pd.__version__.split(".")[0]) >= 3:
            frame[spec["name"]] = frame[spec["name"]].astype("str")
    return frame

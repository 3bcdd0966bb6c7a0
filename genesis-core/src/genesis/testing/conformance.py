"""The generator conformance kit: what every generator plugin must do, as checks its own tests call.

Each check takes a fitted generator (and the frame it was fitted on where it needs one) and raises
``AssertionError`` with a message naming what broke, so it reads well under pytest::

    from genesis.testing import check_generator

    def test_my_generator_conforms(tmp_path):
        check_generator(lambda: MyGenerator(), training_frame, tmp_path)

``check_generator`` runs them all; the single checks are public for suites that want one test per property.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from genesis.conditions import ConditionSet
from genesis.pipeline import FIRST_BLOCK_ROWS, GenerationRequest, Pipeline
from genesis.protocols import Generator
from genesis.schema import ColumnKind, Schema

__all__ = [
    "check_conditioning",
    "check_generator",
    "check_pipeline_seeds",
    "check_save_load",
    "check_schema",
    "check_seeds",
    "check_shapes",
]


def check_shapes(model: Generator, data: pd.DataFrame) -> None:
    """``generate(n)`` gives ``n`` rows with the training columns, in order, with their dtypes; ``n=0`` too."""
    for n in (0, 1, 57):
        frame = model.generate(n, seed=1)
        assert isinstance(frame, pd.DataFrame), f"generate({n}) returned {type(frame).__name__}, not a DataFrame"
        assert len(frame) == n, f"generate({n}) returned {len(frame)} rows"
        assert list(frame.columns) == list(data.columns), f"generate({n}) columns {list(frame.columns)}"
    sample = model.generate(57, seed=1)
    changed = {c: (str(data[c].dtype), str(sample[c].dtype)) for c in data.columns
               if data[c].dtype != sample[c].dtype}
    assert not changed, f"generated dtypes differ from the training data's (training, generated): {changed}"


def check_seeds(model: Generator) -> None:
    """The same seed gives the same frame; two seeds give different frames."""
    first, again, other = model.generate(200, seed=5), model.generate(200, seed=5), model.generate(200, seed=6)
    pd.testing.assert_frame_equal(first, again, obj="generate(200, seed=5) twice")
    assert not first.equals(other), "generate(200, seed=5) and seed=6 gave the same frame"


def check_schema(model: Generator, data: pd.DataFrame) -> None:
    """``model.schema`` is a :class:`~genesis.schema.Schema` naming the training columns."""
    schema = model.schema
    assert isinstance(schema, Schema), f"schema is {type(schema).__name__}, not genesis.schema.Schema"
    assert schema.names == [str(c) for c in data.columns], f"schema names {schema.names}"


def check_pipeline_seeds(model: Generator) -> None:
    """Through the run pipeline: the rows do not depend on the batch size, and ``n`` rows prefix ``m > n``."""
    pipeline = Pipeline(model)
    total = FIRST_BLOCK_ROWS + 300  # spans two blocks
    whole, _ = pipeline.frame(GenerationRequest(total, seed=3, batch_size=total), surface="conformance")
    small, _ = pipeline.frame(GenerationRequest(total, seed=3, batch_size=7), surface="conformance")
    pd.testing.assert_frame_equal(whole, small, obj="one batch vs batches of 7")
    prefix, _ = pipeline.frame(GenerationRequest(100, seed=3), surface="conformance")
    pd.testing.assert_frame_equal(prefix, whole.iloc[:100].reset_index(drop=True), obj="100 rows vs a prefix")


def _categorical_condition(model: Generator, data: pd.DataFrame) -> ConditionSet | None:
    for column in model.schema:
        if column.kind is ColumnKind.CATEGORICAL and column.categories:
            counts = data[column.name].value_counts()
            if len(counts):
                return ConditionSet.from_dict({column.name: counts.index[0]})
    return None


def check_conditioning(model: Generator, data: pd.DataFrame) -> None:
    """A condition on the commonest value of a categorical column gives exactly ``n`` rows, all matching."""
    conditions = _categorical_condition(model, data)
    if conditions is None:
        return
    rows, _ = Pipeline(model).frame(GenerationRequest(150, seed=2, conditions=conditions), surface="conformance")
    assert len(rows) == 150, f"{len(rows)} rows for {conditions}, not 150"
    assert conditions.mask(rows).all(), f"rows that do not satisfy {conditions} came back"


def check_save_load(model: Generator, folder: Path) -> None:
    """A generator with ``save(path)`` and a ``load(path)`` classmethod loads back generating the same rows."""
    save = getattr(model, "save", None)
    load = getattr(type(model), "load", None)
    if not callable(save) or not callable(load):
        return
    path = folder / "model.json"
    save(path)
    loaded = load(path)
    pd.testing.assert_frame_equal(model.generate(100, seed=9), loaded.generate(100, seed=9),
                                  obj="the saved model vs the loaded one")


def check_generator(create: Callable[[], Generator], data: pd.DataFrame, folder: Path) -> None:
    """Fit ``create()`` on ``data`` and run every check of the kit (``folder`` holds the save/load round trip)."""
    model = create().fit(data)
    assert model is not None, "fit() must return the fitted generator (self)"
    check_shapes(model, data)
    check_seeds(model)
    check_schema(model, data)
    check_pipeline_seeds(model)
    check_conditioning(model, data)
    check_save_load(model, folder)

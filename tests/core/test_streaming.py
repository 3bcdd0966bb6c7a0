"""Streaming in core: configuration, reproducible batch streams, statistics, BatchIterator."""

from __future__ import annotations

import threading

import numpy as np
import pandas as pd
import pytest

import genesis.streaming as streaming
from genesis.datasets import load_adult_sample
from genesis.errors import ConfigError, GenerationError, NotFittedError, UnknownComponentError
from genesis.streaming import (
    METADATA_COLUMNS,
    BatchIterator,
    StreamingConfig,
    StreamingGenerator,
    StreamingStats,
)


@pytest.fixture(scope="module")
def adult() -> pd.DataFrame:
    return load_adult_sample()


@pytest.fixture(scope="module")
def fitted(adult: pd.DataFrame) -> StreamingGenerator:
    return StreamingGenerator(StreamingConfig(batch_size=250, max_batches=4, seed=7)).fit(adult)


def test_every_documented_name_is_importable() -> None:
    for name in ["StreamingConfig", "StreamingStats", "StreamingGenerator", "BatchIterator", "generate_to_queue"]:
        assert getattr(streaming, name) is not None
    config = StreamingConfig()
    assert (config.batch_size, config.max_batches, config.delay_between_batches, config.include_metadata) == (
        1000, None, 0.0, True)


@pytest.mark.parametrize("kwargs", [{"batch_size": 0}, {"batch_size": -5}, {"max_batches": -1},
                                    {"delay_between_batches": -0.1}, {"seed": -3}, {"batch_size": 2.5}])
def test_invalid_configuration_is_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ConfigError):
        StreamingConfig(**kwargs)  # type: ignore[arg-type]


def test_unknown_method_names_the_available_generators(adult: pd.DataFrame) -> None:
    with pytest.raises(UnknownComponentError, match="gaussian-copula"):
        StreamingGenerator().fit(adult, method="no-such-model")


def test_generating_before_fit_is_a_clear_error() -> None:
    with pytest.raises(NotFittedError):
        StreamingGenerator().generate(5)


def test_stream_yields_max_batches_of_batch_size_with_metadata(fitted: StreamingGenerator, adult: pd.DataFrame) -> None:
    batches = list(fitted.generate_stream())
    assert [len(batch) for batch in batches] == [250] * 4
    assert list(batches[0].columns) == [*adult.columns, *METADATA_COLUMNS]
    frame = pd.concat(batches, ignore_index=True)
    assert frame["_row_index"].tolist() == list(range(1000))
    assert frame["_batch_id"].tolist() == np.repeat(np.arange(4), 250).tolist()
    assert str(frame["_generated_at"].dtype).startswith("datetime64") and frame["_generated_at"].dt.tz is not None


def test_zero_batches_yield_nothing(adult: pd.DataFrame) -> None:
    assert list(StreamingGenerator(StreamingConfig(max_batches=0)).fit(adult).generate_stream()) == []


def test_without_metadata_the_schema_is_untouched(adult: pd.DataFrame) -> None:
    generator = StreamingGenerator(StreamingConfig(batch_size=100, max_batches=2, include_metadata=False)).fit(adult)
    batch = next(generator.generate_stream())
    assert list(batch.columns) == list(adult.columns)
    assert batch.dtypes.to_dict() == adult.dtypes.to_dict()


def test_a_seeded_stream_is_reproducible(fitted: StreamingGenerator, adult: pd.DataFrame) -> None:
    other = StreamingGenerator(StreamingConfig(batch_size=250, max_batches=4, seed=7)).fit(adult)
    first = pd.concat(fitted.generate_stream()).drop(columns="_generated_at")
    second = pd.concat(other.generate_stream()).drop(columns="_generated_at")
    pd.testing.assert_frame_equal(first, second)
    assert not pd.concat(fitted.generate_stream()).iloc[:250].drop(columns="_generated_at").equals(
        pd.concat(StreamingGenerator(StreamingConfig(batch_size=250, max_batches=1, seed=8)).fit(adult)
                  .generate_stream()).drop(columns="_generated_at"))


def test_generate_returns_the_first_rows_of_the_stream(fitted: StreamingGenerator) -> None:
    head = fitted.generate(600).drop(columns="_generated_at")
    stream = pd.concat(fitted.generate_stream(), ignore_index=True).drop(columns="_generated_at")
    pd.testing.assert_frame_equal(head, stream.iloc[:600])
    assert len(fitted.generate(0)) == 0


def test_stats_count_generate_and_stream(adult: pd.DataFrame) -> None:
    generator = StreamingGenerator(StreamingConfig(batch_size=300, max_batches=3)).fit(adult)
    generator.generate(700)
    assert (generator.stats.total_samples, generator.stats.total_batches) == (700, 3)
    list(generator.generate_stream())
    assert (generator.stats.total_samples, generator.stats.total_batches) == (1600, 6)
    assert generator.stats.start_time > 0
    assert generator.stats.elapsed_time > 0 and generator.stats.samples_per_second > 0


def test_stats_are_thread_safe() -> None:
    stats = StreamingStats()
    threads = [threading.Thread(target=lambda: [stats.record(3) for _ in range(2000)]) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (stats.total_samples, stats.total_batches) == (48_000, 16_000)


def test_conditions_pass_through_and_are_honoured(fitted: StreamingGenerator) -> None:
    from genesis.conditions import ConditionSet

    conditions = ConditionSet.from_dict({"age": (">=", 60), "sex": "Female"})
    frame = pd.concat(fitted.generate_stream(conditions=conditions), ignore_index=True)
    assert len(frame) == 1000
    assert (frame["age"] >= 60).all() and (frame["sex"] == "Female").all()


def test_batch_iterator_yields_exactly_the_total(fitted: StreamingGenerator) -> None:
    batches = BatchIterator(fitted.model, total_samples=1050, batch_size=200, seed=3)
    assert len(batches) == 6
    sizes = [len(batch) for batch in batches]
    assert sizes == [200] * 5 + [50]
    again = pd.concat(list(batches), ignore_index=True)
    pd.testing.assert_frame_equal(again, pd.concat(list(batches), ignore_index=True))
    assert len(BatchIterator(fitted.model, 0)) == 0 and list(BatchIterator(fitted.model, 0)) == []


class _Exhausted:
    """A generator that has run dry: it returns no rows."""

    def generate(self, n: int, *, conditions: object = None, seed: int | None = None) -> pd.DataFrame:
        return pd.DataFrame({"x": []})


def test_batch_iterator_refuses_a_generator_returning_nothing() -> None:
    with pytest.raises(GenerationError, match="returned no rows"):
        list(BatchIterator(_Exhausted(), total_samples=10, batch_size=5))


@pytest.mark.parametrize(("total", "size"), [(-1, 10), (10, 0), (10, -2)])
def test_batch_iterator_rejects_bad_sizes(fitted: StreamingGenerator, total: int, size: int) -> None:
    with pytest.raises(ConfigError):
        BatchIterator(fitted.model, total, size)

"""generate_to_queue: off-loop generation, backpressure, the end sentinel, errors and cancellation."""

from __future__ import annotations

import asyncio
import threading
import time

import pandas as pd
import pytest

from genesis.datasets import load_adult_sample
from genesis.errors import GenerationError
from genesis.plugins import GeneratorSpec, get_plugin_manager
from genesis.streaming import END_OF_STREAM, generate_to_queue


@pytest.fixture(scope="module")
def model() -> object:
    return get_plugin_manager().get(GeneratorSpec, "gaussian_copula").create().fit(load_adult_sample())


async def _drain(queue: asyncio.Queue[object]) -> list[pd.DataFrame]:
    batches = []
    while (batch := await queue.get()) is not END_OF_STREAM:
        batches.append(batch)
    return batches


def test_all_rows_then_the_sentinel(model: object) -> None:
    async def main() -> list[pd.DataFrame]:
        queue: asyncio.Queue[object] = asyncio.Queue()
        await generate_to_queue(model, queue, total_samples=2500, batch_size=1000)
        return await _drain(queue)

    assert [len(batch) for batch in asyncio.run(main())] == [1000, 1000, 500]


class _Counting:
    """Wraps a generator and counts calls, so a test can see how far the producer ran ahead."""

    def __init__(self, inner: object, fail_after: int | None = None, delay: float = 0.0) -> None:
        self.inner, self.fail_after, self.delay = inner, fail_after, delay
        self.calls = 0
        self.lock = threading.Lock()

    def generate(self, n: int, *, conditions: object = None, seed: int | None = None) -> pd.DataFrame:
        with self.lock:
            self.calls += 1
            calls = self.calls
        if self.fail_after is not None and calls > self.fail_after:
            raise GenerationError("the model broke")
        time.sleep(self.delay)
        return self.inner.generate(n, conditions=conditions, seed=seed)  # type: ignore[attr-defined]


def test_a_full_queue_holds_the_producer_back(model: object) -> None:
    counting = _Counting(model)

    async def main() -> int:
        queue: asyncio.Queue[object] = asyncio.Queue(maxsize=1)
        task = asyncio.create_task(generate_to_queue(counting, queue, total_samples=50 * 2000, batch_size=2000))
        await asyncio.sleep(0.5)
        ran_ahead = counting.calls
        await _drain(queue)
        await task
        return ran_ahead

    assert asyncio.run(main()) <= 3  # blocks 0-1 make batch 0 (queued), block 2 batch 1 (waiting to be put)
    assert counting.calls == 8  # 100,000 rows are eight seeded blocks (genesis.pipeline.blocks)


def test_the_event_loop_keeps_running_while_batches_are_generated(model: object) -> None:
    slow = _Counting(model, delay=0.05)

    async def main() -> int:
        queue: asyncio.Queue[object] = asyncio.Queue()
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.005)

        ticking = asyncio.create_task(ticker())
        await generate_to_queue(slow, queue, total_samples=20 * 5000, batch_size=5000)
        ticking.cancel()
        return ticks

    assert asyncio.run(main()) > 20


def test_errors_reach_the_caller_after_the_sentinel(model: object) -> None:
    failing = _Counting(model, fail_after=2)

    async def main() -> tuple[list[pd.DataFrame], BaseException | None]:
        queue: asyncio.Queue[object] = asyncio.Queue()
        try:
            await generate_to_queue(failing, queue, total_samples=10_000, batch_size=1000)
        except GenerationError as error:
            return await _drain(queue), error
        return [], None

    batches, error = asyncio.run(main())
    assert len(batches) == 2  # the first two blocks hold 2,048 rows: two whole batches before the third block
    assert isinstance(error, GenerationError)


def test_cancellation_stops_generation_promptly(model: object) -> None:
    slow = _Counting(model, delay=0.05)

    async def main() -> None:
        queue: asyncio.Queue[object] = asyncio.Queue()
        task = asyncio.create_task(generate_to_queue(slow, queue, total_samples=10_000 * 100, batch_size=100))
        await asyncio.sleep(0.3)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await asyncio.sleep(0.2)
        calls_after_cancel = slow.calls
        await asyncio.sleep(0.3)
        assert slow.calls == calls_after_cancel
        assert calls_after_cancel < 20
        items = [queue.get_nowait() for _ in range(queue.qsize())]
        assert items[-1] is END_OF_STREAM

    asyncio.run(main())

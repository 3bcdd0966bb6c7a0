"""generate_to_queue: feed an asyncio queue from a generator without blocking the event loop."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from genesis.conditions import ConditionSet
from genesis.streaming.batches import BatchIterator

__all__ = ["END_OF_STREAM", "generate_to_queue"]

#: Put on the queue after the last batch, also when generation failed. Consumers stop when they get it:
#: ``while (batch := await queue.get()) is not END_OF_STREAM: ...``
END_OF_STREAM: None = None


async def generate_to_queue(generator: Any, queue: asyncio.Queue[Any], total_samples: int, batch_size: int = 1000,
                            *, seed: int | None = None,
                            conditions: ConditionSet | dict[str, Any] | None = None) -> None:
    """Put ``total_samples`` generated rows on ``queue`` in batches, then :data:`END_OF_STREAM`.

    The rows come from one run of the pipeline (:class:`~genesis.streaming.BatchIterator`); each batch is
    generated in a worker thread, so the event loop keeps serving; ``await queue.put`` makes a slow consumer
    slow the producer down (backpressure). If generation fails, the sentinel is still delivered and the error is
    raised to the caller. If the task is cancelled, generation stops after the batch in progress and the
    sentinel is delivered when the queue has room for it.
    """
    batches = iter(BatchIterator(generator, total_samples, batch_size, seed=seed, conditions=conditions))
    try:
        while (batch := await asyncio.to_thread(next, batches, END_OF_STREAM)) is not END_OF_STREAM:
            await queue.put(batch)
    except asyncio.CancelledError:
        with contextlib.suppress(asyncio.QueueFull):
            queue.put_nowait(END_OF_STREAM)
        raise
    except BaseException:
        await queue.put(END_OF_STREAM)
        raise
    await queue.put(END_OF_STREAM)

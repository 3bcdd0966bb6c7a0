"""Large responses streamed as one JSON document: small fields, then ``"data"`` batch by batch, then the run's.

A 1,000,000-row answer built in memory is hundreds of MiB of JSON and holds the GIL for seconds; streamed, the
server holds one batch at a time and generation and encoding run in worker threads between chunks, so
``/healthz`` keeps answering. The document is the same JSON a client would get in one piece (chunked transfer
encoding); only the key order differs: ``data`` comes before ``run``, whose lineage head exists only after the
last row.

The first batch is generated before the status line is sent, so an infeasible condition or any other error of
the request is still an ordinary 4xx. A failure after that (rare: later batches use the same model and
conditions) can no longer change the status; the server then ends the connection without closing the JSON, which
every JSON parser reports as truncated.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pandas as pd
from starlette.concurrency import run_in_threadpool
from starlette.responses import StreamingResponse

from genesis.api.memory import give_back_memory
from genesis.jsonsafe import dumps, encode_rows

__all__ = ["stream_document"]

logger = logging.getLogger(__name__)


def _rows_chunk(frame: pd.DataFrame, first: bool) -> bytes:
    """The rows of ``frame`` as array elements, preceded by a comma unless they open the array."""
    body = b",".join(encode_rows(frame))
    return body if first or not body else b"," + body


async def stream_document(fields: dict[str, Any], batches: Iterator[pd.DataFrame],
                          tail: Callable[[], dict[str, Any]] | None = None) -> StreamingResponse:
    """``{**fields, "data": [rows of every batch], **tail()}`` as a streamed ``application/json`` response.

    ``tail`` is called once the last batch is sent: fields only the finished run knows (its lineage head).
    """
    first = await run_in_threadpool(next, batches, None)  # errors here are still a 4xx
    head = dumps(fields)[:-1].encode() + (b',"data":[' if fields else b'"data":[')

    async def body() -> AsyncIterator[bytes]:
        yield head
        frame, opening = first, True
        while frame is not None:
            chunk = await run_in_threadpool(_rows_chunk, frame, opening)
            opening = opening and not chunk
            yield chunk
            try:
                frame = await run_in_threadpool(next, batches, None)
            except Exception:
                logger.exception("generation failed after the response started; the body is left truncated")
                raise
        closing = await run_in_threadpool(tail) if tail is not None else {}
        yield b"]" + (b"," + dumps(closing)[1:].encode() if closing else b"}")
        await run_in_threadpool(give_back_memory)

    return StreamingResponse(body(), media_type="application/json")

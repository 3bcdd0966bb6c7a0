"""The time budget of one generation request: refused up front when it would overrun, cut off if it still does.

Draws are already bounded (rows by ``max_rows``, rejection sampling by the pipeline's draw budget); this bounds
time. The first batch is generated before the response starts, so its duration gives an estimate of the whole
request: one that would take longer than the budget is refused with a 422 naming both numbers and the fix. A
request that passes the estimate and still overruns (a busy machine) is cut off between batches, which leaves
the streamed JSON unclosed, the documented signal of a failure after the status line.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Iterator

import pandas as pd

from genesis.errors import ValidationError

__all__ = ["RequestBudgetError", "within_budget"]

logger = logging.getLogger(__name__)


class RequestBudgetError(ValidationError):
    """The request would take longer than the server's per-request time budget."""


def within_budget(batches: Iterator[pd.DataFrame], n_samples: int, seconds: float) -> Iterator[pd.DataFrame]:
    """``batches`` unchanged, unless the first says the request needs more than ``seconds`` (raised before any row
    is sent) or the stream runs past ``seconds`` later (stopped between batches)."""
    started = time.monotonic()
    first = next(batches, None)
    if first is None:
        return
    took = time.monotonic() - started
    estimate = took * n_samples / max(len(first), 1)
    if estimate > seconds:
        raise RequestBudgetError(
            f"n_samples {n_samples:,} would take about {math.ceil(estimate):,} s here (the first {len(first):,} rows "
            f"took {took:.2f} s), over the budget of {seconds:g} s per request; ask for fewer rows per request, or "
            "start the server with a larger --request-seconds")
    yield first
    for batch in batches:
        if time.monotonic() - started > seconds:
            logger.warning("a request for %d rows ran past its budget of %g s; its response is cut off", n_samples,
                           seconds)
            raise RequestBudgetError(f"the request ran past its budget of {seconds:g} s")
        yield batch

"""Quality metrics for synthetic tables: fidelity, coverage, privacy and ML utility, each 0-1, higher better.

>>> from genesis.evaluation import evaluate
>>> report = evaluate(real, synthetic, seed=0)  # doctest: +SKIP
>>> report.overall, report.score("column_pair_trends")  # doctest: +SKIP

Metric names in :attr:`QualityReport.metrics`: ``column_shapes``, ``column_pair_trends``, ``null_rates``,
``coverage``, ``privacy`` and ``ml_utility``. The modules below document each formula.
"""

from genesis.evaluation.holdout import split_holdout
from genesis.evaluation.report import ColumnDetail, MetricResult, PairDetail, QualityReport
from genesis.evaluation.run import evaluate

__all__ = ["ColumnDetail", "MetricResult", "PairDetail", "QualityReport", "evaluate", "split_holdout"]

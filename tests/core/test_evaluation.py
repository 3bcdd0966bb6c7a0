"""Fidelity metrics of genesis.evaluation: shapes, pair trends, null rates, coverage, report shape and input checks."""

from __future__ import annotations

import json
import time

import numpy as np
import pandas as pd
import pytest

from genesis.errors import ConfigError, ValidationError
from genesis.evaluation import QualityReport, evaluate
from genesis.evaluation._columns import column_kinds
from genesis.evaluation.pairs import column_pairs, pairwise_correlation
from genesis.evaluation.shapes import ks_complement, range_coverage, tv_complement

FIDELITY = ("column_shapes", "column_pair_trends", "null_rates", "coverage")


def mixed_frame(n: int, seed: int) -> pd.DataFrame:
    """Correlated columns of every kind, with nulls, an identifier and a constant."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    frame = pd.DataFrame(
        {
            "customer_id": [f"C{i:06d}" for i in range(n)],
            "x": x,
            "y": 2.0 * x + rng.normal(scale=0.5, size=n),
            "age": np.clip(np.round(40 + 10 * x), 18, 90).astype("int64"),
            "band": np.where(x > 0.5, "high", np.where(x < -0.5, "low", "mid")),
            "flag": x + rng.normal(scale=0.3, size=n) > 0,
            "when": pd.Timestamp("2024-01-01", tz="UTC") + pd.to_timedelta(np.round(100 * (x + 3)), unit="D"),
            "site": "main",
        }
    )
    frame.loc[rng.random(n) < 0.1, "y"] = np.nan
    return frame


def shuffled(frame: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Each column permuted on its own: identical marginals, no dependence left."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame({name: frame[name].to_numpy()[rng.permutation(len(frame))] for name in frame.columns})


@pytest.fixture(scope="module")
def real() -> pd.DataFrame:
    return mixed_frame(600, seed=1)


def test_identical_data_scores_one(real: pd.DataFrame) -> None:
    report = evaluate(real, real.copy(), include_privacy=False, include_ml_utility=False, seed=0)
    for name in FIDELITY:
        assert report.score(name) == pytest.approx(1.0), name
    assert report.fidelity == pytest.approx(1.0)
    assert report.overall == pytest.approx(1.0)


def test_column_kinds_decide_the_metric(real: pd.DataFrame) -> None:
    report = evaluate(real, real, include_privacy=False, include_ml_utility=False)
    by_name = {detail.column: detail for detail in report.columns}
    assert by_name["x"].shape_metric == "KSComplement"
    assert by_name["when"].shape_metric == "KSComplement"
    assert by_name["band"].shape_metric == "TVComplement"
    assert by_name["flag"].coverage_metric == "CategoryCoverage"
    assert by_name["customer_id"].shape is None
    assert "unique per row" in (by_name["customer_id"].reason or "")
    assert not any("customer_id" in pair.columns or "site" in pair.columns for pair in report.pairs)


def test_independent_columns_lower_pair_trends_only(real: pd.DataFrame) -> None:
    report = evaluate(real, shuffled(real, seed=2), include_privacy=False, include_ml_utility=False)
    assert report.score("column_shapes") == pytest.approx(1.0)
    assert report.score("column_pair_trends") < 0.85
    pair = next(p for p in report.pairs if p.columns == ("x", "y"))
    assert pair.metric == "CorrelationSimilarity"
    assert pair.real is not None and pair.real > 0.9
    assert pair.synthetic is not None and abs(pair.synthetic) < 0.2
    assert pair.score < 0.6


def test_shifted_column_lowers_its_shape_and_coverage(real: pd.DataFrame) -> None:
    synthetic = real.assign(x=real["x"] * 0.2 + 3.0, band="mid")
    report = evaluate(real, synthetic, include_privacy=False, include_ml_utility=False)
    by_name = {detail.column: detail for detail in report.columns}
    assert by_name["x"].shape < 0.2
    assert by_name["x"].coverage < 0.5
    assert by_name["band"].coverage == pytest.approx(1 / 3)
    assert by_name["age"].shape == pytest.approx(1.0)


def test_null_rate_error_is_reported(real: pd.DataFrame) -> None:
    synthetic = real.assign(y=real["y"].fillna(0.0))
    report = evaluate(real, synthetic, include_privacy=False, include_ml_utility=False)
    metric = report.metrics["null_rates"]
    expected = real["y"].isna().mean()
    assert metric.details["max_abs_error"] == pytest.approx(expected)
    assert metric.score == pytest.approx(1.0 - expected / len(real.columns))


def test_elementary_metrics() -> None:
    assert ks_complement(np.array([1.0, 2.0, np.nan]), np.array([3.0, 4.0])) == 0.0
    assert ks_complement(np.array([1.0, 2.0]), np.array([np.nan])) is None
    assert tv_complement(pd.Series(["a", "a", "b", "b"]), pd.Series(["a", "a", "a", "b"])) == pytest.approx(0.75)
    assert range_coverage(np.array([0.0, 10.0]), np.array([5.0, 20.0])) == pytest.approx(0.5)


def test_pairwise_correlation_matches_pandas_with_missing_values() -> None:
    rng = np.random.default_rng(3)
    values = rng.normal(size=(500, 4)) @ rng.normal(size=(4, 4))
    values[rng.random(values.shape) < 0.15] = np.nan
    expected = pd.DataFrame(values).corr().to_numpy()
    np.testing.assert_allclose(pairwise_correlation(values), expected, atol=1e-9)


def test_pair_trends_are_fast_on_30k_rows_and_15_columns() -> None:
    rng = np.random.default_rng(4)
    frame = pd.DataFrame(rng.normal(size=(30_000, 10)), columns=[f"n{i}" for i in range(10)])
    for i in range(5):
        frame[f"c{i}"] = rng.choice(np.array(list("abcdefgh")), size=30_000)
    kinds = column_kinds(frame)
    started = time.perf_counter()
    pairs = column_pairs(frame, shuffled(frame, seed=5), kinds)
    assert time.perf_counter() - started < 2.0
    assert len(pairs) == 15 * 14 // 2


def test_to_dict_is_strict_json_with_reasons_for_missing_scores(real: pd.DataFrame) -> None:
    synthetic = real.assign(x=np.nan)
    report = evaluate(real, synthetic, include_privacy=False, include_ml_utility=False)
    payload = report.to_dict()
    text = json.dumps(payload, allow_nan=False)
    assert json.loads(text) == payload
    x = next(column for column in payload["columns"] if column["column"] == "x")
    assert x["shape"] is None
    assert x["reason"]
    assert payload["scale"] == "0-1, higher is better"
    assert set(FIDELITY) <= set(payload["metrics"])


def test_report_is_reproducible_with_a_seed(real: pd.DataFrame) -> None:
    synthetic = shuffled(real, seed=6)
    first = evaluate(real, synthetic, include_ml_utility=False, seed=7).to_dict()
    assert evaluate(real, synthetic, include_ml_utility=False, seed=7).to_dict() == first


def test_bad_inputs_raise_named_errors(real: pd.DataFrame) -> None:
    with pytest.raises(ValidationError, match="lacks the real columns: band"):
        evaluate(real, real.drop(columns=["band"]))
    with pytest.raises(ValidationError, match="synthetic must be a pandas DataFrame"):
        evaluate(real, real.to_numpy())  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="synthetic data has no rows"):
        evaluate(real, real.iloc[:0])
    with pytest.raises(ConfigError, match="target 'nope'"):
        evaluate(real, real, target="nope")


def test_report_type_is_public() -> None:
    import genesis.evaluation

    assert genesis.evaluation.QualityReport is QualityReport
    assert set(genesis.evaluation.__all__) == {
        "ColumnDetail",
        "MetricResult",
        "PairDetail",
        "QualityReport",
        "evaluate",
        "split_holdout",
    }


def test_split_holdout_keeps_every_row_once_and_is_seeded() -> None:
    from genesis.evaluation import split_holdout

    frame = pd.DataFrame({"i": range(100)})
    fitted, held = split_holdout(frame, 0.2, seed=3)
    assert (len(fitted), len(held)) == (80, 20)
    assert sorted([*fitted["i"], *held["i"]]) == list(range(100))
    assert split_holdout(frame, 0.2, seed=3)[1].equals(held)
    with pytest.raises(ConfigError, match="within"):
        split_holdout(frame, 1.5)


def test_non_string_column_labels_are_reported_as_text() -> None:
    rng = np.random.default_rng(8)
    frame = pd.DataFrame({0: rng.normal(size=60), 1: rng.choice(np.array(["a", "b"]), size=60), 2: rng.normal(size=60)})
    payload = evaluate(frame, frame, seed=0).to_dict()
    assert [column["column"] for column in payload["columns"]] == ["0", "1", "2"]
    assert {tuple(pair["columns"]) for pair in payload["pairs"]} == {("0", "1"), ("0", "2"), ("1", "2")}
    assert payload["metrics"]["column_shapes"]["score"] == pytest.approx(1.0)

"""Lineage benchmark: append rate, chain verification, Merkle proofs at 1M leaves, DataFrame hash throughput.

Run: ``uv run --all-packages python benchmarks/lineage.py`` (``--quick`` for a small smoke run). Prints a table and
writes ``benchmarks/results/lineage.json``. Targets from issue 7: inclusion proof verification O(log n) and at
most 1 ms at 1M leaves; DataFrame hashing at least 200 MB/s.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from genesis.lineage import LineageChain, hash_dataframe
from genesis.lineage.merkle import MerkleTree, leaf_hash, verify_consistency, verify_inclusion

RESULTS = Path(__file__).parent / "results" / "lineage.json"


def _chain(n: int) -> tuple[LineageChain, float]:
    chain = LineageChain()
    start = time.perf_counter()
    for i in range(n):
        chain.add_quality_check({"ks": 0.9, "step": i}, True, threshold=0.8)
    return chain, time.perf_counter() - start


def bench_chain(n: int) -> dict[str, Any]:
    chain, append_seconds = _chain(n)
    start = time.perf_counter()
    assert chain.verify()
    return {"blocks": n, "append_blocks_per_s": n / append_seconds, "verify_seconds": time.perf_counter() - start}


def bench_proofs(n_leaves: int, samples: int, seed: int) -> dict[str, Any]:
    tree = MerkleTree()
    start = time.perf_counter()
    for i in range(n_leaves):
        tree.append(i.to_bytes(8, "little"))
    build = time.perf_counter() - start
    root = tree.root()
    rng = np.random.default_rng(seed)
    indices = rng.integers(0, n_leaves, size=samples).tolist()
    proofs = [tree.inclusion_proof(i) for i in indices]
    timings = []
    for i, proof in zip(indices, proofs, strict=True):
        leaf = leaf_hash(i.to_bytes(8, "little"))
        t0 = time.perf_counter()
        ok = verify_inclusion(leaf, i, n_leaves, proof, root)
        timings.append(time.perf_counter() - t0)
        assert ok
    old = n_leaves // 3
    consistency, old_root = tree.consistency_proof(old), tree.root(old)
    consistency_timings = []
    for _ in range(samples):
        t0 = time.perf_counter()
        ok = verify_consistency(old, n_leaves, old_root, root, consistency)
        consistency_timings.append(time.perf_counter() - t0)
        assert ok
    return {
        "leaves": n_leaves,
        "tree_build_seconds": build,
        "inclusion_proof_nodes": max(len(p) for p in proofs),
        "inclusion_proof_bytes": 32 * max(len(p) for p in proofs),
        "inclusion_verify_ms_median": 1000 * statistics.median(timings),
        "inclusion_verify_ms_p99": 1000 * float(np.quantile(timings, 0.99)),
        "consistency_proof_nodes": len(consistency),
        "consistency_verify_ms_median": 1000 * statistics.median(consistency_timings),
    }


def _hash_rate(frame: pd.DataFrame, row_order: str = "ordered") -> dict[str, Any]:
    size = int(frame.memory_usage(deep=True, index=False).sum())
    start = time.perf_counter()
    hash_dataframe(frame, row_order=row_order)  # type: ignore[arg-type]
    seconds = time.perf_counter() - start
    return {"rows": len(frame), "mb": size / 1e6, "seconds": seconds, "mb_per_s": size / 1e6 / seconds}


def bench_dataframe(rows: int, seed: int) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    numeric = pd.DataFrame({
        "age": rng.integers(18, 90, rows),
        "income": rng.normal(50_000, 15_000, rows),
        "score": rng.random(rows),
        "active": rng.random(rows) < 0.5,
        "visits": rng.poisson(3.0, rows).astype("int32"),
    })
    text = pd.DataFrame({"city": pd.Series(rng.choice(["Oslo", "Lyon", "Rome", "Porto", "Graz"], rows), dtype="str")})
    return {
        "numeric": _hash_rate(numeric),
        "text": _hash_rate(text),
        "numeric_unordered_1_10": _hash_rate(numeric.iloc[: rows // 10], "unordered"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    chain_n, leaves, rows = (2_000, 20_000, 200_000) if args.quick else (100_000, 1_000_000, 10_000_000)
    results = {
        "machine": {"python": platform.python_version(), "processor": platform.machine(), "quick": args.quick},
        "chain": bench_chain(chain_n),
        "merkle": bench_proofs(leaves, samples=1_000, seed=args.seed),
        "dataframe_hash": bench_dataframe(rows, args.seed),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    c, m, d = results["chain"], results["merkle"], results["dataframe_hash"]
    table = [
        ("append rate", f"{c['append_blocks_per_s']:,.0f} blocks/s", f"{c['blocks']:,} blocks"),
        ("verify chain", f"{c['verify_seconds']:.2f} s", f"{c['blocks']:,} blocks"),
        ("inclusion proof size", f"{m['inclusion_proof_bytes']} B ({m['inclusion_proof_nodes']} nodes)",
         f"{m['leaves']:,} leaves"),
        ("inclusion verify", f"{m['inclusion_verify_ms_median']:.3f} ms median, "
                             f"{m['inclusion_verify_ms_p99']:.3f} ms p99", "target <= 1 ms"),
        ("consistency verify",
         f"{m['consistency_verify_ms_median']:.3f} ms median ({m['consistency_proof_nodes']} nodes)",
         f"{m['leaves'] // 3:,} -> {m['leaves']:,}"),
        ("DataFrame hash, numeric", f"{d['numeric']['mb_per_s']:,.0f} MB/s",
         f"{d['numeric']['rows']:,} rows, {d['numeric']['mb']:,.0f} MB; target >= 200 MB/s"),
        ("DataFrame hash, text", f"{d['text']['mb_per_s']:,.0f} MB/s",
         f"{d['text']['rows']:,} rows, {d['text']['mb']:,.0f} MB"),
        ("DataFrame hash, unordered", f"{d['numeric_unordered_1_10']['mb_per_s']:,.0f} MB/s",
         f"{d['numeric_unordered_1_10']['rows']:,} rows"),
    ]
    width = max(len(name) for name, _, _ in table)
    for name, value, note in table:
        print(f"{name:<{width}}  {value:<40} {note}")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()

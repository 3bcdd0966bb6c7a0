"""Conditional generation on UCI Adult: accepted rows/s and generated rows per accepted row.

Run: ``uv run --all-packages python benchmarks/conditional.py [--no-sdv] [--surfaces-only]``. Prints a table and
writes ``benchmarks/results/conditional.json``; first, a row per surface (``conditional_surfaces.py``: Python, CLI,
REST, WebSocket, a 0.2% compound condition against the same surface's unconditioned rate).

Per case (see ``conditional_cases.py``), on the Gaussian copula fitted to Adult (32,561 x 15):
(a) the copula's own ``generate(n, conditions=...)``, (b) ``ConditionalSampler``, (c) both guided
strategies (``iterative_refinement`` treats the copula as a black box; ``importance_sampling``
conditions in its normal-score space), (d) SDV 2.0's ``GaussianCopulaSynthesizer`` (equalities through
``sample_from_conditions``, the rest filtered; run in ``benchmarks/.venv-sdv``). Also the real rate,
the model's ``estimate_feasibility`` and the rate among the copula's unconditioned rows. Timings are
the best of three runs (one for reject-and-filter runs needing over a million rows); the JSON also
has the first call's rate, which includes preparing the condition set's region (about 0.1 s).
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import conditional_surfaces
from adult_data import load_adult
from conditional_cases import cases
from rich.console import Console
from rich.table import Table

from genesis.conditions import ConditionalSampler, ConditionSet, GuidedConditionalSampler
from genesis.errors import InfeasibleConditionError
from genesis.generators.copula import GaussianCopulaGenerator

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "conditional.json"
SDV_PYTHON = HERE / ".venv-sdv" / "bin" / "python"
N_EXACT = 10_000  # accepted rows asked of methods that condition inside the model
N_REJECT = 1_000  # ... and of methods that sample and filter
MAX_GENERATED = 20_000_000  # reject-and-filter runs estimated above this many rows are skipped
SEED = 0
METHODS = ("copula.generate", "ConditionalSampler", "importance_sampling", "iterative_refinement")
console = Console(width=170)


def _timed(run: Any, repeats: int) -> tuple[float, float, Any]:
    """Best and first wall time of ``repeats`` runs (the first includes planning a new condition set)."""
    times, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return min(times), times[0], result


def _measure(run: Any, n: int, rate: float, filters: bool) -> dict[str, Any]:
    """Time ``run() -> (rows, generated)``; reject-and-filter runs that would need too many rows are skipped."""
    expected = n / max(rate, 1e-12) if filters else n
    if expected > MAX_GENERATED:
        return {"skipped": f"needs ~{expected:,.0f} generated rows"}
    try:
        seconds, first, (rows, generated) = _timed(run, 1 if expected > 1_000_000 else 3)
    except InfeasibleConditionError as error:
        return {"infeasible": str(error)}
    return {
        "n": n,
        "seconds": seconds,
        "rows_per_s": n / seconds,
        "first_call_rows_per_s": n / first,
        "generated_per_accepted": generated / len(rows),
    }


def bench(adult: Any) -> dict[str, Any]:
    copula = GaussianCopulaGenerator().fit(adult)
    copula.generate(1_000, seed=SEED)  # warm up
    seconds, _, _ = _timed(lambda: copula.generate(N_EXACT, seed=SEED), 3)
    unconditioned = N_EXACT / seconds
    sampler = ConditionalSampler(adult, generator=copula)
    guided = {s: GuidedConditionalSampler(s).fit(adult) for s in ("iterative_refinement", "importance_sampling")}
    reference = copula.generate(1_000_000, seed=SEED + 1)
    out: dict[str, Any] = {"unconditioned_rows_per_s": unconditioned, "cases": {}}
    for name, conditions, _ in cases(adult):
        cs = ConditionSet.from_dict(conditions)
        real = float(cs.mask(adult).mean())
        model_rate = float(cs.mask(reference).mean())
        entry: dict[str, Any] = {
            "conditions": conditions,
            "real_rate": real,
            "model_rate_sampled": model_rate,
            "estimate_feasibility": sampler.estimate_feasibility(cs),
        }

        def copula_generate(n: int, cs: ConditionSet = cs) -> tuple[Any, int]:
            rows = copula.generate(n, conditions=cs, seed=SEED)
            return rows, n  # the generator does not report what it drew: see the "method" note

        def conditional_sampler(n: int, cs: ConditionSet = cs) -> tuple[Any, int]:
            rows = sampler.sample(cs, n, seed=SEED)
            return rows, sampler.last_stats.candidates

        def strategy(name: str, n: int, cs: ConditionSet = cs) -> tuple[Any, int]:
            rows = guided[name].sample(copula, n, cs, seed=SEED)
            return rows, guided[name].last_stats.candidates

        entry["copula.generate"] = _measure(lambda: copula_generate(N_REJECT), N_REJECT, model_rate, True)
        entry["ConditionalSampler"] = _measure(lambda: conditional_sampler(N_EXACT), N_EXACT, model_rate, False)
        entry["importance_sampling"] = _measure(
            lambda: strategy("importance_sampling", N_EXACT), N_EXACT, model_rate, False
        )
        entry["iterative_refinement"] = _measure(
            lambda: strategy("iterative_refinement", N_REJECT), N_REJECT, model_rate, True
        )
        for method in METHODS:
            if "rows_per_s" in entry[method]:
                entry[method]["vs_unconditioned"] = entry[method]["rows_per_s"] / unconditioned
        entry["copula.generate"].pop("generated_per_accepted", None)
        out["cases"][name] = entry
        console.print(f"done: {name}")
    return out


def sdv() -> dict[str, Any] | None:
    subprocess.run(["bash", str(HERE / "setup_sdv.sh")], check=True)
    done = subprocess.run([str(SDV_PYTHON), str(HERE / "conditional_sdv.py")], capture_output=True, text=True)
    if done.returncode != 0:
        console.print(f"[red]SDV side failed:[/]\n{done.stderr[-2000:]}")
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def _cell(entry: dict[str, Any] | None) -> str:
    if not entry:
        return "-"
    if "skipped" in entry or "infeasible" in entry:
        return "skipped" if "skipped" in entry else "infeasible"
    ratio = f" ({entry['vs_unconditioned']:.0%})" if "vs_unconditioned" in entry else ""
    per = f", {entry['generated_per_accepted']:.1f}/row" if "generated_per_accepted" in entry else ""
    return f"{entry['rows_per_s']:,.0f}{ratio}{per}"


def report(results: dict[str, Any]) -> None:
    genesis, sdv_side = results["genesis"], results.get("sdv") or {"cases": {}}
    table = Table(title=f"Accepted rows/s (share of unconditioned {genesis['unconditioned_rows_per_s']:,.0f} rows/s), "
                        "generated rows per accepted row")  # fmt: skip
    for column in ("case", "real", "model", "feasibility", "(a) copula.generate", "(b) ConditionalSampler",
                   "(c) importance_sampling", "(c) iterative_refinement", "(d) SDV"):  # fmt: skip
        table.add_column(column, justify="left" if column == "case" else "right")
    for name, entry in genesis["cases"].items():
        table.add_row(
            name,
            f"{entry['real_rate']:.3%}",
            f"{entry['model_rate_sampled']:.3%}",
            f"{entry['estimate_feasibility']:.3%}",
            *(_cell(entry[m]) for m in METHODS),
            _cell(sdv_side["cases"].get(name)),
        )
    console.print(table)
    if results.get("sdv"):
        console.print(f"SDV unconditioned: {results['sdv']['unconditioned_rows_per_s']:,.0f} rows/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-sdv", action="store_true", help="skip the SDV side (no bench venv needed)")
    parser.add_argument("--surfaces-only", action="store_true",
                        help="only the per-surface rows (Python, CLI, REST, WebSocket; conditional_surfaces.py)")
    args = parser.parse_args()
    conditional_surfaces.main()
    if args.surfaces_only:
        return
    adult = load_adult()
    results: dict[str, Any] = {
        "machine": {"python": sys.version.split()[0], "platform": platform.platform()},
        "settings": {"n_exact": N_EXACT, "n_reject": N_REJECT, "seed": SEED, "max_generated": MAX_GENERATED},
        "genesis": bench(adult),
        "sdv": None if args.no_sdv else sdv(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, default=str))
    report(results)
    console.print(f"wrote {RESULTS.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()

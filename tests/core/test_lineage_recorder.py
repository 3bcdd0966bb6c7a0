"""LineageRecorder: a run observed through the lifecycle hooks becomes a verifiable chain and proof bundle."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from genesis.lineage import LineageChain, LineageRecorder, generate_key, record_lineage, verify_bundle
from genesis.plugins.hookspecs import hookimpl
from genesis.plugins.manager import GenesisPluginManager, get_plugin_manager
from genesis.plugins.types import BatchInfo, RunInfo, RunResult

REAL = pd.DataFrame({"age": [31, 45, 27], "city": ["Oslo", "Lyon", "Rome"]})
SYNTHETIC = pd.DataFrame({"age": [30, 44], "city": ["Oslo", "Rome"]})


def _run(pm: GenesisPluginManager, run_id: str = "run-1", *, fail: bool = False) -> RunInfo:
    run = RunInfo(run_id=run_id, method="gaussian-copula", n_samples=2, seed=11, parameters={"batch_size": 1})
    pm.hook.genesis_run_started(run=run)
    for i in range(2):
        pm.hook.genesis_batch_emitted(run=run, batch=BatchInfo(batch_id=i, rows=1, first_row=i, elapsed=0.01))
    if fail:
        pm.hook.genesis_run_failed(run=run, error=RuntimeError("sink closed"))
    else:
        pm.hook.genesis_run_finished(run=run, result=RunResult(total_rows=2, total_batches=2, elapsed=0.02))
    return run


def test_a_run_produces_a_chain_and_a_bundle_that_verifies_in_a_fresh_process(tmp_path: Path) -> None:
    key = generate_key()
    path = tmp_path / "run.lineage.json"
    recorder = LineageRecorder(path, signing_key=key)
    pm = get_plugin_manager()
    pm.register(recorder)
    recorder.record_source(REAL, "patients")
    _run(pm)

    chain = LineageChain.load(path, public_key=key.public_key())
    assert [b.block_type for b in chain.blocks] == ["source", "run_started", "batch", "batch", "generation"]
    assert chain.verify_data(REAL, 0)
    assert "Oslo" not in path.read_text()
    bundle = recorder.bundle_path
    assert bundle.name == "run.lineage.proof.json"
    # Only the bundle goes to the third party: copy it alone to a new folder and check it in a new interpreter.
    alone = tmp_path / "elsewhere"
    alone.mkdir()
    (alone / bundle.name).write_bytes(bundle.read_bytes())
    code = "import sys; from genesis.lineage import verify_bundle; sys.exit(0 if verify_bundle(sys.argv[1]) else 1)"
    done = subprocess.run([sys.executable, "-c", code, str(alone / bundle.name)], cwd=alone, timeout=120)
    assert done.returncode == 0


def test_a_failed_run_is_recorded(tmp_path: Path) -> None:
    path = tmp_path / "failed.json"
    pm = get_plugin_manager()
    pm.register(LineageRecorder(path))
    _run(pm, fail=True)
    chain = LineageChain.load(path)
    assert chain.blocks[-1].block_type == "run_failed"
    assert chain.blocks[-1].content["error_type"] == "RuntimeError"


def test_the_file_is_written_even_when_another_plugin_fails(tmp_path: Path) -> None:
    class Broken:
        @hookimpl
        def genesis_run_finished(self, run: RunInfo, result: RunResult) -> None:
            raise RuntimeError("reporter crashed")

    path = tmp_path / "run.json"
    pm = get_plugin_manager()
    pm.register(LineageRecorder(path))
    pm.register(Broken())
    with pytest.raises(RuntimeError, match="reporter crashed"):
        _run(pm)
    assert LineageChain.load(path).blocks[-1].block_type == "generation"


def test_runs_append_to_one_signed_log(tmp_path: Path) -> None:
    key = generate_key()
    path = tmp_path / "log.json"
    with record_lineage(path, signing_key=key) as recorder:
        _run(get_plugin_manager(), "a")
    first = LineageChain.load(path, public_key=key.public_key())
    assert not get_plugin_manager().pm.is_registered(recorder)
    with record_lineage(path, signing_key=key):
        _run(get_plugin_manager(), "b")
    second = LineageChain.load(path, public_key=key.public_key())
    assert len(second) == 2 * len(first)
    assert second.verify_checkpoint(first.checkpoints[-1], key.public_key())
    assert verify_bundle(path.with_name("log.proof.json"), public_key=key.public_key()).ok


def test_recording_stops_outside_the_switch(tmp_path: Path) -> None:
    path = tmp_path / "log.json"
    with record_lineage(path):
        pass
    _run(get_plugin_manager())
    assert not path.exists()


def test_a_streamed_run_is_recorded_end_to_end(tmp_path: Path) -> None:
    from genesis.pipeline import GenerationRequest, Pipeline, fit
    from genesis.sinks.memory import MemorySink

    key = generate_key()
    path = tmp_path / "stream.lineage.json"
    sink = MemorySink()
    with record_lineage(path, signing_key=key) as recorder:
        recorder.record_source(REAL, "patients")
        report = Pipeline(fit(REAL)).into_sink(GenerationRequest(4, 5, batch_size=2), sink, surface="test")
        recorder.record_output(sink.frame(), run_id=report.run_id)
    chain = LineageChain.load(path, public_key=key.public_key())
    assert [b.block_type for b in chain.blocks][-4:] == ["batch", "batch", "generation", "output"]
    assert chain.blocks[-2].content["n_samples"] == 4
    assert chain.verify_data(sink.frame(), len(chain) - 1)
    assert verify_bundle(recorder.bundle_path, public_key=key.public_key()).ok

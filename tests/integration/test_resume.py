"""A run killed with SIGKILL mid-way, then resumed, ends with exactly one record set per planned measurement."""
import json
import os
import signal
import subprocess
import time

from conftest import BIN, assert_one_complete_set_per_measurement, records, schema_problems, vcbench


def wait_for_records(path, at_least, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if path.exists() and path.read_text().count("\n") >= at_least:
            return
        time.sleep(0.05)
    raise AssertionError(f"fewer than {at_least} records after {timeout} s")


def test_sigkill_then_resume(tmp_path, null_suite):
    out = tmp_path / "run"
    proc = subprocess.Popen([str(BIN / "vcbench"), "run", "--suite", str(null_suite), "--reps", "8", "--out", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    wait_for_records(out / "records.jsonl", 10)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    manifest = json.loads((out / "run.json").read_text())
    assert manifest["finished"] is None
    before = len(records(out))
    assert before < 8 * 4, "the run finished before it could be killed"
    # A kill in the middle of a write leaves a torn line; a kill between parts leaves a partial set.
    with open(out / "records.jsonl", "a") as f:
        f.write(json.dumps(records(out)[-1]).replace('"part": 1', '"part": 1')[:-1] + "\n")
        f.write('{"schema": "vcbench/result/1", "run": {"measurement": "torn')
    result = vcbench("run", "--resume", out)
    assert result.returncode == 0, result.stderr
    assert_one_complete_set_per_measurement(out)
    assert (out / "records.jsonl").read_text().endswith("\n")
    assert schema_problems(out) == []
    assert json.loads((out / "run.json").read_text())["finished"] is not None


def test_resume_of_a_finished_run_measures_nothing(tmp_path, null_suite):
    out = tmp_path / "run"
    assert vcbench("run", "--suite", null_suite, "--reps", 1, "--out", out).returncode == 0
    before = (out / "records.jsonl").read_text()
    assert vcbench("run", "--resume", out).returncode == 0
    assert (out / "records.jsonl").read_text() == before


def test_resume_refuses_a_changed_suite(tmp_path, null_suite):
    out = tmp_path / "run"
    assert vcbench("run", "--suite", null_suite, "--reps", 1, "--out", out).returncode == 0
    null_suite.write_text(null_suite.read_text().replace("[1, 3]", "[1, 2]"))
    result = vcbench("run", "--resume", out)
    assert result.returncode == 2
    assert "changed since the run started" in result.stderr

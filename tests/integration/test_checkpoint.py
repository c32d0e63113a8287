"""Container checkpoint/restore (issue 9): vcb-checkpoint probes CRIU first; where `criu check` fails
(these kernels) every planned point becomes a failure record naming CRIU's own first error line."""
import json
import shutil
import subprocess

import pytest

from conftest import BIN, containers, records, schema_problems, vcbench

POINTS = {"dump_time", "restore_time", "image_size"}


def criu_error():
    """CRIU's first error line here, or None when criu check passes (or criu is missing)."""
    assert shutil.which("criu"), "criu is not installed (scripts/install-deps.sh installs it)"
    r = subprocess.run(["criu", "check"], capture_output=True, text=True, timeout=60)
    if r.returncode == 0:
        return None
    lines = [line for line in (r.stderr + r.stdout).splitlines() if line.startswith("Error")]
    return lines[0] if lines else (r.stderr + r.stdout).strip().splitlines()[0]


def leftover_checkpoint_containers(engine):
    out = subprocess.run([engine, "ps", "-a", "--format", "{{.Names}}"], capture_output=True, text=True).stdout
    return [n for n in out.splitlines() if n.startswith("vcb-checkpoint-")]


def test_probe_names_criu_failure_in_one_line(docker_engine):
    error = criu_error()
    if error is None:
        pytest.skip("criu check passes here: checkpointing can work, the failure path is not reachable")
    r = subprocess.run([str(BIN / "vcb-checkpoint"), "--environment", "podman", "--samples", "1", "--warmup", "0"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1
    said = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(said) == 1 and error in said[0] and "not supported here" in said[0], r.stderr
    recs = [json.loads(line[len("@@vcb "):]) for line in r.stdout.splitlines() if line.startswith("@@vcb ")]
    assert {x["metric"]["name"] for x in recs} == POINTS
    assert all(x["metric"]["value"] is None and not x["validation"]["passed"] for x in recs)
    assert all(error in x["detail"]["reason"] and x["detail"]["fix"] for x in recs)


def test_suite_writes_a_failure_record_per_planned_point(docker_engine, tmp_path):
    error = criu_error()
    if error is None:
        pytest.skip("criu check passes here: the suite measures instead of failing")
    out = tmp_path / "run"
    r = vcbench("run", "--suite", "checkpoint", "--quick", "--reps", "1", "--env", "docker", "--env", "podman",
                "--out", out, timeout=600)
    assert r.returncode == 1, r.stderr + r.stdout
    recs = records(out)
    assert schema_problems(out) == []
    found = {(x["environment"]["name"], x["metric"]["name"]) for x in recs}
    assert found == {(env, p) for env in ("docker", "podman") for p in POINTS}
    for x in recs:
        assert x["metric"]["value"] is None and x["validation"]["passed"] is False
        assert x["failure"] is not None and error in x["failure"]["stderr_tail"]
        assert error in x["detail"]["reason"]
    for engine in ("docker", "podman"):
        assert containers(engine, out) == []
        assert leftover_checkpoint_containers(engine) == []


def test_checkpoint_of_a_non_container_environment_is_a_failure_not_a_skip():
    r = subprocess.run([str(BIN / "vcb-checkpoint"), "--environment", "native", "--samples", "1", "--warmup", "0"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1
    recs = [json.loads(line[len("@@vcb "):]) for line in r.stdout.splitlines() if line.startswith("@@vcb ")]
    assert len(recs) == 3 and all("docker and podman" in x["detail"]["reason"] for x in recs)

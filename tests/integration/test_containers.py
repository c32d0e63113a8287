"""Docker and Podman from the appliance, side by side with native, on the real engines."""
import json
import os
import signal
import subprocess
import time

import pytest

from conftest import (BIN, assert_one_complete_set_per_measurement, containers, records, schema_problems, vcbench,
                      write_suite)


@pytest.fixture
def syscall_suite(tmp_path):
    return write_suite(tmp_path / "sys.toml", """
name = "sys"
[defaults]
reps = 3
samples = 3
target_ms = 2
timeout_s = 60
[[benchmark]]
name = "lat_syscall"
params = { op = ["null", "open"] }
uses_dir = true
[[benchmark]]
name = "lat_fs"
params = { size-kb = 0, files = 50 }
uses_dir = true
""")


def test_records_say_which_environment_really_ran(tmp_path, docker_engine, syscall_suite):
    out = tmp_path / "run"
    envs = ["native", "docker", "docker/unconfined", "docker/bind", "podman"]
    result = vcbench("run", "--suite", syscall_suite, *sum((["--env", e] for e in envs), []), "--out", out)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    assert schema_problems(out) == []
    assert_one_complete_set_per_measurement(out)
    rs = records(out)
    assert {r["environment"]["name"] for r in rs} == set(envs)
    assert len({r["environment"]["appliance"] for r in rs}) == 1, "every environment ran the same bits"
    for r in rs:
        env = r["environment"]
        assert r["validation"]["passed"], (env["name"], r["validation"])
        seccomp = r["context"]["seccomp"]
        if env["name"] in ("docker", "docker/bind", "podman"):
            assert seccomp == 2, env["name"]
            assert env["engine_version"] and env["storage_driver"]
        if env["name"] == "docker/unconfined":
            assert seccomp == 0
        assert r["context"]["cpus_allowed"] == env["resources"]["cpus"]
    fs_types = {r["environment"]["name"]: r["detail"]["filesystem"]["type"] for r in rs
                if r["benchmark"]["name"] == "lat_fs"}
    for name in ("docker", "docker/unconfined", "podman"):
        assert fs_types[name] == "overlay", fs_types
    assert fs_types["docker/bind"] == fs_types["native"] != "overlay", fs_types
    assert containers("docker", out) == [] and containers("podman", out) == []


def test_startup_suite_times_every_environment(tmp_path, docker_engine):
    out = tmp_path / "run"
    result = vcbench("run", "--suite", "startup", "--reps", 3, "--env", "native", "--env", "docker", "--env", "podman",
                     "--out", out)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    assert schema_problems(out) == []
    seen = set()
    for r in records(out):
        assert r["validation"]["passed"] and r["metric"]["value"] > 0
        seen.add((r["environment"]["name"], r["benchmark"]["params"]["launch"], r["metric"]["name"]))
    assert seen == {(e, l, m) for e in ("native", "docker", "podman") for l in ("fresh", "resident")
                    for m in ("to_first_instruction", "to_exit")}
    assert containers("docker", out) == [] and containers("podman", out) == []


def test_a_crashing_kernel_leaves_no_container(tmp_path, docker_engine):
    suite = write_suite(tmp_path / "crash.toml", """
name = "crash"
[defaults]
reps = 2
samples = 2
target_ms = 1
timeout_s = 5
[[benchmark]]
name = "null"
params = { mode = ["crash", "hang"] }
""")
    out = tmp_path / "run"
    result = vcbench("run", "--suite", suite, "--env", "docker", "--env", "podman", "--out", out)
    assert result.returncode == 1
    assert schema_problems(out) == []
    assert containers("docker", out) == [] and containers("podman", out) == []


def test_sigint_stops_the_containers_and_leaves_a_resumable_run(tmp_path, docker_engine, syscall_suite):
    out = tmp_path / "run"
    proc = subprocess.Popen([str(BIN / "vcbench"), "run", "--suite", str(syscall_suite), "--env", "native",
                             "--env", "docker", "--reps", "20", "--out", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline and not ((out / "records.jsonl").exists() and len(records(out)) >= 6):
        time.sleep(0.1)
    assert containers("docker", out), "the resident container should be up while the run measures"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "--resume" in err
    assert containers("docker", out) == []
    assert json.loads((out / "run.json").read_text())["finished"] is None


def test_engine_down_is_bad_input_with_the_fix(tmp_path, syscall_suite):
    out = tmp_path / "run"
    env = dict(os.environ, DOCKER_HOST="unix:///nonexistent/docker.sock")
    result = vcbench("run", "--suite", syscall_suite, "--env", "docker", "--out", out, env=env)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "scripts/start-docker.sh" in result.stderr
    assert not out.exists()

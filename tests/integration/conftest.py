"""Shared helpers: run the real vcbench binaries built by CMake and check what they write."""
import json
import os
import pathlib
import subprocess
import sys

import pytest

SOURCE = pathlib.Path(os.environ.get("VCBENCH_SOURCE", pathlib.Path(__file__).resolve().parents[2]))
BIN = pathlib.Path(os.environ.get("VCBENCH_BIN", SOURCE / "build" / "bin"))
sys.path.insert(0, str(SOURCE / "results"))

import validate  # noqa: E402  (results/validate.py: the record schema checker)


# KVM boots in about a second where it works; on these hosts /dev/kvm opens but guests hang, so a
# short probe keeps the KVM tests quick without changing the decision (TCG).
KVM_ENV = {**os.environ, "VCBENCH_KVM_PROBE_TIMEOUT": "8"}


def qemus_of(pid, name="vcb-.*"):
    """QEMU processes started by the harness with that pid (their -name ends in -h<pid>)."""
    r = subprocess.run(["pgrep", "-f", f"qemu-system.*{name}-h{pid},"], capture_output=True, text=True)
    return r.stdout.split()


def vcbench(*args, timeout=900, **kwargs):
    """Runs build/bin/vcbench with args; returns the CompletedProcess (text mode)."""
    return subprocess.run([str(BIN / "vcbench"), *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, **kwargs)


def records(folder):
    path = pathlib.Path(folder) / "records.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()]


def schema_problems(folder):
    """Every schema violation of every record in folder, as strings (empty = all valid)."""
    schema = json.loads((SOURCE / "results" / "record.schema.json").read_text())
    checker = validate.jsonschema.Draft7Validator(schema)
    return [f"{n}: {e.message}" for n, r in enumerate(records(folder), 1) for e in checker.iter_errors(r)]


def planned(folder):
    return json.loads((pathlib.Path(folder) / "run.json").read_text())["matrix"]


def groups(folder):
    """measurement key -> list of its records."""
    out = {}
    for r in records(folder):
        out.setdefault(r["run"]["measurement"], []).append(r)
    return out


def assert_one_complete_set_per_measurement(folder):
    keys = [m["measurement"] for m in planned(folder)]
    found = groups(folder)
    assert sorted(found) == sorted(keys), "measurements missing or extra"
    for key, rs in found.items():
        parts = sorted(r["run"]["part"] for r in rs)
        assert parts == list(range(1, rs[0]["run"]["parts"] + 1)), f"{key}: parts {parts}"


def write_suite(path, text):
    path.write_text(text)
    return path


@pytest.fixture
def null_suite(tmp_path):
    """A tiny suite of the null kernel: fast enough to run many times in tests."""
    return write_suite(tmp_path / "tiny.toml", """
name = "tiny"
[defaults]
samples = 3
target_ms = 1
timeout_s = 20
[[benchmark]]
name = "null"
params = { records = [1, 3] }
""")


def containers(engine, folder):
    """Names of the containers (running or not) that the run in `folder` made on `engine`. Other runs
    on the same host (a developer's, a parallel test) have other run ids and are not counted."""
    run_id = json.loads((pathlib.Path(folder) / "run.json").read_text())["id"]
    tag = "".join(c if c.isalnum() else "-" for c in run_id)
    out = subprocess.run([engine, "ps", "-a", "--filter", "label=org.vcbench=1", "--format", "{{.Names}}"],
                         capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if tag in line]


@pytest.fixture(scope="session")
def docker_engine():
    """A running Docker engine, started the way the README's commands start it."""
    subprocess.run([str(SOURCE / "scripts" / "start-docker.sh")], check=True, timeout=60)
    return "docker"

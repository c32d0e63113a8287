"""MPI runs submitted through a real Slurm (slurmctld + slurmd on this host, started by the project's
own script): the harness writes the batch script, submits it, waits and collects the records."""
import subprocess

import pytest

from conftest import SOURCE, records, schema_problems, vcbench, write_suite

SUITE = """
name = "slurm_smoke"
[defaults]
reps = 1
samples = 1
warmup = 0
timeout_s = 300
[[benchmark]]
name = "npb_cg"
mpi = "power-of-two"
params = { class = "S", ranks = 2 }
[[benchmark]]
name = "npb_is"
mpi = "power-of-two"
params = { class = "S", ranks = 2 }
"""


@pytest.fixture(scope="module")
def slurm():
    r = subprocess.run([str(SOURCE / "scripts" / "start-slurm.sh")], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return True


def test_scale_out_run_through_sbatch(tmp_path, slurm, docker_engine):
    suite = write_suite(tmp_path / "s.toml", SUITE)
    out = tmp_path / "run"
    r = vcbench("run", "--suite", suite, "--scheduler", "slurm", "--ranks-per-node", "2", "--env", "native",
                "--env", "docker", "--out", out)
    assert r.returncode == 0, r.stderr + r.stdout[-2000:]
    rs = records(out)
    assert len(rs) == 4 and all(x["validation"]["passed"] for x in rs), [x["validation"] for x in rs]
    assert schema_problems(out) == []
    for x in rs:
        mpi = x["environment"]["mpi"]
        assert mpi["scheduler"] == "slurm" and mpi["job_state"] == "COMPLETED"
        assert mpi["job_id"].isdigit()
        assert x["benchmark"]["params"]["nodes"] == 1 and x["benchmark"]["params"]["ranks"] == 2
    # Batch scripts and job output lived in the run's scratch folder, removed when the run ended.
    assert not (out / "scratch").exists()


def test_slurm_down_is_one_line_with_the_fix(tmp_path):
    suite = write_suite(tmp_path / "s.toml", SUITE)
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "SLURM_CONF": str(tmp_path / "missing.conf")}
    r = vcbench("run", "--suite", suite, "--scheduler", "slurm", "--out", tmp_path / "run", env=env)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "start-slurm.sh" in lines[0], r.stderr
    assert not (tmp_path / "run").exists()

"""MPI scale-out through the harness: the NAS-style, OSU-style and Graph500-style suites under the
real Open MPI, natively and with one container per rank; three emulated nodes (network namespaces
this test creates) reached through mpirun's remote-start agent; bad layouts refused before launch.
Correctness only: every kernel verifies its own answer; no timing is asserted."""
import pytest

from conftest import BIN, records, schema_problems, vcbench, write_suite
from netns_cluster import Cluster


def passed_records(folder):
    rs = records(folder)
    assert rs, "no records"
    failed = [(r["environment"]["name"], r["benchmark"]["instance"], r["validation"]["detail"],
               (r.get("failure") or {}).get("stderr_tail", "")[-400:]) for r in rs if not r["validation"]["passed"]]
    assert not failed, failed
    assert schema_problems(folder) == []
    return rs


def test_npb_quick_native_and_docker(tmp_path, docker_engine):
    out = tmp_path / "run"
    r = vcbench("run", "--suite", "npb", "--quick", "--reps", "1", "--env", "native", "--env", "docker", "--out", out)
    assert r.returncode == 0, r.stderr + r.stdout[-2000:]
    rs = passed_records(out)
    seen = {(x["benchmark"]["name"], x["benchmark"]["params"]["ranks"], x["environment"]["name"]) for x in rs}
    for kernel in ("npb_ep", "npb_cg", "npb_mg", "npb_ft", "npb_is"):
        for ranks in (1, 2):
            for env in ("native", "docker"):
                assert (kernel, ranks, env) in seen
    for x in rs:
        mpi = x["environment"]["mpi"]
        assert mpi["launcher"] == "mpirun" and mpi["scheduler"] == "none"
        assert mpi["ranks"] == x["benchmark"]["params"]["ranks"]
        assert x["metric"]["unit"] == "Mop/s" and x["metric"]["value"] > 0
        if x["environment"]["name"] == "docker":
            settings = mpi["settings"]
            assert settings["network"].startswith("host") and settings["ipc"].startswith("host")
            assert settings["pid"].startswith("host") and "SYS_PTRACE" in settings["cap_add"]
            assert "vcb-rank-env" in " ".join(mpi["command"])
    # The same bits ran in both environments.
    assert len({x["environment"]["appliance"] for x in rs}) == 1
    report = vcbench("report", out)
    assert report.returncode == 0, report.stderr


def test_osu_quick_native_and_docker(tmp_path, docker_engine):
    out = tmp_path / "run"
    r = vcbench("run", "--suite", "osu", "--quick", "--reps", "1", "--env", "native", "--env", "docker", "--out", out)
    assert r.returncode == 0, r.stderr + r.stdout[-2000:]
    rs = passed_records(out)
    for env in ("native", "docker"):
        def value(name, size):
            [x] = [x for x in rs if x["environment"]["name"] == env and x["benchmark"]["name"] == name
                   and x["benchmark"]["params"]["size_bytes"] == size]
            return x["metric"]["value"]
        # Sane, not timed: latency positive, bandwidth at 1 MiB above bandwidth at 1 byte.
        assert value("osu_latency", 0) > 0 and value("osu_latency", 1048576) > value("osu_latency", 1)
        assert value("osu_bw", 1048576) > value("osu_bw", 1)
        assert value("osu_bibw", 1048576) > value("osu_bibw", 1)
        sizes = sorted(x["benchmark"]["params"]["size_bytes"] for x in rs
                       if x["environment"]["name"] == env and x["benchmark"]["name"] == "osu_latency")
        assert sizes == [0] + [2 ** k for k in range(21)]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    c = Cluster(tmp_path_factory.mktemp("cluster"), nodes=3).up()
    yield c
    c.down()


THREE_NODE_SUITE = """
name = "three_nodes"
[defaults]
reps = 1
samples = 1
warmup = 0
timeout_s = 300
[[benchmark]]
name = "npb_ep"
mpi = "any"
params = { class = "S", ranks = 1 }
[[benchmark]]
name = "graph500"
mpi = "any"
params = { scale = 10, roots = 8, ranks = 1 }
[[benchmark]]
name = "osu_allreduce"
program = "vcb-osu"
mpi = "at-least-two"
params = { op = "allreduce", max-size = 4096, ranks = 1 }
"""


def test_three_nodes_native_and_one_container_per_node(tmp_path, cluster):
    suite = write_suite(tmp_path / "three.toml", THREE_NODE_SUITE)
    out = tmp_path / "run"
    r = cluster.run_in_first_node([BIN / "vcbench", "run", "--suite", suite, "--nodes", cluster.hostfile,
                                   "--ranks-per-node", "1", "--env", "native", "--env", "podman",
                                   "--env", "charliecloud", "--out", out, "--mpirun-args", cluster.mpirun_args()],
                                  timeout=900)
    assert r.returncode == 0, r.stderr + r.stdout[-2000:]
    rs = passed_records(out)
    assert {x["environment"]["name"] for x in rs} == {"native", "podman", "charliecloud"}
    for x in rs:
        assert x["benchmark"]["params"]["nodes"] == 3 and x["benchmark"]["params"]["ranks"] == 3
        assert x["environment"]["mpi"]["hostfile"] == str(cluster.hostfile)
    # mpirun ran in node 0 and started daemons on the two other "nodes" through the agent.
    assert set(cluster.addresses[1:]) <= cluster.agent_hosts()


def test_unreachable_host_is_refused_before_launch(tmp_path, cluster):
    hostfile = tmp_path / "hosts"
    hostfile.write_text(f"{cluster.addresses[0]} slots=1\n10.77.0.99 slots=1\n")
    out = tmp_path / "run"
    r = cluster.run_in_first_node([BIN / "vcbench", "run", "--suite", "npb", "--quick", "--nodes", hostfile,
                                   "--out", out, "--mpirun-args", cluster.mpirun_args()], timeout=120)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "10.77.0.99" in lines[0] and "unreachable" in lines[0], r.stderr
    assert not out.exists()


def test_rank_count_a_kernel_cannot_use_is_refused(tmp_path, cluster):
    out = tmp_path / "run"
    r = cluster.run_in_first_node([BIN / "vcbench", "run", "--suite", "npb", "--quick", "--nodes", cluster.hostfile,
                                   "--ranks-per-node", "1", "--out", out, "--mpirun-args", cluster.mpirun_args()],
                                  timeout=120)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "npb_cg" in lines[0] and "power-of-two" in lines[0], r.stderr
    assert not out.exists()


def test_unknown_class_is_refused_before_launch(tmp_path):
    suite = write_suite(tmp_path / "bad.toml", """
name = "bad"
[[benchmark]]
name = "npb_cg"
mpi = "power-of-two"
choices = { class = ["S", "W", "A", "B"] }
params = { class = "Q", ranks = 2 }
""")
    out = tmp_path / "run"
    r = vcbench("run", "--suite", suite, "--out", out)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "class=Q" in lines[0] and "S, W, A, B" in lines[0], r.stderr
    assert not out.exists()


def test_mpi_flags_need_an_mpi_suite(tmp_path, null_suite):
    r = vcbench("run", "--suite", null_suite, "--ranks-per-node", "2", "--out", tmp_path / "run")
    assert r.returncode == 2 and "MPI suites" in r.stderr

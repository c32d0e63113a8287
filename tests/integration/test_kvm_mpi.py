"""MPI scale-out in VMs: one guest per node, the ranks inside, the guests networked to each other
(TCG on the development host). A 2-node run boots two networked guests, mpirun in the first starts
the daemon of the second through the guests' remote-start service, and every guest is gone after."""
import subprocess
import time

from conftest import BIN, KVM_ENV, qemus_of, records, schema_problems, write_suite

ENV = KVM_ENV


def test_two_nodes_are_two_networked_guests_with_mpirun_inside_the_first(tmp_path):
    suite = write_suite(tmp_path / "vm_nodes.toml", """
name = "vm_nodes"
[defaults]
reps = 1
samples = 1
warmup = 0
timeout_s = 600
[[benchmark]]
name = "npb_ep"
mpi = "any"
params = { class = "S", ranks = 2, nodes = 2 }
[[benchmark]]
name = "osu_latency"
program = "vcb-osu"
mpi = "two"
# OSU's 10000 round trips per size take minutes over an emulated network; 200 show the same thing.
params = { op = "latency", max-size = 1024, ranks = 2, nodes = 2, iters = 200 }
""")
    out = tmp_path / "run"
    started = time.time()
    p = subprocess.Popen([str(BIN / "vcbench"), "run", "--suite", str(suite), "--env", "kvm/tuned", "--out", str(out)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    stdout, stderr = p.communicate(timeout=900)
    print(f"vcbench run took {time.time() - started:.0f} s")
    assert p.returncode == 0, stderr + stdout
    assert qemus_of(p.pid) == []  # neither the resident guest nor the MPI guests outlive the run
    assert schema_problems(out) == []
    rs = records(out)
    assert {r["benchmark"]["name"] for r in rs} == {"npb_ep", "osu_latency"}
    for r in rs:
        assert r["validation"]["passed"], r["validation"]
        env = r["environment"]
        assert env["accel"] == "tcg"  # the probe proved KVM unusable here
        mpi = env["mpi"]
        assert mpi["launcher"] == "mpirun inside the environment"
        assert mpi["ranks"] == 2 and mpi["nodes"] == 2
        settings = mpi["settings"]
        assert settings["guests"] == 2
        assert settings["addresses"] == ["10.78.0.1", "10.78.0.2"]
        assert settings["accel"] == "tcg"
        assert "127.0.0.1" in settings["network"]
        assert "vcb-guest-rsh" in settings["remote_start"]
        assert all(g["vcpus"] >= 1 and g["memory_mb"] > 0 for g in settings["guest"])
        assert "10.78.0.1:1,10.78.0.2:1" in settings["command"]
        # kvm/tuned: every guest's vCPU threads pinned as planned, read back from /proc.
        assert len(settings["binding"]) == 2
        for guest in settings["binding"]:
            assert guest["verified"] is True
            assert [t["cpus_allowed"] for t in guest["vcpu_threads"]] == [str(c) for c in guest["cpus"]]
    # The guests were booted once and reused by the second benchmark.
    assert {r["environment"]["mpi"]["settings"]["boots"] for r in rs} == {1}

"""The KVM launcher with real QEMU (TCG on the development host): guests boot from the appliance, run
kernels unchanged, say which acceleration they used, survive a hung kernel, and leave no QEMU behind."""
import signal
import subprocess
import time

from conftest import BIN, KVM_ENV, qemus_of, records, schema_problems, write_suite


ENV = KVM_ENV


def run_vcbench(*args, timeout=600, env=None):
    """Runs vcbench; returns (returncode, stdout, stderr, pid): the pid finds its QEMU processes."""
    p = subprocess.Popen([str(BIN / "vcbench"), *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, env={**ENV, **(env or {})})
    out, err = p.communicate(timeout=timeout)
    return p.returncode, out, err, p.pid


def test_micro_records_under_tcg_match_native_and_tuned_pins_its_vcpus(tmp_path):
    suite = write_suite(tmp_path / "tiny.toml", """
name = "tiny"
[defaults]
samples = 3
target_ms = 5
timeout_s = 120
[[benchmark]]
name = "null"
params = { records = [1] }
[[benchmark]]
name = "lat_syscall"
params = { op = ["null"] }
uses_dir = true
""")
    out = tmp_path / "run"
    rc, stdout, stderr, pid = run_vcbench("run", "--suite", suite, "--env", "native", "--env", "kvm/naive",
                                          "--env", "kvm/tuned", "--reps", 2, "--out", out)
    assert rc == 0, stderr + stdout
    assert qemus_of(pid) == []
    assert schema_problems(out) == []
    rs = records(out)
    assert len({r["environment"]["appliance"] for r in rs}) == 1  # the same bits everywhere
    kvm = [r for r in rs if r["environment"]["kind"] == "kvm"]
    assert {r["environment"]["name"] for r in kvm} == {"kvm/naive", "kvm/tuned"}
    assert all(r["validation"]["passed"] for r in rs)
    for r in kvm:
        env = r["environment"]
        assert env["accel"] == "tcg"  # the probe proved KVM unusable here
        assert "TCG" in env["warning"]
        assert env["runtime"].startswith("qemu 7.2")
        assert env["startup_s"] > 0
        assert env["numa"]["guest"]["cpus_online"] == "0-1"
    tuned = next(r["environment"] for r in kvm if r["environment"]["profile"] == "tuned")
    assert tuned["binding"]["verified"] is True
    threads = tuned["binding"]["vcpu_threads"]
    assert len(threads) == 2
    for t in threads:  # read back from /proc/<qemu>/task/<tid>/status
        assert t["cpus_allowed"] == str(t["planned"])
    assert len(tuned["numa"]["guest"]["numa_nodes"]) == len(tuned["numa"]["planned"])
    assert tuned["cpu_model"] != "host"  # -cpu host needs KVM
    naive = next(r["environment"] for r in kvm if r["environment"]["profile"] == "naive")
    assert "-cpu" not in naive["qemu_command"].split() and "-numa" not in naive["qemu_command"].split()


def test_a_hung_kernel_in_the_guest_is_a_failure_and_the_guest_goes_on(tmp_path):
    suite = write_suite(tmp_path / "hang.toml", """
name = "hang"
[defaults]
samples = 3
target_ms = 5
timeout_s = 60
[[benchmark]]
name = "null"
params = { mode = ["hang"] }
timeout_s = 3
[[benchmark]]
name = "null"
params = { mode = ["ok"] }
""")
    out = tmp_path / "run"
    # kvm/tuned with two guest NUMA nodes asked for (the host has one): the guest must see both.
    rc, stdout, stderr, pid = run_vcbench("run", "--suite", suite, "--env", "kvm/tuned", "--reps", 1, "--out", out,
                                          env={"VCBENCH_KVM_NUMA_NODES": "2"})
    assert rc == 1, stderr + stdout  # failed records, not a crashed run
    assert qemus_of(pid) == []
    assert schema_problems(out) == []
    by_mode = {}
    for r in records(out):
        by_mode.setdefault(r["benchmark"]["instance"].split("mode=")[1], []).append(r)
    assert all(not r["validation"]["passed"] for r in by_mode["hang"])
    assert all(r["validation"]["passed"] for r in by_mode["ok"])  # the kernel was killed, the guest kept serving
    assert all(r["environment"]["accel"] == "tcg" for r in records(out))
    guest = records(out)[0]["environment"]["numa"]["guest"]
    assert [n["cpus"] for n in guest["numa_nodes"]] == ["0", "1"]


def test_sigint_during_a_kernel_in_the_guest_leaves_no_qemu(tmp_path):
    suite = write_suite(tmp_path / "slow.toml", """
name = "slow"
[defaults]
samples = 3
target_ms = 5
timeout_s = 120
[[benchmark]]
name = "null"
params = { mode = ["hang"] }
""")
    p = subprocess.Popen([str(BIN / "vcbench"), "run", "--suite", str(suite), "--env", "kvm/naive", "--reps", "1",
                          "--out", str(tmp_path / "run")], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, env=ENV)
    deadline = time.time() + 120
    while time.time() < deadline and not qemus_of(p.pid, "vcb-naive"):
        time.sleep(0.2)
    assert qemus_of(p.pid, "vcb-naive"), "the guest never started"
    time.sleep(20)  # booted (about 5-15 s under TCG) and running the hanging kernel
    p.send_signal(signal.SIGINT)
    p.communicate(timeout=60)
    assert p.returncode != 0
    assert qemus_of(p.pid) == []


def test_dry_run_prints_each_profiles_qemu_command_and_pin_plan_and_runs_nothing(tmp_path):
    out = tmp_path / "run"
    rc, stdout, stderr, pid = run_vcbench("run", "--suite", "startup", "--env", "native", "--env", "docker",
                                          "--env", "charliecloud", "--env", "kvm/naive", "--env", "kvm/tuned",
                                          "--dry-run", "--out", out)
    assert rc == 0, stderr
    assert not out.exists() and qemus_of(pid) == []
    assert "\ndocker: Docker container" in stdout and "\ncharliecloud: Charliecloud" in stdout
    naive, tuned = stdout.split("\nkvm/tuned: ")
    assert "kvm/naive: accel tcg" in naive and "qemu-system-x86_64 -name vcb-naive" in naive
    assert "pinning: none" in naive and "NUMA: one flat guest node" in naive
    assert "-accel tcg" in tuned and "vCPU 0 -> CPU" in tuned and "policy=bind" in tuned
    assert "-cpu host" not in tuned  # TCG cannot pass the host CPU through


def test_require_kvm_and_bad_pci_are_one_line_errors_with_no_results(tmp_path):
    out = tmp_path / "run"
    cases = [(["--env", "kvm/naive", "--require-kvm"], "--require-kvm"),
             (["--env", "kvm/naive", "--pci", "0000:81:00.0"], "add --env kvm/tuned"),
             (["--env", "kvm/tuned", "--pci", "0000:ff:1f.7"], "no PCI device 0000:ff:1f.7"),
             (["--env", "kvm/tuned", "--pci", "81:00"], "not a PCI address")]
    for args, words in cases:
        rc, stdout, stderr, pid = run_vcbench("run", "--suite", "startup", *args, "--out", out)
        assert rc == 2, (args, stderr)
        assert words in stderr and len(stderr.strip().splitlines()) == 1, stderr
        assert not out.exists() and qemus_of(pid) == []


def test_fresh_launch_boots_a_guest_per_launch(tmp_path):
    out = tmp_path / "run"
    rc, stdout, stderr, pid = run_vcbench("run", "--suite", "startup", "--env", "kvm/naive", "--reps", 2,
                                          "--out", out)
    assert rc == 0, stderr + stdout
    assert qemus_of(pid) == []
    to_exit = {}
    for r in records(out):
        if r["metric"]["name"] == "to_exit":
            to_exit.setdefault(r["benchmark"]["params"]["launch"], []).append(r["metric"]["value"])
    assert len(to_exit["fresh"]) == 2 and len(to_exit["resident"]) == 2
    # A boot (seconds even under KVM's best case, more under TCG) against one agent round trip.
    assert min(to_exit["fresh"]) > 10 * max(to_exit["resident"]), to_exit
    assert "fresh-console.log" not in stdout
    assert all("a new guest" in r["environment"]["launch_fresh"] for r in records(out))
    # A fresh guest's own clock at the program's start is its boot; a resident guest's is its uptime,
    # no start-up figure, so only the fresh launches carry it.
    boots = {r["benchmark"]["params"]["launch"] for r in records(out) if r["metric"]["name"] == "guest_clock_at_start"}
    assert boots == {"fresh"}

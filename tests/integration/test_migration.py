"""Live migration (issue 9) with real QEMU under TCG: a guest whose workload counts the pages it writes
migrates over a unix socket and between two network namespaces, and the count goes on at the
destination; a migration that cannot converge is cancelled into failure records and the run goes on;
post-copy either runs or says why it cannot; SIGTERM leaves nothing behind. Every test ends with no
QEMU and no network namespace of a vcb-migrate process that is gone."""
import json
import os
import re
import signal
import subprocess
import time

import pytest
import tomllib

from conftest import BIN, KVM_ENV, SOURCE, records, schema_problems, write_suite

METRICS = {"total_time", "downtime", "setup_time", "transferred", "dirty_pages_rate", "rounds", "workload_pause"}
# The harness passes the acceleration its probe boot proved; direct calls say it themselves (KVM
# guests hang on this host: probing it again would cost every call its timeout).
DIRECT_ENV = {**os.environ, "VCBENCH_ENV_ACCEL": "tcg"}
HARNESS_ENV = KVM_ENV


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


def leftovers():
    """QEMUs and namespaces of vcb-migrate processes that no longer run (each carries the pid)."""
    qemus = subprocess.run(["pgrep", "-af", "qemu-system.*vcb-migrate-"], capture_output=True, text=True).stdout
    found = [line for line in qemus.splitlines()
             if not alive(int(re.search(r"vcb-migrate-(?:src|dst)-h(\d+)", line).group(1)))]
    names = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout.split()
    found += [n for n in names if re.fullmatch(r"vcbm-\d+-[sd]", n) and not alive(int(n.split("-")[1]))]
    return found


def qemus_of(pid):
    return subprocess.run(["pgrep", "-f", f"qemu-system.*vcb-migrate-(src|dst)-h{pid},"],
                          capture_output=True, text=True).stdout.split()


def namespaces_of(pid):
    names = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout.split()
    return [n for n in names if n.startswith(f"vcbm-{pid}-")]


def migrate(*args, timeout=240):
    """Runs vcb-migrate directly; returns (returncode, records, stderr, seconds)."""
    t0 = time.time()
    r = subprocess.run([str(BIN / "vcb-migrate"), "--environment", "kvm/naive", "--samples", "1", "--warmup", "0",
                        *map(str, args)], capture_output=True, text=True, timeout=timeout, env=DIRECT_ENV)
    recs = [json.loads(line[len("@@vcb "):]) for line in r.stdout.splitlines() if line.startswith("@@vcb ")]
    return r.returncode, recs, r.stderr, time.time() - t0


def test_the_suite_file_plans_the_sweep():
    suite = tomllib.loads((SOURCE / "bench" / "suites" / "migration.toml").read_text())
    blocks = suite["benchmark"]
    assert all(b["on_host"] and b["program"] == "vcb-migrate" and b["name"] == "migration" for b in blocks)

    def values(key, table=lambda b: b["params"]):
        out = set()
        for b in blocks:
            v = table(b).get(key, b["params"][key])
            out |= set(v if isinstance(v, list) else [v])
        return out

    assert values("memory_mb") == {256, 512}
    assert values("dirty_mb_s") == {0, 8, 32}
    assert 0 in values("max_bandwidth_mb_s") and len(values("max_bandwidth_mb_s")) > 1
    assert values("mode") == {"precopy", "postcopy"}
    assert values("transport") == {"unix", "tcp-netns"}
    quick = lambda b: b["quick"]["params"]  # noqa: E731
    assert values("transport", quick) == {"unix", "tcp-netns"} and values("mode", quick) == {"precopy", "postcopy"}


def test_migrations_through_the_harness_continue_the_counter(tmp_path):
    suite = write_suite(tmp_path / "migration.toml", """
name = "migration"
[defaults]
reps = 1
samples = 1
warmup = 0
timeout_s = 400
[[benchmark]]
name = "migration"
program = "vcb-migrate"
on_host = true
params = { memory_mb = 256, dirty_mb_s = 8, max_bandwidth_mb_s = 0, downtime_limit_ms = 300, mode = "precopy", transport = ["unix", "tcp-netns"] }
""")
    out = tmp_path / "run"
    r = subprocess.run([str(BIN / "vcbench"), "run", "--suite", suite, "--env", "kvm/naive", "--out", out],
                       capture_output=True, text=True, timeout=600, env=HARNESS_ENV)
    assert r.returncode == 0, r.stderr + r.stdout
    assert schema_problems(out) == []
    recs = records(out)
    for transport in ("unix", "tcp-netns"):
        mine = {x["metric"]["name"]: x for x in recs if x["benchmark"]["params"]["transport"] == transport}
        assert set(mine) == METRICS
        assert all(x["validation"]["passed"] and x["metric"]["value"] is not None for x in mine.values())
        assert all(x["environment"]["accel"] == "tcg" and x["environment"]["name"] == "kvm/naive"
                   for x in mine.values())
        # Labelled with the guests that migrated (1 vCPU, 256 MB), not the harness's resident guest.
        assert all(x["environment"]["resources"]["memory_mb"] == 256 and x["environment"]["vcpus"] == 1
                   and "host-side kernel" in x["environment"]["described_by"] for x in mine.values())
        total, down = mine["total_time"], mine["downtime"]["metric"]["value"]
        assert 0 < down <= total["metric"]["value"]
        d = total["detail"]
        assert d["accel"] == "tcg" and d["qemu_status"] == "completed"
        assert d["counter_after"] > d["counter_before"] and d["still_advancing"]
        assert d["destination_alive"] and d["source_gone"]
        t = d["timeline"]
        assert len(t["t_s"]) == len(t["mb_s"]) > 20
        assert 0 < t["migration_start_s"] <= t["migration_end_s"] <= t["t_s"][-1]
        assert abs(t["reference_mb_s"] - 8) < 1  # the workload dirtied what it was asked to
        assert mine["workload_pause"]["metric"]["value"] > 0
        assert mine["transferred"]["metric"]["value"] > 10 and mine["rounds"]["metric"]["value"] >= 1
    assert leftovers() == []
    # The report's feature table: its live-migration cell is this run's unix point, same numbers.
    report = subprocess.run([str(BIN / "vcbench"), "report", out, "--format", "markdown"], capture_output=True,
                            text=True, timeout=120)
    assert report.returncode == 0, report.stderr
    row = next(r for r in json.loads((out / "features.json").read_text())["rows"] if r["environment"] == "kvm/naive")
    cell = row["cells"]["live_migration"]
    assert cell["point"]["transport"] == "unix" and "precopy over unix" in cell["text"]
    for metric in ("downtime", "total_time"):
        recorded = next(x for x in recs if x["metric"]["name"] == metric
                        and x["benchmark"]["params"]["transport"] == "unix")
        assert cell[metric]["value"] == pytest.approx(recorded["metric"]["value"])
    assert cell["text"] in report.stdout


def test_a_migration_that_cannot_converge_is_cancelled_into_failure_records():
    # 32 MB/s dirtied against 4 MB/s of bandwidth: QEMU never catches up.
    rc, recs, stderr, seconds = migrate("--dirty_mb_s", 32, "--max_bandwidth_mb_s", 4, "--migration_timeout_s", 5)
    assert rc == 1
    assert {x["metric"]["name"] for x in recs} == METRICS
    for x in recs:
        assert x["metric"]["value"] is None and not x["validation"]["passed"]
        d = x["detail"]
        assert "did not complete within 5 s" in d["reason"] and "cancelled" in d["reason"]
        assert d["status"] == "active" and d["status_after_cancel"] == "cancelled"
        assert d["remaining_mb"] > 0 and d["accel"] == "tcg"
    assert "did not complete within 5 s" in stderr
    assert seconds < 120  # boot + 1.5 s of reference + 5 s + cancel, not the suite's timeout
    assert leftovers() == []


def test_postcopy_runs_or_says_why_not():
    rc, recs, stderr, _ = migrate("--mode", "postcopy", "--dirty_mb_s", 32, "--max_bandwidth_mb_s", 64)
    assert {x["metric"]["name"] for x in recs} == METRICS
    if rc == 0:
        total = next(x for x in recs if x["metric"]["name"] == "total_time")
        assert all(x["validation"]["passed"] for x in recs)
        assert total["detail"]["postcopy"]["requested"] and total["detail"]["postcopy"]["entered"]
        assert total["detail"]["userfaultfd"]["syscall"] == "ok"
        assert total["detail"]["counter_after"] > total["detail"]["counter_before"]
    else:
        assert all(not x["validation"]["passed"] for x in recs)
        reason = recs[0]["detail"]["reason"]
        assert "userfaultfd" in reason or "postcopy" in reason, reason
    assert leftovers() == []


def test_sigterm_mid_migration_setup_leaves_no_qemu_and_no_namespace():
    p = subprocess.Popen([str(BIN / "vcb-migrate"), "--environment", "kvm/naive", "--transport", "tcp-netns",
                          "--samples", "1", "--warmup", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, env=DIRECT_ENV)
    deadline = time.time() + 60
    while time.time() < deadline and len(qemus_of(p.pid)) < 2:
        time.sleep(0.2)
    assert len(qemus_of(p.pid)) == 2, "source and destination never started"
    assert len(namespaces_of(p.pid)) == 2
    p.send_signal(signal.SIGTERM)
    p.communicate(timeout=60)
    assert p.returncode != 0
    assert qemus_of(p.pid) == [] and namespaces_of(p.pid) == []
    assert leftovers() == []


def test_an_environment_that_is_not_kvm_is_a_failure_record():
    r = subprocess.run([str(BIN / "vcb-migrate"), "--environment", "docker", "--samples", "1", "--warmup", "0"],
                       capture_output=True, text=True, timeout=60, env=DIRECT_ENV)
    assert r.returncode == 1
    recs = [json.loads(line[len("@@vcb "):]) for line in r.stdout.splitlines() if line.startswith("@@vcb ")]
    assert {x["metric"]["name"] for x in recs} == METRICS
    assert all("kvm/<profile>" in x["detail"]["reason"] for x in recs)

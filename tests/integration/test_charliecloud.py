"""Charliecloud (ch-run of the appliance rootfs) beside native, on the real runtime."""
import os
import signal
import subprocess
import time

from conftest import BIN, records, schema_problems, vcbench, write_suite


def stray_processes():
    """ch-run processes, and kernels whose root is this build's appliance (containers of other
    engines or other builds running at the same time are not ours)."""
    appliance = str((BIN / ".." / "appliance").resolve())
    out = subprocess.run(["pgrep", "-af", "ch-run|/opt/vcbench/bin/"], capture_output=True, text=True).stdout
    strays = []
    for line in out.splitlines():
        pid = line.split()[0]
        try:
            root = os.readlink(f"/proc/{pid}/root")
        except OSError:
            continue  # already gone
        if "pgrep" not in line and ("ch-run" in line or root.startswith(appliance)):
            strays.append(line)
    return strays


def tiny_suite(tmp_path):
    return write_suite(tmp_path / "tiny.toml", """
name = "tiny"
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
name = "lat_proc"
params = { op = "shell" }
[[benchmark]]
name = "bw_pipe"
params = { placement = "cross" }
""")


def test_micro_on_native_and_charliecloud(tmp_path):
    out = tmp_path / "run"
    result = vcbench("run", "--suite", tiny_suite(tmp_path), "--env", "native", "--env", "charliecloud", "--out", out)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    assert schema_problems(out) == []
    rs = records(out)
    assert len({r["environment"]["appliance"] for r in rs}) == 1
    ch = [r for r in rs if r["environment"]["name"] == "charliecloud"]
    assert ch and all(r["validation"]["passed"] for r in ch)
    for r in ch:
        env = r["environment"]
        assert r["context"]["cpus_allowed"] == env["binding"]["cpus"], "binding read back inside equals the plan"
        assert r["context"]["seccomp"] == 0
        assert r["context"]["capabilities"] is not None
        assert env["namespaces"]["created"] == ["user", "mount"]
        assert "no cgroups" in env["memory_limit"]
        if r["benchmark"]["name"] == "lat_syscall" and r["benchmark"]["params"]["op"] == "open":
            assert r["detail"]["filesystem"]["path"] == "/scratch"
    assert stray_processes() == []


def test_startup_is_timed(tmp_path):
    out = tmp_path / "run"
    result = vcbench("run", "--suite", "startup", "--reps", 2, "--env", "native", "--env", "charliecloud", "--out", out)
    assert result.returncode == 0, result.stderr
    values = [r["metric"]["value"] for r in records(out) if r["environment"]["name"] == "charliecloud"]
    assert len(values) == 8 and all(v > 0 for v in values)


def test_missing_ch_run_is_bad_input_with_the_fix(tmp_path):
    out = tmp_path / "run"
    env = dict(os.environ, PATH="/nonexistent")
    result = vcbench("run", "--suite", tiny_suite(tmp_path), "--env", "charliecloud", "--out", out, env=env)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "apt-get install charliecloud" in result.stderr
    assert not out.exists()


def test_sigint_leaves_no_ch_run_behind(tmp_path):
    suite = write_suite(tmp_path / "hang.toml", """
name = "hang"
[defaults]
reps = 3
samples = 2
target_ms = 1
timeout_s = 30
[[benchmark]]
name = "null"
params = { records = [1, 2] }
""")
    out = tmp_path / "run"
    proc = subprocess.Popen([str(BIN / "vcbench"), "run", "--suite", str(suite), "--env", "charliecloud",
                             "--reps", "200", "--out", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while time.time() < deadline and not ((out / "records.jsonl").exists() and len(records(out)) >= 4):
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert stray_processes() == []


def test_user_named_image_is_converted_with_ch_convert_and_both_digests_recorded(tmp_path, docker_engine):
    made = vcbench("appliance", "image", "--engine", "docker")
    assert made.returncode == 0, made.stderr
    ref = next(w for w in made.stdout.split() if w.startswith("vcbench/appliance:"))
    image_id = subprocess.run(["docker", "image", "inspect", "--format", "{{.Id}}", ref],
                              capture_output=True, text=True, check=True).stdout.strip()
    out = tmp_path / "run"
    env = {**os.environ, "VCBENCH_CH_IMAGE": f"docker:{ref}"}
    r = vcbench("run", "--suite", tiny_suite(tmp_path), "--env", "charliecloud", "--reps", "1", "--out", out, env=env)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr
    assert schema_problems(out) == []
    for rec in records(out):
        e = rec["environment"]
        assert e["image_source"] == f"docker:{ref}"
        assert e["image_source_digest"] == image_id
        assert e["image_digest"].startswith("sha256:") and e["image_digest"] != image_id
        assert "ch-convert" in e["image_format"] and e["programs"] == "user image"
        assert rec["validation"]["passed"]


def test_user_named_image_that_does_not_exist_stops_the_run_with_one_line(tmp_path):
    out = tmp_path / "run"
    env = {**os.environ, "VCBENCH_CH_IMAGE": str(tmp_path / "missing.tar.gz")}
    r = vcbench("run", "--suite", tiny_suite(tmp_path), "--env", "charliecloud", "--out", out, env=env)
    assert r.returncode != 0
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "VCBENCH_CH_IMAGE" in lines[0] and "missing.tar.gz" in lines[0], r.stderr
    assert not out.exists()

"""A kernel that crashes, hangs, fails validation or exits badly becomes failure records; the run goes on."""
import shutil
import subprocess

import pytest

from conftest import BIN, assert_one_complete_set_per_measurement, records, schema_problems, vcbench, write_suite


def test_failed_calibration_fails_every_measurement_of_that_benchmark_only(tmp_path):
    suite = write_suite(tmp_path / "failing.toml", """
name = "failing"
[defaults]
samples = 3
target_ms = 1
timeout_s = 3
[[benchmark]]
name = "null"
params = { mode = ["ok", "invalid", "exit", "silent", "crash"] }
[[benchmark]]
name = "null"
params = { mode = ["hang"] }
timeout_s = 1
""")
    out = tmp_path / "run"
    result = vcbench("run", "--suite", suite, "--reps", 2, "--out", out)
    assert result.returncode == 1, result.stderr
    assert schema_problems(out) == []
    assert_one_complete_set_per_measurement(out)
    by_mode = {}
    for r in records(out):
        by_mode.setdefault(r["benchmark"]["instance"].split("mode=")[1], []).append(r)
    assert all(r["validation"]["passed"] and r["metric"]["value"] > 0 for r in by_mode["ok"])
    for mode in ["invalid", "exit", "silent", "crash", "hang"]:
        assert len(by_mode[mode]) == 2
        for r in by_mode[mode]:
            assert (r["validation"]["passed"], r["metric"]["value"], r["failure"]["kind"]) == (False, None, "calibration")
    assert "timed out" in by_mode["hang"][0]["validation"]["detail"] or by_mode["hang"][0]["validation"]["detail"]
    report = vcbench("report", out, "--format", "json")
    assert report.returncode == 0
    assert '"failed: no valid sample"' in report.stdout


LATE = {  # what the kernel does after a clean calibration -> the failure kind recorded
    "crash": ("kill -SEGV $$", "crash"),
    "hang": ("sleep 60", "timeout"),
    "exit": ('"$BIN/vcb-null" "$@"; exit 3', "exit"),
    "invalid": ('exec "$BIN/vcb-null" --mode invalid "$@"', "exit"),
    "silent": ("exit 0", "no-records"),
}


@pytest.mark.parametrize("mode", sorted(LATE))
def test_failure_after_calibration_keeps_the_calibrated_shape(tmp_path, mode):
    action, kind = LATE[mode]
    bindir = tmp_path / "bin"
    shutil.copytree(BIN, bindir, symlinks=False)  # vcbench finds kernels next to itself
    script = bindir / "vcb-late"
    script.write_text(f'#!/bin/sh\nBIN={BIN}\ncase "$*" in *--calibrate*) exec "$BIN/vcb-null" "$@";; esac\n{action}\n')
    script.chmod(0o755)
    suite = write_suite(tmp_path / "late.toml", """
name = "late"
[defaults]
samples = 3
target_ms = 1
timeout_s = 2
[[benchmark]]
name = "null"
program = "vcb-late"
params = { records = 2 }
""")
    out = tmp_path / "run"
    result = subprocess.run([str(bindir / "vcbench"), "run", "--suite", str(suite), "--reps", "1", "--out", str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    rs = records(out)
    assert len(rs) == 2
    assert {r["benchmark"]["params"]["part"] for r in rs} == {0, 1}
    for r in rs:
        assert (r["failure"]["kind"], r["metric"]["name"], r["metric"]["value"]) == (kind, "latency", None)
    assert schema_problems(out) == []

"""Bad input: one clear line naming the fix, exit code 2, and no half-written results folder."""
import pytest

from conftest import vcbench, write_suite


def assert_bad_input(result, *fragments):
    assert result.returncode == 2, result.stderr
    lines = [l for l in result.stderr.splitlines() if l.strip()]
    assert len(lines) == 1, result.stderr
    for f in fragments:
        assert f in lines[0], lines[0]


def test_unknown_suite(tmp_path):
    out = tmp_path / "run"
    assert_bad_input(vcbench("run", "--suite", "nosuch", "--out", out), "unknown suite 'nosuch'", "vcbench list suites")
    assert not out.exists()


def test_unknown_environment(tmp_path, null_suite):
    out = tmp_path / "run"
    assert_bad_input(vcbench("run", "--suite", null_suite, "--env", "vmware", "--out", out),
                     "unknown environment 'vmware'", "vcbench list envs")
    assert not out.exists()


def test_malformed_toml_names_its_line(tmp_path):
    bad = write_suite(tmp_path / "bad.toml", 'name = "x"\n[[benchmark]]\nname = "null"\nparams = { records = [1, }\n')
    out = tmp_path / "run"
    assert_bad_input(vcbench("run", "--suite", bad, "--out", out), "bad.toml:4", "malformed TOML")
    assert not out.exists()


def test_unwritable_output(null_suite):
    assert_bad_input(vcbench("run", "--suite", null_suite, "--out", "/proc/vcbench/run"), "cannot write")


def test_output_folder_that_holds_a_run(tmp_path, null_suite):
    out = tmp_path / "run"
    assert vcbench("run", "--suite", null_suite, "--reps", 1, "--out", out).returncode == 0
    before = (out / "records.jsonl").read_text()
    assert_bad_input(vcbench("run", "--suite", null_suite, "--out", out), "already holds a run", "--resume")
    assert (out / "records.jsonl").read_text() == before


@pytest.mark.parametrize("args,fragment", [
    (["run", "--suite", "micro", "--reps", "0"], "--reps"),
    (["run"], "--suite NAME"),
    (["report", "/nonexistent/run"], "run.json"),
    (["plot", "/nonexistent/run"], "run.json"),
    (["list", "everything"], "everything"),
    (["frobnicate"], "frobnicate"),
])
def test_cli_errors(args, fragment):
    assert_bad_input(vcbench(*args), fragment)


def test_report_unknown_baseline(tmp_path, null_suite):
    out = tmp_path / "run"
    assert vcbench("run", "--suite", null_suite, "--reps", 1, "--out", out).returncode == 0
    assert_bad_input(vcbench("report", out, "--baseline", "docker"), "baseline 'docker'")


def test_kernel_rejects_unknown_flags():
    import subprocess
    from conftest import BIN
    r = subprocess.run([str(BIN / "vcb-null"), "--bogus", "1"], capture_output=True, text=True)
    assert r.returncode == 2
    assert "unknown flag --bogus" in r.stderr
    assert r.stdout == ""

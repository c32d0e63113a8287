"""plot.py end to end: the files it writes, and the one-line errors for a bad folder."""
import json
import shutil

import pytest

import plot
from conftest import FIXTURE, run_plot

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
EXPECTED = ["micro-overhead", "micro-absolute-latency-us", "micro-absolute-bandwidth-mb_s",
            "micro-lat_mem_rd-stride_64_pattern_sequential",
            "micro-lat_mem_rd-stride_64_pattern_random"]


def test_exits_zero_and_prints_every_path(plotted):
    proc, out = plotted
    assert proc.returncode == 0, proc.stderr
    printed = proc.stdout.split()
    assert sorted(printed) == sorted(str(p) for p in out.iterdir())


@pytest.mark.parametrize("stem", EXPECTED)
def test_writes_png_and_svg_of_each_figure(plotted, stem):
    _, out = plotted
    png, svg = out / f"{stem}.png", out / f"{stem}.svg"
    assert png.read_bytes()[:8] == PNG_MAGIC
    assert png.stat().st_size > 10_000
    assert "<svg" in svg.read_text()


def test_overhead_svg_has_no_bar_for_failed_rows(plotted):
    svg = (plotted[1] / "micro-overhead.svg").read_text()
    assert 'id="overhead|docker|lat_syscall op=null"' in svg
    assert 'id="overhead|kvm/tuned|lat_syscall op=open"' not in svg   # failed (n 0)
    assert 'id="overhead|docker|bw_unix"' not in svg                  # baseline failed
    assert "not drawn: 1 failed" in svg


def test_overhead_figure_says_tcg(plotted):
    assert "(TCG emulation, not KVM)" in (plotted[1] / "micro-overhead.svg").read_text()


def broken(tmp_path, report=None, run=None):
    """A copy of the fixture folder with report.json/run.json replaced or removed (None)."""
    folder = tmp_path / "run"
    shutil.copytree(FIXTURE, folder)
    for name, text in (("report.json", report), ("run.json", run)):
        if text is None:
            (folder / name).unlink()
        elif text != "keep":
            (folder / name).write_text(text)
    return folder


def report_with(change):
    doc = json.loads((FIXTURE / "report.json").read_text())
    change(doc)
    return json.dumps(doc)


CASES = {
    "missing report.json": dict(report=None, run="keep", says="report.json is missing"),
    "missing run.json": dict(report="keep", run=None, says="run.json is missing"),
    "report not JSON": dict(report='{"schema": ', run="keep", says="not valid JSON"),
    "run not JSON": dict(report="keep", run="[1, 2", says="not valid JSON"),
    "wrong schema": dict(report=report_with(lambda d: d.update(schema="vcbench/report/9")),
                         run="keep", says="expected 'vcbench/report/1'"),
    "row lacks median": dict(report=report_with(lambda d: d["rows"][3].pop("median")),
                             run="keep", says="row 3 lacks median"),
    "no rows": dict(report=report_with(lambda d: d.update(rows=[])), run="keep",
                    says="no rows"),
}


def test_missing_report_exits_2_with_one_line(tmp_path):
    """As the C++ CLI sees it: a separate process, exit code 2, one line naming the fix."""
    folder, out = broken(tmp_path, report=None, run="keep"), tmp_path / "figures"
    proc = run_plot(folder, "--out", out)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("error: ")
    assert "report.json is missing" in proc.stderr and "`vcbench plot" in proc.stderr
    assert proc.stdout == "" and not out.exists()


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_folder_exits_2_with_one_line(tmp_path, capsys, case):
    """Every malformed input, through plot.main in-process (a subprocess each is slow)."""
    spec = CASES[case]
    folder, out = broken(tmp_path, spec["report"], spec["run"]), tmp_path / "figures"
    assert plot.main([str(folder), "--out", str(out)]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert spec["says"] in lines[0]
    assert "vcbench" in lines[0]            # names the command that fixes it
    assert captured.out == "" and not out.exists()


def test_missing_folder_exits_2(tmp_path):
    proc = run_plot(tmp_path / "nope", "--out", tmp_path / "figures")
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1


def test_unwritable_out_exits_1_with_one_line(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert plot.main([str(FIXTURE), "--out", str(blocker / "figures")]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "--out" in err

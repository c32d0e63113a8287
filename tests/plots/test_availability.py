"""The availability suite's figures (plots/vcbench_plots/availability.py) on a small fixture.

The fixture is written here, not kept as files: a native-only run of the simulator with a
reserve sweep (3 points), a static split sweep (2 points), one wait (no sweep), and two
timelines in records.jsonl, next to a torn line and a record of another run.
"""
import json

import pytest

from conftest import run_plot
from vcbench_plots import availability, load_results
from vcbench_plots.context import make_context
from vcbench_plots.render import render_all

RUN_ID = "2026-11-25T01-00-00Z-a7a1"
POINTS = [[0, 0.5, 0.1, 0.4], [32, 0.7, 0.2, 0.1], [64, 0.9, 0.1, 0.0]]


def params(policy, **knobs):
    return {"policy": policy, "nodes": 128, "workload": "synthetic", "od": "synthetic", "seed": 1,
            "wait_s": 30, **knobs}


CONFIGS = [  # (params, {metric: value})
    (params("dynamic", reserve=0), {"od_rejected_pct": 3.5, "batch_slowdown": 3.9, "utilization_overall": 84.0}),
    (params("dynamic", reserve=8), {"od_rejected_pct": 0.0, "batch_slowdown": 6.0, "utilization_overall": 81.0}),
    (params("dynamic", reserve=32), {"od_rejected_pct": 0.0, "batch_slowdown": 16.3, "utilization_overall": 70.0}),
    (params("static", batch_share=75), {"od_rejected_pct": 7.0, "batch_slowdown": 6.6, "utilization_overall": 76.9}),
    (params("static", batch_share=25), {"od_rejected_pct": 0.0, "batch_slowdown": 101.5,
                                        "utilization_overall": 28.3}),
]


def report_row(p, metric, value):
    label = "availability " + " ".join(f"{k}={v}" for k, v in sorted(p.items()))
    return {"suite": "availability", "benchmark": "availability", "params": p, "label": label,
            "metric": metric, "unit": "ratio" if metric == "batch_slowdown" else "%",
            "better": "higher" if metric.startswith("utilization") else "lower",
            "environment": "native", "accel": None, "n": 1, "failed": 0, "disturbed": 0,
            "median": value, "ci": None, "ci_level": None, "ci_method": None, "min": value,
            "max": value, "ratio": None, "overhead_pct": None, "overhead_ci_pct": None,
            "verdict": "baseline", "warnings": []}


def record(p, run_id=RUN_ID, passed=True):
    return {"run": {"id": run_id}, "benchmark": {"name": "availability", "params": p},
            "metric": {"name": "utilization_overall", "value": 84.0 if passed else None},
            "environment": {"name": "native"}, "validation": {"passed": passed},
            "detail": {"timeline": {"columns": ["t_s", "batch", "od", "idle"], "bin_s": 32,
                                    "points": POINTS}}}


@pytest.fixture
def folder(tmp_path):
    run = {"schema": "vcbench/run/1", "id": RUN_ID, "suite": "availability", "quick": False, "reps": 1,
           "baseline": "native", "environments": ["native"], "host": {"name": "node1"},
           "build": {"version": "0.1.0", "git_sha": "abc"}, "matrix": [], "calibration": {}}
    rows = [report_row(p, m, v) for p, metrics in CONFIGS for m, v in metrics.items()]
    report = {"schema": "vcbench/report/1", "run": {"id": RUN_ID, "suite": "availability", "host": "node1"},
              "baseline": "native", "rows": rows, "notes": []}
    (tmp_path / "run.json").write_text(json.dumps(run))
    (tmp_path / "report.json").write_text(json.dumps(report))
    lines = [json.dumps(record(CONFIGS[0][0])), json.dumps(record(CONFIGS[3][0])),
             json.dumps(record(CONFIGS[1][0], run_id="another-run")),
             json.dumps(record(CONFIGS[2][0], passed=False)), '{"torn": ']
    (tmp_path / "records.jsonl").write_text("\n".join(lines) + "\n")
    return tmp_path


@pytest.fixture
def loaded(folder):
    results = load_results(folder)
    return results, make_context(results)


def test_sweep_figures_only_for_swept_parameters(loaded):
    results, ctx = loaded
    figs = dict(availability.figures(results.frame, ctx, "availability"))
    assert set(figs) == {"availability-vs-reserve", "availability-vs-batch_share"}  # one wait: no sweep


def test_sweep_figure_draws_each_metric_against_the_parameter(loaded):
    results, ctx = loaded
    fig = dict(availability.figures(results.frame, ctx, "availability"))["availability-vs-reserve"]
    lines = {line.get_gid(): line for ax in fig.axes for line in ax.lines if line.get_gid()}
    assert len(lines) == 3
    slowdown = next(line for gid, line in lines.items() if "|batch_slowdown|" in gid)
    assert list(slowdown.get_xdata()) == [0, 8, 32]
    assert list(slowdown.get_ydata()) == [3.9, 6.0, 16.3]


def test_timelines_keep_only_this_runs_valid_records(folder, loaded):
    results, ctx = loaded
    found = availability.read_timelines(folder, RUN_ID)
    assert list(found) == ["dynamic R=0 w=30 s 128 nodes", "static 75% batch w=30 s 128 nodes"]
    figs = availability.timeline_figures(folder, ctx, results)
    assert [stem for stem, _ in figs] == ["availability-utilization-timeline"]
    panels = [ax for ax in figs[0][1].axes if ax.get_visible()]
    assert [ax.get_title(loc="left") for ax in panels] == list(found)


def test_no_records_file_means_no_timeline(folder, loaded):
    results, ctx = loaded
    (folder / "records.jsonl").unlink()
    assert availability.timeline_figures(folder, ctx, results) == []


def test_other_suites_get_no_availability_figures(loaded):
    results, ctx = loaded
    frame = results.frame.assign(benchmark="lat_syscall")
    assert availability.figures(frame, ctx, "micro") == []


def test_render_all_writes_them_and_no_overhead_figure(folder, loaded, tmp_path_factory):
    results, _ = loaded
    out = tmp_path_factory.mktemp("figures")
    names = {p.name for p in render_all(results, out, folder)}
    assert {"availability-vs-reserve.png", "availability-utilization-timeline.svg"} <= names
    assert not any("overhead" in n for n in names)  # native only: nothing to compare


def test_plot_py_finds_the_records_next_to_the_default_output(folder):
    proc = run_plot(folder)
    assert proc.returncode == 0, proc.stderr
    assert (folder / "plots" / "availability-utilization-timeline.png").read_bytes()[:4] == b"\x89PNG"

"""The migration suite's figures (plots/vcbench_plots/migration.py) on the synthetic migration run.

The run (fixtures/make_migration_fixture.py, written into a temporary folder) is one emulated
guest, kvm/naive under TCG: memory 128 and 256 MB, dirty rate 0, 8 and 64 MB/s, bandwidth
limit 64 MB/s and unlimited, precopy; 256 MB at dirty 64 / limit 64 never converged and the
one postcopy point is not supported, both as failure records.
"""
import importlib.util
import json
import math
import sys

import numpy as np
import pytest

from conftest import HERE, run_plot
from vcbench_plots import load_results, migration
from vcbench_plots.context import make_context
from vcbench_plots.render import KINDS, TIMELINES

SWEEP = "migration-kvm_naive-mode_precopy-vs-dirty_rate"
FAILED = {"memory_mb": 256, "dirty_mb_s": 64, "max_bandwidth_mb_s": 64}


def generator():
    sys.path.insert(0, str(HERE / "fixtures"))         # it builds on make_fixture's helpers
    spec = importlib.util.spec_from_file_location(
        "make_migration_fixture", HERE / "fixtures" / "make_migration_fixture.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("migration-run")
    generator().write(out)
    return out


@pytest.fixture(scope="module")
def loaded(folder):
    results = load_results(folder)
    return results, make_context(results)


@pytest.fixture(scope="module")
def sweep(loaded):
    results, ctx = loaded
    return dict(migration.figures(results.frame, ctx, "migration"))


@pytest.fixture(scope="module")
def timelines(folder, loaded):
    results, ctx = loaded
    return migration.timeline_figures(folder, ctx, results)


def records(folder):
    out = []
    for line in (folder / "records.jsonl").read_text().splitlines():
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            pass
    return out


def lines_of(fig):
    return {line.get_gid(): line for ax in fig.axes for line in ax.lines if line.get_gid()}


def x_extent(patch):
    xs = np.asarray(patch.get_xy())[:, 0]
    return xs.min(), xs.max()


def is_failed(params):
    return params.get("mode") == "postcopy" or all(params[k] == v for k, v in FAILED.items())


def test_figures_are_written(folder):
    """plot.py as `vcbench plot` calls it: the figures land in RESULTS_DIR/plots, next to the
    records.jsonl the timelines read."""
    proc = run_plot(folder)
    assert proc.returncode == 0, proc.stderr
    names = {p.name for p in (folder / "plots").iterdir()}
    for stem in (SWEEP, "migration-timeline-1of2", "migration-timeline-2of2"):
        assert {f"{stem}.png", f"{stem}.svg"} <= names
    assert (folder / "plots" / f"{SWEEP}.png").read_bytes()[:4] == b"\x89PNG"
    assert (folder / "plots" / "migration-timeline-1of2.png").stat().st_size > 10_000
    assert not any("postcopy" in n for n in names)     # its only point failed: nothing to draw
    assert migration.figures in KINDS and migration.timeline_figures in TIMELINES


def test_one_line_per_bandwidth_limit_in_each_panel(sweep):
    fig = sweep[SWEEP]
    panels = [ax for ax in fig.axes if ax.lines]
    assert len(panels) == 4                             # downtime, total time x 128, 256 MB
    for ax in panels:
        limits = sorted(line.get_gid().split("|")[2] for line in ax.lines)
        assert limits == ["0", "64"]
    legend = fig.axes[1].get_legend()
    assert [t.get_text() for t in legend.get_texts()][:2] == ["64 MB/s", "unlimited"]


def test_lines_are_the_report_medians(sweep, loaded):
    results, _ = loaded
    line = lines_of(sweep[SWEEP])["downtime|128|0"]
    rows = results.frame[(results.frame["metric"] == "downtime") & results.frame["params"].map(
        lambda p: p["memory_mb"] == 128 and p["max_bandwidth_mb_s"] == 0 and p["mode"] == "precopy")]
    expected = {p["dirty_mb_s"]: m for p, m in zip(rows["params"], rows["median"])}
    assert dict(zip(line.get_xdata(), line.get_ydata())) == pytest.approx(expected)


def test_failed_points_are_not_plotted_and_are_named(sweep, timelines, folder, loaded):
    fig = sweep[SWEEP]
    for metric in migration.METRICS:
        failed = dict(zip(*lines_of(fig)[f"{metric}|256|64"].get_data()))
        assert math.isnan(failed[64.0]) and not math.isnan(failed[8.0])
        assert not math.isnan(dict(zip(*lines_of(fig)[f"{metric}|256|0"].get_data()))[64.0])
    footer = " ".join(t.get_text() for t in fig.texts)
    assert "not drawn: 1 failed (256 MB · dirty 64 MB/s · limit 64 MB/s)" in footer
    chosen = migration.read_timelines(folder, loaded[0].run["id"])
    assert len(chosen) == 11 and not any(is_failed(p["params"]) for p in chosen)


def test_emulation_is_labelled_never_passed_off_as_kvm(sweep, timelines, loaded):
    fig = sweep[SWEEP]
    assert "kvm/naive (TCG emulation, not KVM)" in fig._suptitle.get_text()
    assert all(line.get_linestyle() == "--" for line in lines_of(fig).values())
    bands = [c for ax in fig.axes for c in ax.collections]
    assert bands and all(c.get_hatch() == "///" for c in bands)
    for _, tfig in timelines:
        assert "(TCG emulation, not KVM)" in tfig._suptitle.get_text()
        throughput = [line for line in lines_of(tfig).values()
                      if line.get_gid().startswith("throughput|")]
        assert throughput and all(line.get_linestyle() == "--" for line in throughput)


def test_a_kvm_guest_is_drawn_plainly(loaded):
    results, _ = loaded
    as_kvm = results.__class__(frame=results.frame.assign(accel="kvm"), run=results.run,
                               report=results.report)
    fig = dict(migration.figures(as_kvm.frame, make_context(as_kvm), "migration"))[SWEEP]
    assert "TCG" not in fig._suptitle.get_text()
    assert all(line.get_linestyle() == "-" for line in lines_of(fig).values())


def test_timeline_shades_the_window_of_the_median_repetition(timelines, folder, loaded):
    run_id = loaded[0].run["id"]
    point = {"memory_mb": 256, "dirty_mb_s": 8, "max_bandwidth_mb_s": 64}
    mine = [r for r in records(folder) if r["run"]["id"] == run_id
            and r["metric"]["name"] == "total_time" and r["validation"]["passed"]
            and all(r["benchmark"]["params"][k] == v for k, v in point.items())]
    median = sorted(mine, key=lambda r: r["metric"]["value"])[2]
    timeline = median["detail"]["timeline"]
    window_s = timeline["migration_end_s"] - timeline["migration_start_s"]
    downtime = next(r["metric"]["value"] for r in records(folder)
                    if r["run"]["id"] == run_id and r["metric"]["name"] == "downtime"
                    and r["run"]["repetition"] == median["run"]["repetition"]
                    and r["benchmark"]["params"] == median["benchmark"]["params"])
    title = "256 MB · dirty 8 MB/s · limit 64 MB/s · precopy · unix"
    patches = {p.get_gid(): p for _, fig in timelines for ax in fig.axes for p in ax.patches}
    assert x_extent(patches[f"window|{title}"]) == pytest.approx((0.0, window_s))
    # precopy stops the guest at the end: the stall sits just before the window closes
    lo, hi = x_extent(patches[f"pause|{title}"])
    step = generator().SAMPLE_S
    assert window_s - downtime / 1000 - step <= lo < hi <= window_s + step
    axes_titles = [ax.get_title(loc="left") for _, fig in timelines for ax in fig.axes]
    assert any(t.startswith(title) and f"rep {median['run']['repetition']}, median of 5" in t
               for t in axes_titles)


def test_other_runs_and_torn_lines_are_ignored(folder, loaded):
    chosen = migration.read_timelines(folder, loaded[0].run["id"])
    assert all(p["total_ms"] > 1.0 for p in chosen)   # the other run's record has 1 ms
    assert migration.read_timelines(folder / "missing", loaded[0].run["id"]) == []


def test_other_suites_get_no_migration_figures(frame, ctx, results, tmp_path):
    assert migration.figures(frame, ctx, "micro") == []
    assert migration.timeline_figures(tmp_path, ctx, results) == []


def test_one_dirty_rate_is_a_point_not_a_sweep(loaded):
    """The suite's downtime-limit points (one dirty rate each) get timelines and bars, no curve."""
    results, ctx = loaded
    one = results.frame[results.frame["params"].map(lambda p: p["dirty_mb_s"] == 8)]
    assert migration.figures(one, ctx, "migration") == []

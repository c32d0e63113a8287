"""OSU message-size curves: one figure per benchmark and layout, log2 sizes, no failed point."""
import math

import pandas as pd

from vcbench_plots import osu, render

STEMS = {"osu-osu_latency", "osu-osu_bw", "osu-osu_allreduce-ranks_2_nodes_2",
         "osu-osu_allreduce-ranks_4_nodes_4"}


def curve(fig, gid):
    return next(l for l in fig.axes[0].lines if l.get_gid() == gid)


def footer(fig):
    return " ".join(t.get_text() for ax in fig.axes for t in ax.texts)


def test_one_figure_per_benchmark_and_layout(osu_run):
    frame, ctx = osu_run
    assert {stem for stem, _ in osu.figures(frame, ctx, "osu")} == STEMS
    assert osu.figures in render.KINDS


def test_sizes_on_a_log2_axis_labelled_in_bytes(osu_run):
    fig = dict(osu.figures(*osu_run, "osu"))["osu-osu_latency"]
    top, bottom = fig.axes[0], fig.axes[1]
    assert bottom.get_xscale() == "log" and bottom.xaxis.get_transform().base == 2
    fig.canvas.draw()
    labels = {t.get_text() for t in bottom.get_xticklabels()}
    assert {"1 B", "1 KiB", "1 MiB"} <= labels
    assert top.get_yscale() == "log"                    # 0.2 us to 210 us
    assert "latency (µs), lower is better" in top.get_ylabel()


def test_one_line_per_environment_with_overhead_markers(osu_run):
    fig = dict(osu.figures(*osu_run, "osu"))["osu-osu_latency"]
    gids = {l.get_gid() for ax in fig.axes for l in ax.lines}
    assert {"value|native", "value|docker", "overhead|docker|True"} <= gids
    markers = next(l for l in fig.axes[1].lines if l.get_gid() == "overhead|docker|True")
    assert all(math.isclose(v, 10.0, abs_tol=0.05) for v in markers.get_ydata())


def test_failed_point_is_a_gap_and_named(osu_run):
    fig = dict(osu.figures(*osu_run, "osu"))["osu-osu_bw"]
    docker = curve(fig, "value|docker")
    at = dict(zip(docker.get_xdata(), docker.get_ydata()))
    assert pd.isna(at[64 * 1024]) and not pd.isna(at[16 * 1024])
    assert not pd.isna(dict(zip(*curve(fig, "value|native").get_data()))[64 * 1024])
    assert "not drawn: 1 failed (docker at 64 KiB)" in footer(fig)


def test_zero_byte_point_is_given_in_the_footer(osu_run):
    fig = dict(osu.figures(*osu_run, "osu"))["osu-osu_latency"]
    assert min(curve(fig, "value|native").get_xdata()) == 1
    assert "2 at 0 B, off the log2 axis (native 0.2 µs, docker 0.22 µs (+10.0%))" in footer(fig)


def test_no_osu_figures_for_other_suites(frame, ctx):
    assert osu.figures(frame, ctx, "micro") == []


def test_log_y_past_one_decade(osu_run):
    """allreduce on 2 ranks spans 1 to 34 us: under the bar figures' 2 decades, still log."""
    fig = dict(osu.figures(*osu_run, "osu"))["osu-osu_allreduce-ranks_2_nodes_2"]
    assert fig.axes[0].get_yscale() == "log"


def test_empty_overhead_panel_says_why(osu_run):
    frame, ctx = osu_run
    no_ratios = frame.assign(ratio=float("nan"), overhead_pct=float("nan"))
    fig = dict(osu.figures(no_ratios, ctx, "osu"))["osu-osu_bw"]
    assert "no point has a ratio to native" in " ".join(t.get_text() for t in fig.axes[1].texts)
    assert not any(l.get_xdata().size for l in fig.axes[1].lines
                   if (l.get_gid() or "").startswith("overhead|"))

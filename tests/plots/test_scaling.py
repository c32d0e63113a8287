"""Scale-out figures: metric, parallel efficiency and overhead against the node count."""
import dataclasses
import math

import numpy as np
import pandas as pd
import pytest

from conftest import NPB_FIXTURE
from vcbench_plots import efficiency, load_results, render, scaling

NPB_STEMS = {"npb-npb_ep-class_a-mops-vs-nodes", "npb-npb_ep-class_s-mops-vs-nodes",
             "npb-npb_cg-mops-vs-nodes"}


def lines(fig, panel):
    return {l.get_gid(): l for l in fig.axes[panel].lines if l.get_gid()}


def by_count(line):
    return dict(zip(line.get_xdata(), line.get_ydata()))


@pytest.fixture(scope="module")
def npb_figs(npb_run):
    return dict(scaling.figures(*npb_run, "npb"))


def test_one_figure_per_benchmark_and_class(npb_figs):
    assert set(npb_figs) == NPB_STEMS
    assert scaling.figures in render.KINDS


def test_node_counts_on_x_and_three_panels(npb_figs):
    fig = npb_figs["npb-npb_ep-class_a-mops-vs-nodes"]
    assert len(fig.axes) == 3                   # value, efficiency, overhead
    bottom = fig.axes[-1]
    assert list(bottom.get_xticks()) == [1, 2, 4]
    assert bottom.get_xscale() == "log" and "nodes" in bottom.get_xlabel()
    assert "Mop/s" in fig.axes[0].get_ylabel() and "efficiency" in fig.axes[1].get_ylabel()


def test_efficiency_of_the_hand_checked_case(npb_figs):
    """native 100, 190, 360 Mop/s on 1, 2, 4 nodes; docker 95, 171, 323 (see the fixture)."""
    eff = lines(npb_figs["npb-npb_ep-class_a-mops-vs-nodes"], 1)
    assert by_count(eff["efficiency|native"]) == pytest.approx({1: 100, 2: 95, 4: 90})
    assert by_count(eff["efficiency|docker"]) == pytest.approx({1: 100, 2: 90, 4: 85})


def test_efficiency_for_rates_and_for_times():
    assert efficiency.parallel_efficiency([1, 2, 4], [100, 190, 360], "higher") == \
        pytest.approx([1.0, 0.95, 0.9])
    # times: t_1 / t_n over n / n_1; the reference is the smallest count wherever it stands
    assert efficiency.parallel_efficiency([4, 2, 8], [6, 10, 4], "lower") == \
        pytest.approx([10 / 6 / 2, 1.0, 10 / 4 / 4])
    assert np.isnan(efficiency.parallel_efficiency([1, 2], [1, 2], None)).all()


def test_failed_row_is_absent_from_every_panel_and_named(npb_figs):
    fig = npb_figs["npb-npb_cg-mops-vs-nodes"]
    value, eff, cost = lines(fig, 0), lines(fig, 1), lines(fig, 2)
    assert math.isnan(by_count(value["value|docker"])[4])
    assert by_count(value["value|native"])[4] == pytest.approx(560)
    assert math.isnan(by_count(eff["efficiency|docker"])[4])
    assert 4 not in cost["overhead|docker|True"].get_xdata()
    notes = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert any("not drawn: 1 failed (docker at 4 nodes)" in t for t in notes)


def test_emulated_environment_is_dashed_and_labelled(npb_run):
    frame, ctx = npb_run
    tcg = dataclasses.replace(ctx, emulated={"docker"})
    fig = dict(scaling.figures(frame, tcg, "npb"))["npb-npb_cg-mops-vs-nodes"]
    assert lines(fig, 0)["value|docker"].get_linestyle() == "--"
    assert lines(fig, 1)["efficiency|docker"].get_linestyle() == "--"
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "docker (TCG emulation, not KVM)" in legend


def test_osu_scales_at_two_sizes_without_efficiency(osu_run):
    figs = dict(scaling.figures(*osu_run, "osu"))
    assert set(figs) == {"osu-osu_allreduce-size_bytes_4-latency-vs-nodes",
                         "osu-osu_allreduce-size_bytes_65536-latency-vs-nodes"}
    fig = figs["osu-osu_allreduce-size_bytes_4-latency-vs-nodes"]
    assert len(fig.axes) == 2 and list(fig.axes[-1].get_xticks()) == [2, 4]


def test_ranks_are_the_count_without_nodes():
    rows = pd.DataFrame({"params": [{"class": "A", "ranks": r} for r in (1, 2, 4)]})
    assert scaling.count_param(rows) == "ranks"
    assert scaling.count_param(rows.iloc[:1]) is None


def test_only_mpi_suites_scale(frame, ctx):
    assert scaling.figures(frame, ctx, "micro") == []


def test_renders_every_npb_figure(tmp_path):
    paths = render.render_all(load_results(NPB_FIXTURE), tmp_path / "plots")
    stems = {p.stem for p in paths}
    assert NPB_STEMS | {"npb-overhead", "npb-absolute-mops-mop_s"} == stems


def test_thread_sweeps_of_the_proxy_suites_scale_over_threads(npb_run):
    """The scale-up suite's thread sweep is drawn like a node sweep, with threads on x."""
    df, ctx = npb_run
    threads = df[df["benchmark"] == "npb_ep"].assign(
        benchmark="cloverleaf",
        params=lambda d: d["params"].map(lambda p: {"deck": p["class"], "threads": p["nodes"]}))
    figs = dict(scaling.figures(threads, ctx, "scaleup"))
    assert set(figs) == {"scaleup-cloverleaf-deck_a-mops-vs-threads", "scaleup-cloverleaf-deck_s-mops-vs-threads"}
    fig = figs["scaleup-cloverleaf-deck_a-mops-vs-threads"]
    assert list(fig.axes[-1].get_xticks()) == [1, 2, 4] and "threads" in fig.axes[-1].get_xlabel()
    assert by_count(lines(fig, 1)["efficiency|native"]) == pytest.approx({1: 100, 2: 95, 4: 90})

"""The figures themselves, built in-process: what is drawn, how, and with which labels."""
import pandas as pd

from vcbench_plots import absolute, memlat, overhead, select, style


def bars(fig, prefix):
    """{gid: patch} of every bar whose gid starts with prefix."""
    return {p.get_gid(): p for ax in fig.axes for p in ax.patches
            if (p.get_gid() or "").startswith(prefix)}


def texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts] + \
           [ax.get_title(loc="left") for ax in fig.axes]


def only(figs, stem):
    return dict(figs)[stem]


def test_overhead_draws_exactly_the_drawable_rows(frame, ctx):
    fig = only(overhead.figures(frame, ctx, "micro"), "micro-overhead")
    drawn = select.drawable_overhead(select.bar_rows(frame), "native")
    expected = {f"overhead|{e}|{i}" for e, i in zip(drawn["environment"], drawn["instance"])}
    assert set(bars(fig, "overhead|")) == expected
    assert "overhead|kvm/tuned|lat_syscall op=open" not in expected


def test_overhead_bars_hatched_for_tcg_faded_when_not_significant(frame, ctx):
    found = bars(only(overhead.figures(frame, ctx, "micro"), "micro-overhead"), "overhead|")
    assert found["overhead|kvm/tuned|lat_syscall op=null"].get_hatch() == style.EMULATED_HATCH
    assert found["overhead|docker|lat_syscall op=null"].get_hatch() is None
    assert found["overhead|docker|lat_syscall op=null"].get_facecolor()[3] == 1.0
    assert found["overhead|docker|bw_mem size_bytes=8388608 op=rd"].get_facecolor()[3] < 0.5


def test_overhead_titles_and_note(frame, ctx):
    fig = only(overhead.figures(frame, ctx, "micro"), "micro-overhead")
    words = " ".join(texts(fig))
    assert "node1 · micro · overhead vs native" in words
    assert "96.8% interval" in words and "not drawn: 1 failed" in words
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "kvm/tuned (TCG emulation, not KVM)" in legend


def test_absolute_log_scale_only_when_wide(frame, ctx):
    figs = dict(absolute.figures(frame, ctx, "micro"))
    assert set(figs) == {"micro-absolute-latency-us", "micro-absolute-bandwidth-mb_s"}
    assert figs["micro-absolute-latency-us"].axes[0].get_xscale() == "log"     # 0.07-2500 us
    assert figs["micro-absolute-bandwidth-mb_s"].axes[0].get_xscale() == "linear"


def test_absolute_has_no_bar_for_failed_rows(frame, ctx):
    fig = only(absolute.figures(frame, ctx, "micro"), "micro-absolute-latency-us")
    found = bars(fig, "absolute|")
    assert "absolute|native|lat_syscall op=open" in found
    assert "absolute|kvm/tuned|lat_syscall op=open" not in found


def test_memlat_has_cache_lines_curves_and_tcg_dashes(frame, ctx):
    figs = dict(memlat.figures(frame, ctx, "micro"))
    assert set(figs) == {"micro-lat_mem_rd-stride_64_pattern_sequential",
                         "micro-lat_mem_rd-stride_64_pattern_random"}
    top = figs["micro-lat_mem_rd-stride_64_pattern_random"].axes[0]
    assert top.get_xscale() == "log"
    caches = {l.get_gid(): l.get_xdata()[0] for l in top.lines if "cache|" in (l.get_gid() or "")}
    assert caches == {"cache|L1d|latency": 32768, "cache|L2|latency": 524288,
                      "cache|L3|latency": 33554432}
    labels = [t.get_text() for t in top.texts]
    assert {"L1d 32 KiB", "L2 512 KiB", "L3 32 MiB"} <= set(labels)
    curves = {l.get_gid(): l for l in top.lines if "latency|" in (l.get_gid() or "")}
    assert curves["latency|kvm/tuned"].get_linestyle() == "--"
    assert curves["latency|native"].get_linestyle() == "-"


def test_memlat_failed_point_is_a_gap_and_named(frame, ctx):
    fig = dict(memlat.figures(frame, ctx, "micro"))["micro-lat_mem_rd-stride_64_pattern_random"]
    curve = next(l for l in fig.axes[0].lines if l.get_gid() == "latency|kvm/tuned")
    assert pd.isna(curve.get_ydata()[-1])          # 64 MiB failed under TCG
    assert any("not drawn: 1 failed (kvm/tuned at 64 MiB)" in t for t in texts(fig))


def test_sixty_instances_are_split_into_readable_figures(frame, ctx):
    one = frame[frame["label"] == "lat_syscall op=null"]
    copies = [one.assign(key=one["key"] + f"#{i}", instance=one["instance"] + f" #{i}",
                         order=i) for i in range(60)]
    figs = overhead.figures(pd.concat(copies), ctx, "micro")
    assert [stem for stem, _ in figs] == [f"micro-overhead-{i}of2" for i in (1, 2)]
    for _, fig in figs:
        assert len(fig.axes[0].get_yticks()) == 30

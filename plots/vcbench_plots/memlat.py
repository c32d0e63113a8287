"""Figure (c): lat_mem_rd, memory read latency against array size, one curve per environment.

The steps of the curve are the cache hierarchy, so the host's L1d/L2/L3 sizes are drawn on
it: a reader sees at which level an environment starts to cost (a guest without hugepages
typically loses past the last-level cache, to TLB misses). One figure per stride/pattern,
because a sequential walk (prefetched) and a random one differ by an order of magnitude at
DRAM. The lower panel is the overhead at each size, with its interval as a band.
"""
import math

from . import curves, select, text


def figures(df, ctx, suite):
    """[(file stem, Figure)]: one figure per swept benchmark and stride/pattern combination."""
    out = []
    for bench, rows in select.sweep_rows(df).groupby("benchmark", sort=False):
        swept = select.SWEEPS[bench]
        for desc, group in curve_groups(rows, swept):
            stem = "-".join(text.slug(s) for s in (suite, bench, desc) if s)
            head = f"{ctx.host} · {suite} · {bench} {desc}".rstrip()
            out.append((stem, figure(group, ctx, head, bench)))
    return out


def curve_groups(rows, swept):
    """[(description, rows with an 'x' column)]: the other params (stride, pattern) fix a figure."""
    rows = rows.assign(x=rows["params"].map(lambda p: size_value(p.get(swept))),
                       group=rows["params"].map(lambda p: text.params_text(p, skip=(swept,))))
    rows = rows[rows["x"].notna()]
    return [(desc, rows[rows["group"] == desc]) for desc in rows["group"].unique()]


def size_value(value):
    return float(value) if isinstance(value, (int, float)) and value > 0 else math.nan


def figure(rows, ctx, title_text, bench):
    """Latency curves (top) and overhead per size (bottom) for one stride/pattern."""
    def caches(top, bottom):
        cache_lines(top, ctx.caches, "latency", labelled=True)
        cache_lines(bottom, ctx.caches, "overhead", labelled=False)

    label = f"array size ({bench} walks a ring of this many bytes), log2 scale"
    return curves.figure(rows, ctx, curves.Layout(
        headline=title_text, gid="latency", decorate=caches,
        explanation=curves.explanation(rows, ctx.baseline, "array size", worse="slower",
                                       tail="; dotted lines = this host's caches"),
        note=select.note_text(curves.not_drawn(rows, ctx.baseline), point_name),
        x_axis=lambda ax, sizes: curves.size_axis(ax, sizes, label)))


def cache_lines(ax, caches, panel, labelled):
    """Dotted verticals at the host's cache sizes; labels ('L1d 32 KiB') on the top panel."""
    for label, size in caches:
        ax.axvline(size, color="#7f7f7f", linestyle=":", linewidth=1.1, zorder=0,
                   gid=f"cache|{label}|{panel}")
        if labelled:
            ax.annotate(f"{label} {text.human_bytes(size)}", xy=(size, 1.0),
                        xycoords=("data", "axes fraction"), xytext=(3, -3),
                        textcoords="offset points", va="top", ha="left", fontsize=7.5,
                        color="#555555")


def point_name(row):
    return f"{row['environment']} at {text.human_bytes(row['x'])}"

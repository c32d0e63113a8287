"""Figure (c): lat_mem_rd, memory read latency against array size, one curve per environment.

The steps of the curve are the cache hierarchy, so the host's L1d/L2/L3 sizes are drawn on
it: a reader sees at which level an environment starts to cost (a guest without hugepages
typically loses past the last-level cache, to TLB misses). One figure per stride/pattern,
because a sequential walk (prefetched) and a random one differ by an order of magnitude at
DRAM. The lower panel is the overhead at each size, with its interval as a band.
"""
import math

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter

from . import axes, select, style, text

MAX_SIZE_TICKS = 12


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
    envs = [e for e in ctx.environments if e in set(rows["environment"])]
    fig, (top, bottom) = axes.new_figure(8.0, rows=2, height_ratios=[2.0, 1.2])
    sizes = sorted(rows["x"].unique())
    latency_panel(top, rows, envs, sizes, ctx)
    overhead_panel(bottom, rows, envs, sizes, ctx)
    cache_lines(top, ctx.caches, "latency", labelled=True)
    cache_lines(bottom, ctx.caches, "overhead", labelled=False)
    size_axis(bottom, sizes, bench)
    axes.title(top, title_text, explanation(rows, ctx.baseline))
    axes.side_legend(top, style.curve_handles(envs, ctx.colours, ctx.emulated))
    axes.side_legend(bottom, significance_handles())
    axes.footer(bottom, select.note_text(not_drawn(rows, ctx.baseline), point_name),
                ctx.provenance)
    return fig


def series(rows, env, sizes):
    """One environment's drawable rows on the full size grid: NaN at a failed size breaks the
    line there, so a missing point is a visible gap, never an interpolated value."""
    mine = rows[rows["environment"] == env].drop_duplicates("x").set_index("x")
    return mine.reindex(sizes)


def latency_panel(ax, rows, envs, sizes, ctx):
    drawn = select.drawable_absolute(rows)
    for env in envs:
        points = series(drawn, env, sizes)
        accel = "tcg" if env in ctx.emulated else None
        ax.fill_between(sizes, points["ci_lo"], points["ci_hi"], zorder=1,
                        **style.band_style(ctx.colours[env], accel))
        ax.plot(sizes, points["median"], zorder=3, gid=f"latency|{env}",
                **style.line_style(ctx.colours[env], accel))
    scale = axes.value_scale(ax, pd.concat([drawn["ci_lo"], drawn["ci_hi"], drawn["median"]]),
                             axis="y")
    first = rows.iloc[0]
    ax.set_ylabel(f"{text.quantity(first['metric'], first['unit'])}, "
                  f"{text.better_text(first['better'])}{axes.scale_note(scale)}", fontsize=9)
    ax.grid(color="#e6e6e6", linewidth=0.6)


def overhead_panel(ax, rows, envs, sizes, ctx):
    drawn = select.drawable_overhead(rows, ctx.baseline)
    for env in [e for e in envs if e != ctx.baseline]:
        points = series(drawn, env, sizes)
        colour, accel = ctx.colours[env], ("tcg" if env in ctx.emulated else None)
        ax.fill_between(sizes, points["overhead_lo"], points["overhead_hi"], zorder=1,
                        **style.band_style(colour, accel))
        ax.plot(sizes, points["overhead_pct"], zorder=2,
                **{**style.line_style(colour, accel), "marker": None})
        for significant in (True, False):
            mask = points["significant"].eq(significant)
            ax.plot(np.asarray(sizes)[mask.to_numpy()], points.loc[mask, "overhead_pct"],
                    zorder=3, gid=f"overhead|{env}|{significant}",
                    **style.marker_style(colour, significant))
    ax.axhline(0, color="black", linewidth=1.0, zorder=4)
    values = pd.concat([drawn["overhead_lo"], drawn["overhead_hi"], drawn["overhead_pct"]])
    scale = axes.overhead_scale(ax, values, axis="y")
    ax.margins(y=0.12)
    ax.autoscale_view()
    symlog = f"\nsymlog, linear within ±{axes.SYMLOG_LINEAR:g}%" if scale == "symlog" else ""
    ax.set_ylabel(f"overhead vs {ctx.baseline} (%)\npositive = worse{symlog}", fontsize=8)
    ax.grid(color="#e6e6e6", linewidth=0.6)


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


def size_axis(ax, sizes, bench):
    """log2 x axis labelled in bytes, at most MAX_SIZE_TICKS labels so they never collide."""
    ax.set_xscale("log", base=2)
    low, high = math.floor(math.log2(min(sizes))), math.ceil(math.log2(max(sizes)))
    step = max(1, math.ceil((high - low + 1) / MAX_SIZE_TICKS))
    ax.xaxis.set_major_locator(FixedLocator([2.0 ** e for e in range(low, high + 1, step)]))
    ax.xaxis.set_minor_locator(FixedLocator([2.0 ** e for e in range(low, high + 1)]))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: text.human_bytes(v)))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.tick_params(axis="x", labelsize=8)
    ax.set_xlabel(f"array size ({bench} walks a ring of this many bytes), log2 scale",
                  fontsize=9)


def significance_handles():
    grey = "#606060"
    return [Line2D([], [], label="significant", **style.marker_style(grey, True)),
            Line2D([], [], label="not significant\n(interval holds 0)",
                   **style.marker_style(grey, False))]


def explanation(rows, baseline):
    values, ratios = select.drawable_absolute(rows), select.drawable_overhead(rows, baseline)
    band = text.interval_phrase("median's", values["ci_level"], values["ci_method"])
    ratio_band = text.interval_phrase("ratio's", ratios["ratio_level"], ratios["ratio_method"])
    return (f"top: line = median latency per array size, band = {band}; bottom: median ratio "
            f"to {baseline} − 1 in percent (positive = slower), band = {ratio_band}; "
            f"dotted lines = this host's caches.")


def not_drawn(rows, baseline):
    """Failed points (any environment) and points left without a ratio, each listed once."""
    failed = select.not_drawn_absolute(rows)
    no_ratio = select.not_drawn_overhead(rows, baseline)
    return pd.concat([failed, no_ratio[no_ratio["reason"] != "failed"]])


def point_name(row):
    return f"{row['environment']} at {text.human_bytes(row['x'])}"

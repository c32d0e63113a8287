"""Curves over a swept x: one line per environment with its interval as a band on top, the
overhead vs the baseline at each x underneath, and optional panels in between.

Shared by memlat (latency vs array size), osu (metric vs message size) and scaling (metric vs
node or rank count), so that a missing point, an emulated environment and a non-significant
overhead look the same on every curve figure. The figure modules choose what x is (rows come
with an 'x' column), how the x axis reads, and what the headline and footer say.
"""
import math
from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter

from . import axes, select, style, text

MAX_SIZE_TICKS = 12
HEIGHT_IN = 8.0             # values + overhead; a middle panel adds its own height
VALUE_RATIO, OVERHEAD_RATIO = 2.0, 1.2


@dataclass(frozen=True)
class Panel:
    """A panel between the values and the overheads (scaling's parallel efficiency)."""
    draw: Callable          # (ax, rows, envs, xs, ctx)
    height_in: float = 2.6
    height_ratio: float = 1.2


@dataclass(frozen=True)
class Layout:
    """What differs between curve figures; the panels themselves are drawn alike."""
    headline: str
    explanation: str
    note: str                           # the not-drawn note ('' when nothing is missing)
    x_axis: Callable                    # (ax, xs): scale, ticks and label of the shared x
    gid: str = "value"                  # top curves get gid 'gid|environment'
    log_decades: float = axes.LOG_DECADES  # the top panel turns log past this many decades
    middle: tuple = ()                  # Panels, top to bottom
    decorate: Optional[Callable] = None  # (top, bottom): marks drawn across panels


def figure(rows, ctx, layout):
    """Values (top), the layout's middle panels, overhead per x (bottom), sharing one x axis."""
    envs = [e for e in ctx.environments if e in set(rows["environment"])]
    ratios = [VALUE_RATIO, *[p.height_ratio for p in layout.middle], OVERHEAD_RATIO]
    fig, panels = axes.new_figure(HEIGHT_IN + sum(p.height_in for p in layout.middle),
                                  rows=len(ratios), height_ratios=ratios)
    top, bottom = panels[0], panels[-1]
    xs = sorted(rows["x"].unique())
    value_panel(top, rows, envs, xs, ctx, layout.gid, layout.log_decades)
    for panel, ax in zip(layout.middle, panels[1:-1]):
        panel.draw(ax, rows, envs, xs, ctx)
    overhead_panel(bottom, rows, envs, xs, ctx)
    if layout.decorate:
        layout.decorate(top, bottom)
    layout.x_axis(bottom, xs)
    axes.title(top, layout.headline, layout.explanation)
    axes.side_legend(top, style.curve_handles(envs, ctx.colours, ctx.emulated))
    axes.side_legend(bottom, significance_handles())
    axes.footer(bottom, layout.note, ctx.provenance)
    return fig


def series(rows, env, xs):
    """One environment's drawable rows on the full x grid: NaN at a failed x breaks the line
    there, so a missing point is a visible gap, never an interpolated value."""
    mine = rows[rows["environment"] == env].drop_duplicates("x").set_index("x")
    return mine.reindex(xs)


def accel_of(env, ctx):
    return "tcg" if env in ctx.emulated else None


def value_panel(ax, rows, envs, xs, ctx, gid, log_decades):
    drawn = select.drawable_absolute(rows)
    for env in envs:
        points = series(drawn, env, xs)
        accel = accel_of(env, ctx)
        ax.fill_between(xs, points["ci_lo"], points["ci_hi"], zorder=1,
                        **style.band_style(ctx.colours[env], accel))
        ax.plot(xs, points["median"], zorder=3, gid=f"{gid}|{env}",
                **style.line_style(ctx.colours[env], accel))
    scale = axes.value_scale(ax, pd.concat([drawn["ci_lo"], drawn["ci_hi"], drawn["median"]]),
                             axis="y", threshold=log_decades)
    first = rows.iloc[0]
    ax.set_ylabel(f"{text.quantity(first['metric'], first['unit'])}, "
                  f"{text.better_text(first['better'])}{axes.scale_note(scale)}", fontsize=9)
    ax.grid(color="#e6e6e6", linewidth=0.6)


def overhead_panel(ax, rows, envs, xs, ctx):
    drawn = select.drawable_overhead(rows, ctx.baseline)
    for env in [e for e in envs if e != ctx.baseline]:
        points = series(drawn, env, xs)
        colour, accel = ctx.colours[env], accel_of(env, ctx)
        ax.fill_between(xs, points["overhead_lo"], points["overhead_hi"], zorder=1,
                        **style.band_style(colour, accel))
        ax.plot(xs, points["overhead_pct"], zorder=2,
                **{**style.line_style(colour, accel), "marker": None})
        for significant in (True, False):
            mask = points["significant"].eq(significant)
            ax.plot(np.asarray(xs)[mask.to_numpy()], points.loc[mask, "overhead_pct"],
                    zorder=3, gid=f"overhead|{env}|{significant}",
                    **style.marker_style(colour, significant))
    ax.axhline(0, color="black", linewidth=1.0, zorder=4)
    if drawn.empty:
        # An empty panel would read as "no overhead"; say that there is no number instead.
        ax.annotate(f"no point has a ratio to {ctx.baseline} (see the note below)",
                    xy=(0.5, 0.75), xycoords="axes fraction", ha="center", va="center",
                    fontsize=9, color="#a00000", fontstyle="italic")
    values = pd.concat([drawn["overhead_lo"], drawn["overhead_hi"], drawn["overhead_pct"]])
    scale = axes.overhead_scale(ax, values, axis="y")
    ax.margins(y=0.12)
    ax.autoscale_view()
    symlog = f"\nsymlog, linear within ±{axes.SYMLOG_LINEAR:g}%" if scale == "symlog" else ""
    ax.set_ylabel(f"overhead vs {ctx.baseline} (%)\npositive = worse{symlog}", fontsize=8)
    ax.grid(color="#e6e6e6", linewidth=0.6)


def log2_axis(ax, major, minor, formatter, label):
    """log2 x axis with ticks exactly where given (sizes and counts are powers of two)."""
    ax.set_xscale("log", base=2)
    ax.xaxis.set_major_locator(FixedLocator(major))
    ax.xaxis.set_minor_locator(FixedLocator(minor))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: formatter(v)))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.tick_params(axis="x", labelsize=8)
    ax.set_xlabel(label, fontsize=9)


def size_axis(ax, sizes, label):
    """log2 axis labelled in bytes, at most MAX_SIZE_TICKS labels so they never collide."""
    low, high = math.floor(math.log2(min(sizes))), math.ceil(math.log2(max(sizes)))
    step = max(1, math.ceil((high - low + 1) / MAX_SIZE_TICKS))
    log2_axis(ax, [2.0 ** e for e in range(low, high + 1, step)],
              [2.0 ** e for e in range(low, high + 1)], text.human_bytes, label)


def count_axis(ax, counts, label):
    """log2 axis with a tick at each measured count only: 1, 2, 4 nodes read as steps of 2x."""
    log2_axis(ax, list(counts), [], lambda v: f"{v:g}", label)


def significance_handles():
    grey = "#606060"
    return [Line2D([], [], label="significant", **style.marker_style(grey, True)),
            Line2D([], [], label="not significant\n(interval holds 0)",
                   **style.marker_style(grey, False))]


def explanation(rows, baseline, per, worse="worse", middle="", tail=""):
    """'top: line = median <metric> per <per>, band = ...; [middle; ]bottom: ...[tail].'"""
    values, ratios = select.drawable_absolute(rows), select.drawable_overhead(rows, baseline)
    band = text.interval_phrase("median's", values["ci_level"], values["ci_method"])
    ratio_band = text.interval_phrase("ratio's", ratios["ratio_level"], ratios["ratio_method"])
    return (f"top: line = median {rows.iloc[0]['metric']} per {per}, band = {band}; {middle}"
            f"bottom: median ratio to {baseline} − 1 in percent (positive = {worse}), "
            f"band = {ratio_band}{tail}.")


def not_drawn(rows, baseline):
    """Failed points (any environment) and points left without a ratio, each listed once."""
    failed = select.not_drawn_absolute(rows)
    no_ratio = select.not_drawn_overhead(rows, baseline)
    return pd.concat([failed, no_ratio[no_ratio["reason"] != "failed"]])

"""Grouped horizontal bars: one band per benchmark instance, one bar per environment.

Horizontal because instance labels ('bw_mem size_bytes=8388608 op=rd') are long and ~60 of
them must stay readable; shared by the absolute and the overhead figures so both place,
style and whisker their bars the same way.
"""
import math

from . import style

BAND = 0.8          # share of an instance's band filled by its bars
MAX_BARS = 80       # bars per figure before the instances are split over several figures
WHISKER = {"fmt": "none", "ecolor": "#222222", "elinewidth": 0.9, "capsize": 2.0,
           "capthick": 0.9, "zorder": 3}


def instances_per_figure(n_envs):
    """How many instances fit one figure so that it stays near MAX_BARS bars."""
    return max(4, MAX_BARS // max(1, n_envs))


def height_in(n_instances, n_envs):
    """Figure height: room for title and footer, plus a band per instance."""
    return 2.8 + n_instances * (0.13 * max(1, n_envs) + 0.14)


def slots(environments):
    """The vertical offset of each environment's bar inside a band, and the bar height."""
    count = max(1, len(environments))
    height = BAND / count
    return {e: (i - (count - 1) / 2) * height for i, e in enumerate(environments)}, height


def instance_axis(ax, keys, names):
    """Instance labels on the y axis, first instance at the top, faint band separators."""
    ax.set_yticks(range(len(keys)), [names[k] for k in keys], fontsize=8)
    ax.set_ylim(len(keys) - 0.5, -0.5)
    for edge in range(1, len(keys)):
        ax.axhline(edge - 0.5, color="#e6e6e6", linewidth=0.6, zorder=0)
    ax.grid(axis="x", color="#e6e6e6", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)


def draw(ax, rows, keys, envs, ctx, columns, faded_by=None, gid="bar"):
    """One bar per row at its (instance, environment) slot, whiskers from its interval.

    envs are the slots of a band (the same in every band, so environments line up);
    columns = (value, lo, hi); faded_by names a boolean column (True = full fill).
    Each bar gets a gid 'gid|environment|instance' so tests and SVG readers can find it.
    """
    value, lo, hi = columns
    position = {k: i for i, k in enumerate(keys)}
    offsets, height = slots(envs)
    for _, row in rows.iterrows():
        y = position[row["key"]] + offsets.get(row["environment"], 0.0)
        full = True if faded_by is None else bool(row[faded_by])
        ax.barh(y, row[value], height=height * 0.92, zorder=2,
                gid=f"{gid}|{row['environment']}|{row['instance']}",
                **style.bar_style(ctx.colours[row["environment"]], row["accel"], full))
        whisker(ax, y, row[value], row[lo], row[hi])


def whisker(ax, y, value, lo, hi):
    """Interval whiskers; none when the report has no interval (n too small for one)."""
    if math.isnan(lo) or math.isnan(hi):
        return
    ax.errorbar([value], [y], xerr=[[max(0.0, value - lo)], [max(0.0, hi - value)]], **WHISKER)


def missing_marks(ax, missing, keys, envs):
    """A small red word where a bar would be, so a gap is not mistaken for a zero."""
    position = {k: i for i, k in enumerate(keys)}
    offsets, _ = slots(envs)
    for _, row in missing.iterrows():
        if row["key"] not in position:
            continue
        y = position[row["key"]] + offsets.get(row["environment"], 0.0)
        ax.annotate(f"{row['environment']}: {row['reason']}", xy=(0, y),
                    xycoords=("axes fraction", "data"),
                    xytext=(3, 0), textcoords="offset points", va="center", ha="left",
                    fontsize=6.5, color="#a00000", fontstyle="italic")

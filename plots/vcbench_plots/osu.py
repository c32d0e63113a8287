"""Figure (d): OSU message-size curves, the metric against message size, one line per environment.

Small messages measure the latency of the MPI path (where a container's network namespace or a
VM's virtual NIC costs most), large ones its bandwidth, so the curve shows where an
environment's cost sits. One figure per OSU benchmark (and per rank/node layout when a run has
several); the overhead vs the baseline at each size is the panel underneath.
"""
import math

import pandas as pd

from . import curves, select, text

BENCHMARKS = ("osu_latency", "osu_bw", "osu_bibw", "osu_allreduce", "osu_alltoall", "osu_bcast")
SWEPT = "size_bytes"
# The ladder's bounds: the x axis already shows them, so the headline leaves them out.
LADDER = (SWEPT, "min-size", "max-size")
OFF_AXIS = "at 0 B, off the log2 axis"
# Latency from 0.5 to 30 us is under 2 decades, yet on a linear axis the small messages, where
# an environment's cost shows, sit flat on the floor: these curves go log past one decade.
LOG_DECADES = 1.0


def figures(df, ctx, suite):
    """[(file stem, Figure)]: one figure per OSU benchmark and rank/node layout."""
    rows = message_rows(df)
    rows = rows.assign(x=rows["params"].map(lambda p: size_value(p[SWEPT])))
    rows = rows[rows["x"].notna()]
    out = []
    for (bench, _), mine in rows.groupby(["benchmark", "metric"], sort=False):
        for desc, group in select.figure_groups(mine, skip=(SWEPT,)):
            if not (group["x"] > 0).any():
                continue        # only 0-byte points: nothing a log axis can show
            stem = "-".join(text.slug(s) for s in (suite, bench, desc) if s)
            out.append((stem, figure(group, ctx, suite)))
    return out


def message_rows(df):
    """Rows of the OSU benchmarks that were measured at a message size."""
    return df[df["benchmark"].isin(BENCHMARKS) & df["params"].map(lambda p: SWEPT in p)]


def size_value(value):
    """Bytes as a float; 0 is kept (osu_latency starts there), nonsense becomes NaN."""
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0
    return float(value) if ok else math.nan


def figure(rows, ctx, suite):
    """Metric per message size (top) and overhead per size (bottom) for one benchmark."""
    first = rows.iloc[0]
    head = f"{ctx.host} · {suite} · {first['benchmark']} " \
           f"{text.params_text(first['params'], skip=LADDER)}"
    on_axis = rows[rows["x"] > 0]
    return curves.figure(on_axis, ctx, curves.Layout(
        headline=head.rstrip(), log_decades=LOG_DECADES,
        explanation=curves.explanation(rows, ctx.baseline, "message size",
                                       worse="worse: slower, or less bandwidth"),
        note=select.note_text(not_drawn(rows, ctx.baseline), point_name),
        x_axis=lambda ax, sizes: curves.size_axis(ax, sizes, "message size, log2 scale")))


def not_drawn(rows, baseline):
    """The curves' missing points, plus the 0-byte points: a log axis has no place for them,
    so the footer gives their values instead of dropping them silently."""
    missing = curves.not_drawn(rows, baseline)
    zero = rows["x"] == 0
    measured_at_zero = select.drawable_absolute(rows[zero])
    missing = missing[~missing.index.isin(measured_at_zero.index)]
    return pd.concat([missing, measured_at_zero.assign(reason=OFF_AXIS)])


def point_name(row):
    """'docker at 64 KiB' for a missing point; 'docker 0.205 µs (+13.3%)' for a 0-byte one."""
    if row["reason"] != OFF_AXIS:
        return f"{row['environment']} at {text.human_bytes(row['x'])}"
    overhead = row["overhead_pct"]
    cost = "" if math.isnan(overhead) else f" ({text.signed_percent(overhead)})"
    return f"{row['environment']} {row['median']:.3g} {text.unit_text(row['unit'])}{cost}"

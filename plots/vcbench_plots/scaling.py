"""Figure (e): scale-out and scale-up, the metric against node, rank or thread count per environment.

Answers "does an environment cost more as a job spreads over more nodes (or threads)?": the top
panel is the metric at each count, the middle one each environment's parallel efficiency against
its own smallest count, the bottom one the overhead vs the baseline at each count. Drawn for the
MPI suites, for every benchmark whose rows span more than one node count (or, in a run without
nodes, more than one rank count), and for the proxy suites over their thread counts; one figure
per class, deck or other fixed params.
"""
import math

import pandas as pd
from matplotlib.lines import Line2D

from . import axes, curves, efficiency, select, style, text

# The count each suite sweeps, in order of preference: nodes first, it is what a scale-out run sweeps.
SUITE_COUNTS = {suite: ("nodes", "ranks") for suite in ("osu", "npb", "graph500")}
SUITE_COUNTS.update({suite: ("threads", "ranks") for suite in ("scaleup", "cloverleaf", "comd")})
COUNTS = ("nodes", "ranks", "threads")
PER_NODE = "ranks_per_node"
MESSAGE_SIZE = "size_bytes"
IDEAL = 100.0


def figures(df, ctx, suite):
    """[(file stem, Figure)]: one figure per benchmark, metric and fixed params that scale."""
    if suite not in SUITE_COUNTS:
        return []
    out = []
    for (bench, metric), rows in df.groupby(["benchmark", "metric"], sort=False):
        count = count_param(rows, SUITE_COUNTS[suite])
        if count is None:
            continue
        for desc, group in select.figure_groups(representative_sizes(with_count(rows, count))):
            if group["x"].nunique() < 2:
                continue        # one count is a point, not a scaling curve
            stem = "-".join(text.slug(s) for s in (suite, bench, desc, metric) if s)
            out.append((f"{stem}-vs-{count}", figure(group, ctx, suite, count)))
    return out


def is_count(value):
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def count_param(rows, candidates=("nodes", "ranks")):
    """The first of `candidates` ('nodes', then 'ranks'; or 'threads') the rows span several values of."""
    for name in candidates:
        if len({p[name] for p in rows["params"] if is_count(p.get(name))}) > 1:
            return name
    return None


def with_count(rows, count):
    """Rows with x = their count and params without the counts, so the params left fix a
    figure. With nodes on x, ranks become ranks per node: 2 per node on 1, 2, 4 nodes is one
    curve, not three single points."""
    rows = rows[rows["params"].map(lambda p: is_count(p.get(count)))]
    return rows.assign(x=rows["params"].map(lambda p: float(p[count])),
                       params=rows["params"].map(lambda p: fixed_params(p, count)))


def fixed_params(params, count):
    dropped = ("nodes", "ranks") if count in ("nodes", "ranks") else (count,)
    kept = {k: v for k, v in params.items() if k not in dropped}
    ranks, nodes = params.get("ranks"), params.get("nodes")
    if count == "nodes" and is_count(ranks):
        kept[PER_NODE] = ranks // nodes if ranks % nodes == 0 else ranks / nodes
    return kept


def representative_sizes(rows):
    """An OSU ladder would give one figure per message size: keep the smallest non-zero size
    (latency-bound) and the largest (bandwidth-bound) measured at every count."""
    if not is_message(rows):
        return rows
    sizes = rows["params"].map(lambda p: p.get(MESSAGE_SIZE))
    common = set.intersection(*[set(sizes[rows["x"] == x]) for x in rows["x"].unique()])
    common = {s for s in common if isinstance(s, (int, float)) and s > 0}
    return rows[sizes.isin({min(common), max(common)})] if common else rows.iloc[0:0]


def is_message(rows):
    return rows["params"].map(lambda p: MESSAGE_SIZE in p).any()


def figure(rows, ctx, suite, count):
    """Metric (top), efficiency (middle, not for message benchmarks) and overhead per count."""
    first = rows.iloc[0]
    per = f"{count[:-1]} count"
    head = f"{ctx.host} · {suite} · {first['benchmark']} " \
           f"{text.params_text(first['params'])}".rstrip() + f" · {first['metric']} vs {count}"
    if is_message(rows):
        # A collective's latency grows with the ranks by design: an "efficiency" would mislead.
        middle, says = (), ""
    else:
        middle = (curves.Panel(draw=efficiency_panel),)
        says = (f"middle: parallel efficiency vs each environment's own smallest {per} "
                f"with a value ({IDEAL:g}% = perfect scaling; from medians, no interval); ")
    return curves.figure(rows, ctx, curves.Layout(
        headline=head, middle=middle,
        explanation=curves.explanation(rows, ctx.baseline, per, middle=says,
                                       worse="worse: slower, or less throughput"),
        note=select.note_text(curves.not_drawn(rows, ctx.baseline),
                              lambda r: f"{r['environment']} at {r['x']:g} {count}"),
        x_axis=lambda ax, xs: curves.count_axis(ax, xs, f"{count}, log2 scale")))


def efficiency_points(rows, env, xs):
    """An environment's efficiency in percent on the full count grid (NaN where it failed)."""
    mine = select.drawable_absolute(rows)
    mine = mine[mine["environment"] == env].drop_duplicates("x")
    better = mine["better"].iloc[0] if len(mine) else None
    values = efficiency.parallel_efficiency(mine["x"], mine["median"], better) * 100
    return pd.Series(values, index=mine["x"].to_numpy(), dtype=float).reindex(xs)


def efficiency_panel(ax, rows, envs, xs, ctx):
    drawn = []
    for env in envs:
        points = efficiency_points(rows, env, xs)
        ax.plot(xs, points.to_numpy(), zorder=3, gid=f"efficiency|{env}",
                **style.line_style(ctx.colours[env], curves.accel_of(env, ctx)))
        drawn += points.dropna().tolist()
    ax.axhline(IDEAL, color="black", linewidth=1.0, linestyle=":", zorder=2)
    top = max([IDEAL, *drawn])
    ax.set_ylim(0, math.ceil(top * 1.1 / 10) * 10)
    ax.set_ylabel("parallel efficiency (%)\nvs own smallest count", fontsize=8)
    ax.grid(color="#e6e6e6", linewidth=0.6)
    axes.side_legend(ax, [Line2D([], [], color="black", linewidth=1.0, linestyle=":",
                                 label=f"{IDEAL:g}% = ideal\n(speedup = count ratio)")])


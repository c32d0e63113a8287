"""The availability suite's figures (sim/, issue 7): how sharing policies use a cluster.

    sweep figures   on-demand rejections, batch slowdown and overall utilization against the
                    reserve R, the wait w and the static batch share (from report.json rows,
                    drawn only when the run swept that parameter)
    timelines       utilization over time per class (batch, on-demand, idle), small multiples,
                    one panel per configuration (from records.jsonl: the simulator writes the
                    downsampled timeline into the utilization_overall record's detail)

The simulator is deterministic, so a sweep point is one value, not a distribution: no whiskers.
"""
import math

from matplotlib.figure import Figure
from matplotlib.patches import Patch

from . import axes, select, text
from .load import run_records

BENCHMARK = "availability"
# (swept param, the policy that has it, axis label)
SWEEPS = (("reserve", "dynamic", "reserve R (nodes kept idle for on-demand)"),
          ("wait_s", "dynamic", "wait w (s) before an on-demand request is rejected"),
          ("batch_share", "static", "batch partition (% of the nodes)"))
# (metric, panel label)
SWEEP_PANELS = (("od_rejected_pct", "on-demand rejected (%)\nlower is better"),
                ("batch_slowdown", "batch bounded slowdown\nlower is better"),
                ("utilization_overall", "overall utilization (%)\nhigher is better"))
PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#17becf"]
CLASS_COLOURS = {"batch": "#1f77b4", "od": "#ff7f0e", "idle": "#e6e6e6"}
CLASS_LABELS = {"batch": "batch (on availability)", "od": "on-demand", "idle": "idle"}
PANELS_PER_FIGURE = 6


def figures(df, ctx, suite):
    """[(file stem, Figure)]: one figure per swept parameter that the run actually swept."""
    rows = df[(df["benchmark"] == BENCHMARK) & select.has_value(df)]
    out = []
    for param, policy, label in SWEEPS:
        curves = sweep_curves(rows, param, policy)
        if curves:
            stem = f"{text.slug(suite)}-vs-{text.slug(param)}"
            out.append((stem, sweep_figure(curves, param, label, ctx, suite)))
    return out


def sweep_curves(rows, param, policy):
    """{curve label: {metric: [(x, value)]}} for rows of `policy` whose other params agree.

    A curve needs at least two points: a single configuration is a table row, not a sweep."""
    mine = rows[rows["params"].map(lambda p: p.get("policy") == policy and param in p)]
    curves = {}
    for _, row in mine.iterrows():
        x = row["params"][param]
        if not isinstance(x, (int, float)):
            continue
        label = text.params_text(row["params"], skip=(param, "policy"))
        curves.setdefault(label, {}).setdefault(row["metric"], []).append((x, row["median"]))
    return {label: metrics for label, metrics in curves.items()
            if len({x for points in metrics.values() for x, _ in points}) >= 2}


def sweep_figure(curves, param, xlabel, ctx, suite):
    """Rejections, slowdown and utilization (one panel each) against one swept parameter."""
    fig, panels = axes.new_figure(7.5, rows=len(SWEEP_PANELS))
    for ax, (metric, ylabel) in zip(panels, SWEEP_PANELS):
        for i, (label, metrics) in enumerate(sorted(curves.items())):
            points = sorted(metrics.get(metric, []))
            if points:
                ax.plot([x for x, _ in points], [v for _, v in points], marker="o", markersize=4,
                        color=PALETTE[i % len(PALETTE)], label=label, gid=f"sweep|{param}|{metric}|{label}")
        ax.set_ylabel(ylabel, fontsize=8)
        ax.grid(color="#e6e6e6", linewidth=0.6)
    panels[-1].set_xlabel(xlabel, fontsize=9)
    axes.title(panels[0], f"{ctx.host} · {suite} · policies against {param}",
               "points = one deterministic simulation each (no interval: the same inputs give "
               "the same numbers); lines join configurations that differ only in " + param + ".")
    axes.side_legend(panels[0], panels[0].get_legend_handles_labels()[0], "other parameters")
    axes.footer(panels[-1], "", ctx.provenance)
    return fig


def timeline_figures(folder, ctx, results):
    """[(file stem, Figure)]: utilization over time, PANELS_PER_FIGURE configurations each.

    Reads folder/records.jsonl, keeping this run's records only; a run without availability
    rows, or a folder without the file, has no timeline."""
    suite = select.suite_of(results.frame, BENCHMARK)
    if suite is None:
        return []
    timelines = read_timelines(folder, results.run.get("id"))
    parts = select.chunks(list(timelines), PANELS_PER_FIGURE)
    return [(f"{text.slug(suite)}-utilization-timeline{select.part_suffix(i, len(parts))}",
             timeline_figure([(k, timelines[k]) for k in keys], ctx, suite, i, len(parts)))
            for i, keys in enumerate(parts)]


def read_timelines(folder, run_id):
    """{configuration label: timeline detail}, first valid record of each configuration."""
    found = {}
    for record in run_records(folder, run_id):
        timeline = (record.get("detail") or {}).get("timeline")
        if not timeline or not usable(record):
            continue
        label = config_label(record["benchmark"].get("params") or {})
        env = (record.get("environment") or {}).get("name", "native")
        found.setdefault(label if env == "native" else f"{label} ({env})", timeline)
    return found


def usable(record):
    """A validated utilization_overall record of the availability kernel."""
    return (record.get("benchmark", {}).get("name") == BENCHMARK
            and record.get("metric", {}).get("name") == "utilization_overall"
            and (record.get("validation") or {}).get("passed") is True)


def config_label(params):
    """'dynamic R=0 w=30 s' / 'static 75% batch w=30 s' / 'fill 64 nodes': a panel's title."""
    policy = params.get("policy", "?")
    parts = [str(policy)]
    if "batch_share" in params:
        parts.append(f"{params['batch_share']}% batch")
    if "reserve" in params:
        parts.append(f"R={params['reserve']}")
    if "wait_s" in params:
        parts.append(f"w={params['wait_s']} s")
    parts.append(f"{params.get('nodes', '?')} nodes")
    return " ".join(parts)


def timeline_figure(items, ctx, suite, index, count):
    """Stacked batch / on-demand / idle shares over time, one panel per configuration."""
    cols = 2 if len(items) > 1 else 1
    rows = math.ceil(len(items) / cols)
    fig = Figure(figsize=(axes.WIDTH_IN, 1.2 + 2.3 * rows), dpi=150)
    grid = fig.subplots(rows, cols, squeeze=False, sharey=True)
    for ax, (label, timeline) in zip(grid.flat, items):
        timeline_panel(ax, label, timeline)
    for ax in list(grid.flat)[len(items):]:
        ax.set_visible(False)
    part = f" (part {index + 1} of {count})" if count > 1 else ""
    fig.suptitle(f"{ctx.host} · {suite} · utilization over time per class{part}", x=0.01,
                 ha="left", fontsize=11, fontweight="bold")
    fig.legend(handles=[Patch(color=CLASS_COLOURS[c], label=CLASS_LABELS[c]) for c in CLASS_COLOURS],
               loc="upper right", ncol=3, fontsize=8, frameon=False)
    fig.text(0.01, 0.005, ctx.provenance, fontsize=7, color="#666666")
    fig.tight_layout(rect=(0, 0.02, 1, 0.95))
    return fig


def timeline_panel(ax, label, timeline):
    """One configuration: the shares of the machine, averaged over each bin, stacked to 1."""
    columns = timeline.get("columns") or ["t_s", "batch", "od", "idle"]
    points = [dict(zip(columns, p)) for p in timeline.get("points") or []]
    hours = [p["t_s"] / 3600 for p in points]
    shares = [[p[c] for p in points] for c in ("batch", "od", "idle")]
    ax.stackplot(hours, *shares, colors=[CLASS_COLOURS[c] for c in ("batch", "od", "idle")],
                 step="post", linewidth=0, gid=f"timeline|{label}")
    ax.set_title(label, fontsize=8.5, loc="left")
    ax.set_ylim(0, 1)
    ax.set_xlim(0, max(hours[-1] + timeline.get("bin_s", 0) / 3600, 1e-9) if hours else 1)
    ax.set_xlabel(f"hours since the first arrival (bins of {timeline.get('bin_s', '?')} s)", fontsize=7.5)
    ax.set_ylabel("share of nodes", fontsize=7.5)
    ax.tick_params(labelsize=7)

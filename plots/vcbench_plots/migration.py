"""The migration suite's figures (issue 9): what live-migrating a guest costs, and when it hurts.

    sweep figures   downtime and total time against the workload's dirty rate, one line per
                    bandwidth limit, one column of panels per guest memory size (report.json
                    rows: medians, the report's interval as a band); one figure per environment
                    and per mode / transport / downtime limit the run has
    timelines       the workload's throughput through one migration of each measured point, the
                    migration window shaded and the pause marked (records.jsonl: the total_time
                    record's detail.timeline); the repetition drawn is the point's median one

Only VMs migrate, and where /dev/kvm does not work they run under TCG: the lines are then
dashed, the bands hatched and every title names the environment "(TCG emulation, not KVM)".
Failed points (a migration that never converged, a mode the guest does not support) are never
drawn: the report gives them no median, and the footer names them.
"""
import math
import textwrap

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from . import axes, select, style, text
from .load import run_records

BENCHMARK = "migration"
SWEPT, LINES, COLUMNS = "dirty_mb_s", "max_bandwidth_mb_s", "memory_mb"
AXES = (SWEPT, LINES, COLUMNS)
METRICS = ("downtime", "total_time")
# Bandwidth limits from the tightest up, "unlimited" (0) last, in a light-to-dark ramp.
LIMIT_COLOURS = ["#9ecae1", "#4292c6", "#08519c", "#08306b"]
UNLIMITED_COLOUR = "#d95f02"
WINDOW_COLOUR, PAUSE_COLOUR = "#fdd9b5", "#d62728"
# A sample below half the reference throughput is a stall: the kernel's rule for workload_pause.
PAUSE_FRACTION = 0.5
PANELS_PER_FIGURE = 6
REPETITION_RULE = ("each panel is the repetition whose total time is the median of its point's valid "
                   "repetitions (the lower middle one when their number is even)")


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def limit_text(limit, prefix=""):
    return "unlimited" if limit == 0 else f"{prefix}{limit:g} MB/s"


def dirty_text(dirty):
    return "idle" if dirty == 0 else f"dirty {dirty:g} MB/s"


def point_label(params):
    """'512 MB · dirty 32 MB/s · unlimited': what tells a point apart in a note or a panel."""
    return " · ".join([f"{params[COLUMNS]:g} MB", dirty_text(params[SWEPT]),
                       limit_text(params[LINES], prefix="limit ")])


def prefix(suite):
    """'migration' for the migration suite, 'mysuite-migration' for a suite file that has it."""
    return suite if suite == BENCHMARK else f"{suite}-{BENCHMARK}"


def sweep_rows(df):
    """The migration rows of the two swept metrics whose three axes are numbers."""
    rows = df[(df["benchmark"] == BENCHMARK) & df["metric"].isin(METRICS)]
    return rows[rows["params"].map(lambda p: all(is_number(p.get(k)) for k in AXES)).astype(bool)]


def figures(df, ctx, suite):
    """[(file stem, Figure)]: one per environment and mode/transport/downtime limit that has
    points drawn at two dirty rates or more."""
    rows = sweep_rows(df)
    out = []
    for env in [e for e in ctx.environments if e in set(rows["environment"])]:
        for desc, group in select.figure_groups(rows[rows["environment"] == env], skip=AXES):
            drawn = select.drawable_absolute(group)
            if drawn["params"].map(lambda p: p[SWEPT]).nunique() < 2:
                continue    # all failed (the report says why), or one dirty rate: a point, not a curve
            stem = "-".join(text.slug(s) for s in (prefix(suite), env, desc) if s)
            out.append((f"{stem}-vs-dirty_rate", sweep_figure(group, env, desc, ctx, suite)))
    return out


def limit_colours(limits):
    finite = [lim for lim in limits if lim != 0]
    ramp = LIMIT_COLOURS[-len(finite):] if len(finite) <= len(LIMIT_COLOURS) else \
        [LIMIT_COLOURS[i % len(LIMIT_COLOURS)] for i in range(len(finite))]
    colours = dict(zip(finite, ramp))
    colours[0] = UNLIMITED_COLOUR
    return colours


def ordered_limits(rows):
    """Bandwidth limits, tightest first and unlimited (0) last."""
    limits = {p[LINES] for p in rows["params"]}
    return sorted(limits, key=lambda lim: (lim == 0, lim))


def points(drawn, metric, memory, limit, xs):
    """One line's medians and interval on the full dirty-rate grid: NaN where the point failed,
    so a missing point is a gap, never an interpolated value."""
    mine = drawn[(drawn["metric"] == metric)
                 & drawn["params"].map(lambda p: p[COLUMNS] == memory and p[LINES] == limit)]
    mine = mine.assign(x=mine["params"].map(lambda p: float(p[SWEPT])))
    return mine.drop_duplicates("x").set_index("x")[["median", "ci_lo", "ci_hi"]].reindex(xs)


def sweep_figure(rows, env, desc, ctx, suite):
    """Downtime (top row) and total time (bottom row) against dirty rate, a column per memory."""
    memories = sorted({p[COLUMNS] for p in rows["params"]})
    limits = ordered_limits(rows)
    colours = limit_colours(limits)
    xs = sorted({float(p[SWEPT]) for p in rows["params"]})
    emulated = env in ctx.emulated
    accel = "tcg" if emulated else None
    drawn = select.drawable_absolute(rows)
    fig = Figure(figsize=(axes.WIDTH_IN, 2.2 + 3.0 * len(METRICS)), dpi=150)
    grid = fig.subplots(len(METRICS), len(memories), squeeze=False, sharex=True, sharey="row")
    for r, metric in enumerate(METRICS):
        values = drawn.loc[drawn["metric"] == metric, ["median", "ci_lo", "ci_hi"]].stack()
        for c, memory in enumerate(memories):
            ax = grid[r][c]
            for limit in limits:
                line = points(drawn, metric, memory, limit, xs)
                ax.fill_between(xs, line["ci_lo"], line["ci_hi"], zorder=1,
                                **style.band_style(colours[limit], accel))
                ax.plot(xs, line["median"], zorder=3, gid=f"{metric}|{memory:g}|{limit:g}",
                        **style.line_style(colours[limit], accel))
            value_axis(ax, values, rows[rows["metric"] == metric].iloc[0], first=c == 0)
            if r == 0:
                ax.set_title(f"{memory:g} MB guest memory", fontsize=9)
            if r == len(METRICS) - 1:
                ax.set_xticks(xs)
                ax.set_xlabel("dirty rate asked of the workload (MB/s; 0 = idle)", fontsize=8.5)
    head = f"{ctx.host} · {suite} · live migration of {style.env_label(env, emulated)}" \
           + (f" · {desc}" if desc else "")
    handles = [Line2D([], [], label=limit_text(lim), **style.line_style(colours[lim], accel))
               for lim in limits]
    if emulated:
        handles.append(Patch(label="dashed, hatched:\nTCG emulation, not KVM",
                             **style.band_style("#808080", "tcg")))
    grid[0][-1].legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8,
                       title="bandwidth limit", title_fontsize=8, frameon=False)
    band = text.interval_phrase("median's", drawn["ci_level"], drawn["ci_method"])
    explain = (f"line = median over the valid repetitions, band = {band}; one line per migration "
               f"bandwidth limit, one column per guest memory size.")
    missing = select.not_drawn_absolute(rows)
    missing = missing[~missing["params"].map(point_label).duplicated()]   # downtime and total
    note = select.note_text(missing, lambda r: point_label(r["params"]))
    frame(fig, head, explain, note, ctx.provenance)
    return fig


def value_axis(ax, values, first_row, first):
    """Log past two decades (a near-stalled migration dwarfs the rest), else linear from 0."""
    scale = axes.value_scale(ax, values, axis="y")
    if scale == "linear":
        ax.set_ylim(bottom=0)
    if first:
        ax.set_ylabel(f"{text.quantity(first_row['metric'], first_row['unit'])}\n"
                      f"{text.better_text(first_row['better'])}{axes.scale_note(scale)}",
                      fontsize=8.5)
    ax.grid(color="#e6e6e6", linewidth=0.6)
    ax.tick_params(labelsize=7.5)


def frame(fig, headline, explanation, note, provenance):
    """Headline and explanation above the panels, the not-drawn note and provenance below."""
    lines = textwrap.wrap(explanation, axes.EXPLANATION_WIDTH)
    fig.suptitle(headline, x=0.01, ha="left", fontsize=11, fontweight="bold")
    fig.text(0.01, 0.985 - 0.35 / fig.get_figheight(), "\n".join(lines), fontsize=8, va="top",
             color="#333333")
    fig.text(0.01, 0.005, provenance, fontsize=7.5, va="bottom", color="#666666")
    note_lines = note.count("\n") + 1 if note else 0
    if note:
        fig.text(0.01, 0.005 + 0.15 / fig.get_figheight(), note, fontsize=7.5, va="bottom",
                 color="#a00000")
    top = 1 - (0.4 + 0.13 * len(lines)) / fig.get_figheight()
    bottom = (0.25 + 0.14 * note_lines) / fig.get_figheight()
    fig.tight_layout(rect=(0, bottom, 1, top))


# ---- timelines -------------------------------------------------------------------------------

def timeline_figures(folder, ctx, results):
    """[(file stem, Figure)]: throughput through one migration per point, PANELS_PER_FIGURE each.

    A run without migration rows, or a folder without records.jsonl, has no timeline."""
    suite = select.suite_of(results.frame, BENCHMARK)
    if suite is None:
        return []
    chosen = read_timelines(folder, results.run.get("id"))
    parts = select.chunks(chosen, PANELS_PER_FIGURE)
    return [(f"{text.slug(prefix(suite))}-timeline{select.part_suffix(i, len(parts))}",
             timeline_figure(items, ctx, suite, i, len(parts)))
            for i, items in enumerate(parts)]


def usable_timeline(record):
    """A validated total_time record of the migration kernel that carries a timeline."""
    timeline = (record.get("detail") or {}).get("timeline") or {}
    ok = (record.get("benchmark", {}).get("name") == BENCHMARK
          and record.get("metric", {}).get("name") == "total_time"
          and (record.get("validation") or {}).get("passed") is True
          and is_number(record["metric"].get("value")))
    keys = ("t_s", "mb_s", "migration_start_s", "migration_end_s")
    return ok and all(k in timeline for k in keys) and len(timeline["t_s"]) == len(timeline["mb_s"])


def point_key(record):
    env = (record.get("environment") or {}).get("name", "?")
    params = (record.get("benchmark") or {}).get("params") or {}
    return env, tuple(sorted((k, str(v)) for k, v in params.items()))


def read_timelines(folder, run_id):
    """[point dict]: per (environment, params), the median-total-time repetition's timeline with
    that repetition's downtime and workload pause, in record order."""
    records = run_records(folder, run_id)
    by_point, companions = {}, {}
    for record in records:
        if usable_timeline(record):
            by_point.setdefault(point_key(record), []).append(record)
        elif (record.get("validation") or {}).get("passed") is True:
            metric = record.get("metric") or {}
            rep = (record.get("run") or {}).get("repetition")
            companions[(point_key(record), rep, metric.get("name"))] = metric.get("value")
    chosen = []
    for key, reps in by_point.items():
        record = sorted(reps, key=lambda r: r["metric"]["value"])[(len(reps) - 1) // 2]
        rep = (record.get("run") or {}).get("repetition")
        env = record.get("environment") or {}
        chosen.append({"environment": env.get("name", "?"), "accel": env.get("accel"),
                       "params": record["benchmark"].get("params") or {},
                       "repetition": rep, "n": len(reps), "timeline": record["detail"]["timeline"],
                       "total_ms": record["metric"]["value"],
                       "downtime_ms": companions.get((key, rep, "downtime")),
                       "pause_ms": companions.get((key, rep, "workload_pause"))})
    return chosen


def panel_title(point, several_envs):
    params = point["params"]
    label = point_label(params) if all(is_number(params.get(k)) for k in AXES) \
        else text.params_text(params)
    extra = [str(params[k]) for k in ("mode", "transport") if k in params]
    label = " · ".join([label, *extra])
    return f"{label} ({point['environment']})" if several_envs else label


def timeline_figure(items, ctx, suite, index, count):
    cols = 2 if len(items) > 1 else 1
    rows = math.ceil(len(items) / cols)
    fig = Figure(figsize=(axes.WIDTH_IN, 2.2 + 2.4 * rows), dpi=150)
    grid = fig.subplots(rows, cols, squeeze=False)
    several = len({p["environment"] for p in items}) > 1
    for ax, point in zip(grid.flat, items):
        timeline_panel(ax, point, panel_title(point, several), ctx)
    for ax in list(grid.flat)[len(items):]:
        ax.set_visible(False)
    envs = sorted({p["environment"] for p in items})
    named = ", ".join(style.env_label(e, e in ctx.emulated) for e in envs)
    part = f" (part {index + 1} of {count})" if count > 1 else ""
    head = f"{ctx.host} · {suite} · workload throughput through one migration · {named}{part}"
    explain = ("line = the workload's throughput (MB/s) in the guest, host clock, 0 s = the "
               "migrate command; shaded = the migration window (command to completion); red = "
               f"samples below {PAUSE_FRACTION:.0%} of the throughput before migration (the "
               f"pause, as workload_pause counts it); "
               + ("dotted = switch to post-copy; " if any(
                   is_number(p["timeline"].get("postcopy_start_s")) for p in items) else "")
               + f"{REPETITION_RULE}.")
    handles = [Patch(color=WINDOW_COLOUR, label="migration window"),
               Patch(color=PAUSE_COLOUR, alpha=0.35, label="workload stalled")]
    fig.legend(handles=handles, loc="upper right", ncol=2, fontsize=8, frameon=False)
    frame(fig, head, explain, "", ctx.provenance)
    return fig


def typical_throughput(timeline, t, y):
    """The kernel's reference_mb_s (median rate before the migration), else the same from the
    samples (all of them when none precede the migration)."""
    reference = timeline.get("reference_mb_s")
    if is_number(reference) and reference > 0:
        return float(reference)
    before = y[t <= 0]
    return float(np.median(before if before.size else y)) if y.size else 0.0


def pause_span(timeline, t, y, end):
    """(first, last) time of the longest run of stalled samples around the window, or None."""
    typical = typical_throughput(timeline, t, y)
    if typical <= 0 or t.size < 2:
        return None
    step = float(np.median(np.diff(t)))
    low = (y <= PAUSE_FRACTION * typical) & (t >= -step) & (t <= end + step)
    best, run_start = None, None
    for i, flag in enumerate(list(low) + [False]):
        if flag and run_start is None:
            run_start = i
        elif not flag and run_start is not None:
            if best is None or i - run_start > best[1] - best[0]:
                best = (run_start, i)
            run_start = None
    if best is None:
        return None
    return t[best[0]] - step / 2, t[best[1] - 1] + step / 2


def timeline_panel(ax, point, title, ctx):
    timeline = point["timeline"]
    start, end = timeline["migration_start_s"], timeline["migration_end_s"]
    t = np.asarray(timeline["t_s"], dtype=float) - start
    y = np.asarray(timeline["mb_s"], dtype=float)
    env = point["environment"]
    colour = ctx.colours.get(env, style.PALETTE[0])
    ax.axvspan(0, end - start, color=WINDOW_COLOUR, zorder=0, linewidth=0, gid=f"window|{title}")
    ax.plot(t, y, zorder=3, gid=f"throughput|{title}",
            **{**style.line_style(colour, point["accel"]), "marker": None})
    span = pause_span(timeline, t, y, end - start)
    switch = timeline.get("postcopy_start_s")
    if is_number(switch):
        ax.axvline(switch - start, color="#555555", linestyle=":", linewidth=1.2, zorder=2,
                   gid=f"postcopy|{title}")
    if span:
        ax.axvspan(*span, color=PAUSE_COLOUR, alpha=0.35, zorder=1, linewidth=0,
                   gid=f"pause|{title}")
    if style.is_emulated(point["accel"]):
        ax.annotate("TCG emulation, not KVM", xy=(0.01, 0.97), xycoords="axes fraction",
                    ha="left", va="top", fontsize=7, color="#a00000", fontstyle="italic")
    ax.set_title(f"{title}\n{pause_text(point, span, t)}", fontsize=8, loc="left")
    ax.set_ylim(0, max(float(y.max()) if y.size else 0.0, 1.0) * 1.25)  # room for the label
    ax.set_xlabel("s since the migrate command", fontsize=7.5)
    ax.set_ylabel("throughput (MB/s)", fontsize=7.5)
    ax.tick_params(labelsize=7)
    ax.grid(color="#eeeeee", linewidth=0.5)


def pause_text(point, span, t):
    """'total 2.41 s · downtime 120 ms · workload paused 135 ms · rep 3, median of 5', and a
    word when the pause fell between two samples (so no red band can show it)."""
    parts = [f"total {point['total_ms'] / 1000:.3g} s"]
    if is_number(point["downtime_ms"]):
        parts.append(f"downtime {point['downtime_ms']:.3g} ms")
    if is_number(point["pause_ms"]):
        parts.append(f"workload paused {point['pause_ms']:.3g} ms")
    if span is None and t.size > 1:
        parts.append(f"no stalled sample (every {float(np.median(np.diff(t))) * 1000:.3g} ms)")
    parts.append(f"rep {point['repetition']}, median of {point['n']}")
    return " · ".join(parts)

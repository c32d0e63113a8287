"""Figure (a): the measured values themselves, per suite and per metric/unit group.

Overheads hide scale (a +50% on a 70 ns system call is not a +50% on a 260 us exec); this
figure shows the medians behind them. Benchmarks sharing a metric and unit share an axis,
whiskers are the median's interval, and the axis turns logarithmic when a panel spans more
than ~2 decades. Failed rows are never drawn, only named.
"""
import pandas as pd

from . import axes, hbars, select, style, text

COLUMNS = ("median", "ci_lo", "ci_hi")


def figures(df, ctx, suite):
    """[(file stem, Figure)]: one figure per (metric, unit) group, split when it is large."""
    rows = select.bar_rows(df)
    out = []
    for (metric, unit, better), group in rows.groupby(["metric", "unit", "better"], sort=False,
                                                      dropna=False):
        envs = [e for e in ctx.environments if e in set(group["environment"])]
        parts = select.chunks(select.instances(group), hbars.instances_per_figure(len(envs)))
        stem = f"{text.slug(suite)}-absolute-{text.slug(metric)}-{text.slug(unit)}"
        for i, keys in enumerate(parts):
            head = headline(ctx, suite, text.quantity(metric, unit), i, len(parts))
            out.append((stem + select.part_suffix(i, len(parts)),
                        figure(group[group["key"].isin(keys)], keys, envs, ctx, head)))
    return out


def headline(ctx, suite, quantity, index, count):
    part = f" (part {index + 1} of {count})" if count > 1 else ""
    return f"{ctx.host} · {suite} · {quantity} per environment{part}"


def figure(rows, keys, envs, ctx, title_text):
    """One absolute-value figure for the given instances (keys) and environments."""
    drawn = select.drawable_absolute(rows)
    missing = select.not_drawn_absolute(rows)
    fig, (ax,) = axes.new_figure(hbars.height_in(len(keys), len(envs)))
    hbars.instance_axis(ax, keys, dict(zip(rows["key"], rows["instance"])))
    hbars.draw(ax, drawn, keys, envs, ctx, COLUMNS, gid="absolute")
    hbars.missing_marks(ax, missing, keys, envs)
    x_axis(ax, drawn, rows.iloc[0])
    axes.title(ax, title_text, explanation(drawn))
    axes.side_legend(ax, style.env_handles(envs, ctx.colours, ctx.emulated))
    axes.footer(ax, select.note_text(missing), ctx.provenance)
    return fig


def x_axis(ax, drawn, first):
    """Log when the panel spans > ~2 decades, else linear from 0 (a bar's length is a value)."""
    values = pd.concat([drawn[c] for c in COLUMNS]).dropna()
    scale = axes.value_scale(ax, values)
    if scale == "linear" and not values.empty:
        ax.set_xlim(0, values.max() * 1.05)
    direction = text.better_text(first["better"])
    ax.set_xlabel(f"{text.quantity(first['metric'], first['unit'])}"
                  f"{', ' + direction if direction else ''}{axes.scale_note(scale)}", fontsize=9)


def explanation(drawn):
    """What a bar and a whisker are, with the level and method the report actually used."""
    whiskers = text.interval_phrase("median's", drawn["ci_level"], drawn["ci_method"])
    return f"bar = median over the valid repetitions of each environment; whiskers = {whiskers}."

"""Figure (b): what each environment costs, per benchmark instance, versus the baseline.

The headline figure (JOURNEYS.md: opening it answers "what does each environment cost
here?"). Bars are the report's overhead_pct, already signed so that positive = worse for
latencies and bandwidths alike; whiskers are the ratio's interval; a bar whose interval
holds 0 is faded. Failed rows and rows without a ratio are never drawn: the note under the
axis names them, and a red word marks the empty slot.
"""
import pandas as pd

from . import axes, hbars, select, style, text

COLUMNS = ("overhead_pct", "overhead_lo", "overhead_hi")


def figures(df, ctx, suite):
    """[(file stem, Figure)]: one overhead figure per suite, split when it has many instances."""
    rows = select.bar_rows(df)
    envs = [e for e in ctx.environments if e != ctx.baseline and e in set(rows["environment"])]
    if not envs:
        return []
    parts = select.chunks(select.instances(rows), hbars.instances_per_figure(len(envs)))
    return [(f"{text.slug(suite)}-overhead{select.part_suffix(i, len(parts))}",
             figure(rows[rows["key"].isin(keys)], keys, envs, ctx, headline(ctx, suite, i, parts)))
            for i, keys in enumerate(parts)]


def headline(ctx, suite, index, parts):
    part = f" (part {index + 1} of {len(parts)})" if len(parts) > 1 else ""
    return f"{ctx.host} · {suite} · overhead vs {ctx.baseline}{part}"


def figure(rows, keys, envs, ctx, title_text):
    """One overhead figure for the given instances (keys) and non-baseline environments."""
    drawn = select.drawable_overhead(rows, ctx.baseline)
    missing = select.not_drawn_overhead(rows, ctx.baseline)
    fig, (ax,) = axes.new_figure(hbars.height_in(len(keys), len(envs)))
    hbars.instance_axis(ax, keys, dict(zip(rows["key"], rows["instance"])))
    hbars.draw(ax, drawn, keys, envs, ctx, COLUMNS, faded_by="significant", gid="overhead")
    hbars.missing_marks(ax, missing, keys, envs)
    value_labels(ax, drawn, keys, envs)
    ax.axvline(0, color="black", linewidth=1.0, zorder=4)
    x_axis(ax, drawn, ctx.baseline)
    axes.title(ax, title_text, explanation(drawn, ctx.baseline))
    axes.side_legend(ax, style.env_handles(envs, ctx.colours, ctx.emulated)
                     + style.significance_handles())
    axes.footer(ax, select.note_text(missing), ctx.provenance)
    return fig


def x_axis(ax, drawn, baseline):
    """Linear, or symmetric log when emulation makes overheads huge; 0 always in view."""
    values = pd.concat([drawn[c] for c in COLUMNS])
    scale = axes.overhead_scale(ax, values)
    ax.margins(x=0.12)
    if values.dropna().empty:
        ax.set_xlim(-10, 10)
    ax.set_xlabel(f"overhead vs {baseline} (%), positive = worse than {baseline}"
                  f"{axes.scale_note(scale)}", fontsize=9)
    return scale


def explanation(drawn, baseline):
    """What a bar and a whisker are, with the interval level the report actually reached."""
    whiskers = text.interval_phrase("ratio's", drawn["ratio_level"], drawn["ratio_method"])
    return (f"bar = median ratio to {baseline} − 1, in percent, signed so that positive = "
            f"worse (slower, or less bandwidth); whiskers = {whiskers}; "
            f"faded bar = interval holds 0, no significant difference.")


def value_labels(ax, drawn, keys, envs):
    """The signed percentage just past each whisker: the number a reader would look up."""
    position = {k: i for i, k in enumerate(keys)}
    offsets, _ = hbars.slots(envs)
    for _, row in drawn.iterrows():
        y = position[row["key"]] + offsets[row["environment"]]
        value = row["overhead_pct"]
        ends = [v for v in (value, row["overhead_lo"], row["overhead_hi"]) if v == v]
        right = value >= 0
        ax.annotate(text.signed_percent(value), xy=(max(ends) if right else min(ends), y),
                    xytext=(3 if right else -3, 0), textcoords="offset points", va="center",
                    ha="left" if right else "right", fontsize=6.5,
                    color="#222222" if row["significant"] else "#888888")

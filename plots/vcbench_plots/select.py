"""Which rows a figure may draw, the note listing the ones it may not, and figure splitting.

A failed or unvalidated result must never look like a number (DESIGN.md: "a failure record,
never a plotted number"). These predicates are the one place that decides it, so the tests
can check the rule without reading pixels, and every figure lists what it left out.
"""
import json
import math
import textwrap

import pandas as pd

from . import text

# Benchmarks measured over a swept parameter: drawn as curves (memlat), not as bars.
SWEEPS = {"lat_mem_rd": "size_bytes"}
NOTE_NAMES = 4      # names listed per reason before "+k more"
NOTE_WIDTH = 110    # characters per note line


def sweep_rows(df):
    """Rows of swept benchmarks (lat_mem_rd): the curve figures draw them."""
    return df[df["benchmark"].isin(list(SWEEPS))]


def bar_rows(df):
    """Rows of every other benchmark: the bar figures draw them."""
    return df[~df["benchmark"].isin(list(SWEEPS))]


def has_value(df):
    """A row is a measurement when it has runs that validated (n > 0) and a median."""
    return (df["n"] > 0) & df["median"].notna()


def drawable_absolute(df):
    """Rows an absolute-value figure may draw."""
    return df[has_value(df)]


def has_overhead(df, baseline):
    """Non-baseline rows with a ratio and a signed overhead: an overhead figure's only bars."""
    return ((df["environment"] != baseline) & has_value(df)
            & df["ratio"].notna() & df["overhead_pct"].notna())


def drawable_overhead(df, baseline):
    """Rows an overhead figure may draw."""
    return df[has_overhead(df, baseline)]


def not_drawn_absolute(df):
    """Rows left out of an absolute figure, with the reason the note gives."""
    return df[~has_value(df)].assign(reason="failed")


def not_drawn_overhead(df, baseline):
    """Non-baseline rows left out of an overhead figure, and why (failed, or no ratio)."""
    rows = df[(df["environment"] != baseline) & ~has_overhead(df, baseline)]
    baseline_ok = set(df.loc[(df["environment"] == baseline) & has_value(df), "key"])
    reason = rows.apply(lambda r: overhead_reason(r, baseline_ok), axis=1)
    return rows.assign(reason=reason if len(rows) else pd.Series(dtype=str))


def overhead_reason(row, baseline_ok):
    """'failed' when the row itself has no value; otherwise why there is no ratio."""
    if row["n"] <= 0 or math.isnan(row["median"]):
        return "failed"
    return "no ratio" if row["key"] in baseline_ok else "baseline failed"


def note_text(missing, name=None):
    """'not drawn: 1 failed (kvm/tuned: lat_syscall op=open); ...'; '' when nothing is missing.

    `name` turns a row into its listed name; by default 'environment: instance'.
    """
    if missing is None or missing.empty:
        return ""
    name = name or (lambda r: f"{r['environment']}: {r['instance']}")
    parts = [reason_text(reason, [name(r) for _, r in group.iterrows()])
             for reason, group in missing.groupby("reason", sort=False)]
    return textwrap.fill("not drawn: " + "; ".join(parts), NOTE_WIDTH)


def reason_text(reason, names):
    shown = ", ".join(names[:NOTE_NAMES])
    more = f", +{len(names) - NOTE_NAMES} more" if len(names) > NOTE_NAMES else ""
    return f"{len(names)} {reason} ({shown}{more})"


def suite_of(df, benchmark):
    """The suite whose rows hold `benchmark` (the first, in report order); None when none does."""
    suites = df.loc[df["benchmark"] == benchmark, "suite"].unique()
    return suites[0] if len(suites) else None


def instances(df):
    """Instance keys in report order (the suite's own order), each once."""
    return list(df.sort_values("order")["key"].unique())


def chunks(items, max_per):
    """Split into the fewest even chunks of at most max_per: 60 -> 20+20+20, not 25+25+10."""
    items = list(items)
    if not items:
        return []
    count = math.ceil(len(items) / max_per)
    size = math.ceil(len(items) / count)
    return [items[i:i + size] for i in range(0, len(items), size)]


def part_suffix(index, total):
    """'' for a single figure, else '-2of3' so that file names sort and say they are split."""
    return "" if total == 1 else f"-{index + 1}of{total}"


def figure_groups(rows, skip=()):
    """[(description, rows)]: one group per combination of the params not in skip.

    The description names only the params that differ between the groups ('' when there is
    one group), so file names stay short: 'osu-osu_bw', not 'osu-osu_bw-op_bw_ranks_2...'."""
    kept = rows["params"].map(lambda p: {k: v for k, v in p.items() if k not in skip})
    ids = kept.map(lambda p: json.dumps(p, sort_keys=True))
    keys = {k for p in kept for k in p}
    varying = {k for k in keys if kept.map(lambda p: json.dumps(p.get(k))).nunique() > 1}
    params_of = dict(zip(ids, kept))
    return [(text.params_text(params_of[i], skip=keys - varying), rows[ids == i])
            for i in ids.unique()]

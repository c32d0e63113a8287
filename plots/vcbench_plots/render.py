"""Every figure of a results folder, written as PNG and SVG.

The figure modules only build Figures; this module decides the order (the overhead figure
first: it is the one a newcomer opens) and writes the files.
"""
import pathlib

import matplotlib

matplotlib.use("Agg")
# Stable SVG ids, so the same results give byte-identical files (reviewable diffs).
matplotlib.rcParams["svg.hashsalt"] = "vcbench"

from . import absolute, availability, memlat, migration, osu, overhead, scaling  # noqa: E402
from .context import make_context  # noqa: E402

FORMATS = ("png", "svg")
KINDS = (overhead.figures, absolute.figures, memlat.figures, osu.figures, scaling.figures,
         availability.figures, migration.figures)
# Figures drawn from records.jsonl (timelines in a record's detail), not from report rows.
TIMELINES = (availability.timeline_figures, migration.timeline_figures)


def render_all(results, out_dir, results_dir=None):
    """Write every figure of every suite into out_dir; return the paths written, in order.

    results_dir (default: out_dir's parent, as in RESULTS_DIR/plots) holds records.jsonl, which
    only the timelines (availability, migration) read."""
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    ctx = make_context(results)
    written, used = [], set()
    for suite, rows in results.frame.groupby("suite", sort=False):
        for kind in KINDS:
            for stem, fig in kind(rows, ctx, suite):
                written += save(fig, out_dir, unique(stem, used))
    records_dir = pathlib.Path(results_dir) if results_dir else out_dir.parent
    for timelines in TIMELINES:
        for stem, fig in timelines(records_dir, ctx, results):
            written += save(fig, out_dir, unique(stem, used))
    return written


def unique(stem, used):
    """A stem no earlier figure of this run took: two groups must never overwrite a file."""
    name, count = stem, 1
    while name in used:
        count += 1
        name = f"{stem}-{count}"
    used.add(name)
    return name


def save(fig, out_dir, stem):
    """PNG for viewing, SVG for papers; metadata without dates so reruns give identical files."""
    paths = []
    for fmt in FORMATS:
        path = out_dir / f"{stem}.{fmt}"
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(path, format=fmt, bbox_inches="tight", pad_inches=0.15, metadata=metadata)
        paths.append(path)
    return paths

"""Every figure of a results folder, written as PNG and SVG.

The figure modules only build Figures; this module decides the order (the overhead figure
first: it is the one a newcomer opens) and writes the files.
"""
import pathlib

from . import absolute, memlat, overhead
from .context import make_context

FORMATS = ("png", "svg")
KINDS = (overhead.figures, absolute.figures, memlat.figures)


def render_all(results, out_dir):
    """Write every figure of every suite into out_dir; return the paths written, in order."""
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    ctx = make_context(results)
    written = []
    for suite, rows in results.frame.groupby("suite", sort=False):
        for kind in KINDS:
            for stem, fig in kind(rows, ctx, suite):
                written += save(fig, out_dir, stem)
    return written


def save(fig, out_dir, stem):
    """PNG for viewing, SVG for papers; metadata without dates so reruns give identical files."""
    paths = []
    for fmt in FORMATS:
        path = out_dir / f"{stem}.{fmt}"
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(path, format=fmt, bbox_inches="tight", pad_inches=0.15, metadata=metadata)
        paths.append(path)
    return paths

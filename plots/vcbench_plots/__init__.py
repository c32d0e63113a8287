"""vcbench plots: figures from a results folder's report.json and run.json.

    load    report.json + run.json -> one pandas frame (and one-line input errors)
    select  which rows a figure may draw, and the note naming those it may not
    style   environment colours; hatching and labels for emulated (TCG) guests
    overhead, absolute, memlat   one module per figure kind
    render  every figure of a run, written as PNG and SVG
"""
import matplotlib

matplotlib.use("Agg")
# Stable SVG ids, so the same results give byte-identical files (reviewable diffs).
matplotlib.rcParams["svg.hashsalt"] = "vcbench"

from .load import InputError, Results, load_results  # noqa: E402
from .render import render_all  # noqa: E402

__all__ = ["InputError", "Results", "load_results", "render_all"]

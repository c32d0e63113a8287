"""vcbench plots: figures from a results folder's report.json and run.json.

    load     report.json + run.json -> one pandas frame (and one-line input errors)
    select   which rows a figure may draw, and the note naming those it may not
    style    environment colours; hatching and labels for emulated (TCG) guests
    context  what all figures of a run share (host, colours, provenance)
    overhead, absolute, memlat, osu, scaling, availability, migration   one module per figure kind
    curves   the curve-over-a-swept-x figure that memlat, osu and scaling share
    efficiency   parallel efficiency against each environment's smallest count
    render   every figure of a run, written as PNG and SVG

Only `load` is imported here: a bad results folder is reported before matplotlib loads.
"""
from .load import InputError, Results, load_results

__all__ = ["InputError", "Results", "load_results"]

"""Axis decisions and decorations shared by the figures: scales, titles, footers, legends.

Kept out of the figure modules so that the log-scale rule, the title layout and the
not-drawn note look the same on every figure.
"""
import math
import textwrap

import numpy as np
from matplotlib.figure import Figure

LOG_DECADES = 2.0          # values spanning more than this many decades get a log axis
SYMLOG_PERCENT = 300.0     # overheads beyond this (emulation) get a symmetric log axis
SYMLOG_LINEAR = 10.0       # ... linear within +-10% so small container costs stay legible
WIDTH_IN = 11.0
EXPLANATION_WIDTH = 130  # characters per line under the title


def new_figure(height_in, rows=1, height_ratios=None):
    """A Figure without pyplot: no global state, nothing kept alive between figures."""
    fig = Figure(figsize=(WIDTH_IN, height_in), dpi=150)
    axes = fig.subplots(rows, 1, sharex=True, squeeze=False,
                        gridspec_kw={"height_ratios": height_ratios} if height_ratios else None)
    return fig, list(axes[:, 0])


def decades(values):
    """How many decades the positive finite values span (0 when fewer than two)."""
    arr = np.asarray([v for v in values if v is not None], dtype=float)
    arr = arr[np.isfinite(arr) & (arr > 0)]
    return 0.0 if arr.size < 2 else math.log10(arr.max() / arr.min())


def wants_log(values, threshold=LOG_DECADES):
    return decades(values) > threshold


def value_scale(ax, values, axis="x", threshold=LOG_DECADES):
    """Log scale when a panel spans more than `threshold` decades; limits padded to whole
    decades."""
    if not wants_log(values, threshold):
        return "linear"
    arr = np.asarray(values, dtype=float)
    arr = arr[np.isfinite(arr) & (arr > 0)]
    low, high = 10 ** math.floor(math.log10(arr.min())), 10 ** math.ceil(math.log10(arr.max()))
    getattr(ax, f"set_{axis}scale")("log")
    getattr(ax, f"set_{axis}lim")(low, high)
    return "log"


def overhead_scale(ax, values, axis="x"):
    """Symmetric log when an overhead reaches emulation sizes (hundreds of percent)."""
    arr = np.asarray(values, dtype=float)
    arr = arr[np.isfinite(arr)]
    if arr.size == 0 or np.abs(arr).max() <= SYMLOG_PERCENT:
        return "linear"
    getattr(ax, f"set_{axis}scale")("symlog", linthresh=SYMLOG_LINEAR)
    return "symlog"


def scale_note(scale):
    """The axis-label suffix that warns a reader the axis is not linear."""
    return {"log": ", log scale",
            "symlog": f", symmetric log scale (linear within ±{SYMLOG_LINEAR:g}%)"}.get(scale, "")


def title(ax, headline, explanation):
    """Bold headline (host · suite · what), then smaller lines saying what the marks mean."""
    lines = textwrap.wrap(explanation, EXPLANATION_WIDTH)
    ax.set_title(headline, loc="left", fontsize=11, fontweight="bold", pad=8 + 10.5 * len(lines))
    ax.annotate("\n".join(lines), xy=(0, 1), xycoords="axes fraction", xytext=(0, 5),
                textcoords="offset points", fontsize=8, va="bottom", ha="left", color="#333333")


def footer(ax, note, provenance):
    """The not-drawn note (when any) and the provenance line, under the x label."""
    lines = ([note] if note else []) + [provenance]
    colours = ["#a00000" if note else "#666666"] + ["#666666"] * (len(lines) - 1)
    offset = -6
    for line, colour in zip(lines, colours):
        ax.annotate(line, xy=(0, 0), xycoords=("axes fraction", ax.xaxis.label),
                    xytext=(0, offset), textcoords="offset points", va="top", ha="left",
                    fontsize=7.5, color=colour, annotation_clip=False)
        offset -= 11 * (line.count("\n") + 1) + 2


def side_legend(ax, handles, title_text=None):
    """Legend outside the plot on the right: it never covers a bar or a curve."""
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8,
              title=title_text, title_fontsize=8, frameon=False)

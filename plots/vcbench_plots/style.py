"""How environments look: one colour each, hatching and a label for emulated VMs.

A guest under TCG emulation is not a KVM guest and its numbers say nothing about KVM's
cost; DESIGN.md says it must be *labelled* so. Every figure takes its bar, line and band
styles from here, so an emulated row cannot be drawn like a real one by accident.
"""
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

BASELINE_COLOUR = "#4d4d4d"
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
           "#bcbd22", "#17becf"]
EMULATED_HATCH = "///"
EMULATED_EDGE = "#1a1a1a"      # hatch lines take the edge colour: dark reads on any fill
EMULATED_SUFFIX = " (TCG emulation, not KVM)"
FADED_ALPHA = 0.28             # fill of a bar whose interval holds 0 (not significant)


def is_emulated(accel):
    """True for rows whose VM ran under TCG; 'kvm' and None (not a VM) are not emulated."""
    return accel == "tcg"


def env_colours(environments, baseline):
    """Baseline in neutral grey, the others from the palette in run order (stable per run)."""
    others = [e for e in environments if e != baseline]
    colours = {e: PALETTE[i % len(PALETTE)] for i, e in enumerate(others)}
    colours[baseline] = BASELINE_COLOUR
    return colours


def emulated_environments(df):
    """Environments with at least one TCG row: their legend entry carries the warning."""
    return set(df.loc[df["accel"].map(is_emulated), "environment"])


def env_label(environment, emulated):
    """'kvm/tuned (TCG emulation, not KVM)' for an emulated environment, else the name."""
    return environment + (EMULATED_SUFFIX if emulated else "")


def bar_style(colour, accel, significant=True):
    """Patch keywords for one bar: faded fill when not significant, hatched when emulated."""
    face = to_rgba(colour, 1.0 if significant else FADED_ALPHA)
    emulated = is_emulated(accel)
    return {"facecolor": face, "edgecolor": EMULATED_EDGE if emulated else colour,
            "hatch": EMULATED_HATCH if emulated else None, "linewidth": 0.8}


def line_style(colour, accel):
    """Line keywords for a curve: dashed when emulated (lines cannot be hatched)."""
    return {"color": colour, "linestyle": "--" if is_emulated(accel) else "-",
            "linewidth": 1.6, "marker": "o", "markersize": 3}


def band_style(colour, accel):
    """fill_between keywords for a CI band: hatched when emulated, like its bars."""
    if is_emulated(accel):
        return {"facecolor": to_rgba(colour, 0.12), "edgecolor": to_rgba(colour, 0.6),
                "hatch": EMULATED_HATCH, "linewidth": 0.0}
    return {"facecolor": to_rgba(colour, 0.2), "linewidth": 0.0}


def marker_style(colour, significant):
    """Point keywords for an overhead marker: filled when significant, hollow when not."""
    return {"color": colour, "markerfacecolor": colour if significant else "white",
            "markeredgecolor": colour, "marker": "o", "markersize": 4, "linestyle": "none"}


def env_handles(environments, colours, emulated):
    """Legend patches, one per environment, styled as that environment's bars."""
    return [Patch(label=env_label(e, e in emulated),
                  **bar_style(colours[e], "tcg" if e in emulated else None))
            for e in environments]


def significance_handles():
    """Legend patches explaining filled vs faded bars."""
    return [Patch(label="significant (interval excludes 0)", **bar_style("#808080", None)),
            Patch(label="not significant", **bar_style("#808080", None, significant=False))]


def curve_handles(environments, colours, emulated):
    """Legend lines, one per environment, styled as that environment's curves."""
    return [Line2D([], [], label=env_label(e, e in emulated),
                   **line_style(colours[e], "tcg" if e in emulated else None))
            for e in environments]

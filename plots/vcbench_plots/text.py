"""Words and numbers as the figures print them: units, sizes, interval levels, file names.

One place, so that every title, axis label and file name says the same thing the same way.
"""
import math
import re

# Display forms for units the C++ side writes in ASCII.
UNIT_DISPLAY = {"us": "µs"}
BINARY_SUFFIXES = ["B", "KiB", "MiB", "GiB", "TiB"]


def unit_text(unit):
    """The unit as a reader expects it ("us" -> "µs"); empty for unit-less metrics."""
    return UNIT_DISPLAY.get(unit, unit) if unit else ""


def quantity(metric, unit):
    """'latency (µs)': the axis quantity, with its unit when there is one."""
    shown = unit_text(unit)
    return f"{metric} ({shown})" if shown else metric


def better_text(better):
    """A reminder of the direction, because bandwidth and latency read opposite ways."""
    return {"lower": "lower is better", "higher": "higher is better"}.get(better, "")


def human_bytes(n):
    """Binary units, because lat_mem_rd array sizes and cache sizes are powers of two."""
    value = float(n)
    for suffix in BINARY_SUFFIXES:
        if abs(value) < 1024 or suffix == BINARY_SUFFIXES[-1]:
            return f"{value:.4g} {suffix}"
        value /= 1024
    return f"{n} B"


def percent(level):
    """0.95 -> '95%', 0.968 -> '96.8%': the level actually reached, never rounded up to 95."""
    return f"{level * 100:.3g}%"


def interval_phrase(whose, levels, methods):
    """"the median's 93.8% interval (order statistics ...)", or that the report has none.

    The level is the one the report reached (93.75% at n=5, not a nominal 95%)."""
    level = levels_text(levels)
    if level is None:
        return f"none (the report gives {whose} no interval: too few valid repetitions)"
    return f"the {whose} {level} interval ({methods_text(methods)})"


def levels_text(levels):
    """The interval level(s) of a set of rows: '93.8%' or '93.8–96.8%'; None when unknown."""
    found = sorted({float(v) for v in levels if v is not None and not _is_nan(v)})
    if not found:
        return None
    if len(found) == 1:
        return percent(found[0])
    return f"{percent(found[0])[:-1]}–{percent(found[-1])}"


def methods_text(methods):
    """The method name when every row used the same one; rows may differ at small n."""
    found = sorted({str(m) for m in methods if isinstance(m, str) and m})
    if len(found) == 1:
        return found[0]
    return "method per row, see report.json" if found else "method not recorded"


def signed_percent(value):
    """'+12.3%' / '-4.0%'; whole percent once the number is large (TCG is often +900%)."""
    return f"{value:+.0f}%" if abs(value) >= 100 else f"{value:+.1f}%"


def slug(text):
    """A file-name-safe form of a label: 'MB/s' -> 'mb_s', 'kvm/tuned' -> 'kvm_tuned'."""
    return re.sub(r"[^a-z0-9.+-]+", "_", str(text).lower()).strip("_") or "x"


def params_text(params, skip=()):
    """'stride=64 pattern=random': params as the labels write them, minus the swept ones."""
    return " ".join(f"{k}={v}" for k, v in params.items() if k not in skip)


def _is_nan(value):
    return isinstance(value, float) and math.isnan(value)

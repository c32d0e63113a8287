"""Parallel efficiency: how much of the added nodes (or ranks) a run turns into speed.

Against each environment's own smallest count, so a container that is slower than native but
scales as well reads the same efficiency as native: this panel is about scaling, the overhead
panel about cost. Strong scaling (fixed work) is what the NPB classes and Graph500 scales are.
"""
import numpy as np

# speedup from the reference count to n, by what "better" means for the metric
SPEEDUP = {"higher": lambda v, v1: v / v1,      # rates (Mop/s, TEPS): v_n / v_1
           "lower": lambda v, v1: v1 / v}       # times (s): t_1 / t_n


def parallel_efficiency(counts, values, better):
    """eff_n = speedup_n / (n / n_1) at each count, n_1 the smallest count given; NaN for a
    metric without a direction (nothing says whether a rise is a gain)."""
    counts, values = np.asarray(counts, dtype=float), np.asarray(values, dtype=float)
    if counts.size == 0 or better not in SPEEDUP:
        return np.full(counts.shape, np.nan)
    reference = int(np.argmin(counts))
    speedup = SPEEDUP[better](values, values[reference])
    return speedup / (counts / counts[reference])

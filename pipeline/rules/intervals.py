"""Confidence intervals for figures the build derives from counts (Fingertips' methods), so a ward's
share is judged against the borough as Fingertips judges it: similar when the borough's figure lies
inside the ward's 95% interval."""

from __future__ import annotations

from math import sqrt

Z95 = 1.959964  # the normal quantile for a two-sided 95% interval


def wilson(count: float, total: float, z: float = Z95) -> tuple[float, float] | tuple[None, None]:
    """Wilson score interval for the proportion count/total (0 to 1): well-behaved near 0 and 1 and
    for small totals, where the simple normal interval is not. (None, None) without a total."""
    if not total or total <= 0 or count is None or count < 0 or count > total:
        return None, None
    p = count / total
    centre = p + z * z / (2 * total)
    spread = z * sqrt(p * (1 - p) / total + z * z / (4 * total * total))
    scale = 1 + z * z / total
    return (centre - spread) / scale, (centre + spread) / scale

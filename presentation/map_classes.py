"""The one colour rule of every map: choropleth classes (quintiles on a viridis ramp, darker = more of a
concern) and the legend's bands, for the SVG maps (presentation/svgmap.py) and the zoomable pydeck map."""

from __future__ import annotations

import pandas as pd

from pipeline.registry import load_registry

from .theme import NO_DATA as NO_DATA_HEX
from .theme import rgb
from .wording import fmt, rounded


# -- maps: quintile classes on a viridis ramp, light to dark --
STEPS = [(253, 231, 37), (94, 201, 98), (33, 145, 140), (59, 82, 139), (68, 1, 84)]


NO_DATA = rgb(NO_DATA_HEX)  # an area without a figure


def darker_is_higher(polarity: str | None) -> bool:
    """The one colour rule of every map: darker = more of what the indicator's polarity marks as a
    concern. Where higher is better ("higher", e.g. gigabit coverage, IMD decile) the concern is a
    low figure, so darker = lower; otherwise (lower is better, or no judgement) darker = higher."""
    return polarity != "higher"


def polarity_of(indicator: str | None) -> str | None:
    """The registry's polarity of an indicator; None for a figure outside the registry (a risk
    score: higher = more risk, a concern)."""
    found = load_registry().indicators.get(indicator) if indicator else None
    return found.polarity if found else None


def darker_note(polarity: str | None) -> str:
    """The legend's one-line reading of the colour rule."""
    return {"higher": "darker = lower, a concern", "lower": "darker = higher, a concern"}.get(
        polarity or "", "darker = higher"
    )


def class_edges(values: pd.Series, decimals: int = 6) -> list[float]:
    """Quintile edges at the figures' published precision, so each band's ends are figures a
    reader can see and no two bands share one."""
    clean = values.dropna()
    return sorted(set(clean.quantile([0.2, 0.4, 0.6, 0.8]).round(decimals))) if len(clean) else []


def class_colour(value, edges: list[float], polarity: str | None = None, decimals: int = 6) -> tuple[int, int, int]:
    """A figure's class colour: class n holds figures above edge n-1 up to edge n. The figure is classed
    as shown (to `decimals`, as class_edges): stored unrounded, 22.746 shown as 22.7 is in the band that
    ends at 22.7, as its legend says."""
    if value is None or pd.isna(value):
        return NO_DATA
    shown = rounded(value, decimals)
    return _step_colour(sum(shown > e for e in edges), polarity)


def _step_colour(step: int, polarity: str | None) -> tuple[int, int, int]:
    step = min(step, len(STEPS) - 1)
    return STEPS[step if darker_is_higher(polarity) else len(STEPS) - 1 - step]


def legend_items(
    edges: list[float], values: pd.Series, unit: str, decimals: int, polarity: str | None = None
) -> list[tuple[tuple, str]]:
    """(colour, 'from to to') for each class, lowest first. Bands never share an end: a class holds
    figures above the edge below it, so it starts one published step (0.1 at one decimal) higher."""
    clean = values.dropna().map(lambda v: rounded(v, decimals))
    if clean.empty:
        return []
    step = 10**-decimals
    lows = [clean.min(), *(e + step for e in edges)]
    highs = [*edges, clean.max()]
    items = []
    for n, (low, high) in enumerate(zip(lows, highs)):
        low = min(low, high)
        text = (
            fmt(low, unit, decimals)
            if round(low, decimals) == round(high, decimals)
            else f"{fmt(low, unit, decimals)} to {fmt(high, unit, decimals)}"
        )
        items.append((_step_colour(n, polarity), text))
    return items

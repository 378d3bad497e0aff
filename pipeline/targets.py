"""Whether an area's recent trend meets a target: a straight line through the recent figures,
carried forward to the target date.

The pace is the slope of a least-squares line through the figures of the last `WINDOW_YEARS` years
before the latest (at least two figures; all of them if fewer are that recent); the projection carries
the latest figure forward at that pace, so it starts where the data ends. A percentage is never
projected past 0 or 100. Status: "met" when the latest figure already meets the target (and the trend does not take
it back out by the date), "on track" when the projection meets it by the date, "not on track" when
it does not, "deadline passed" when the date is past and the latest figure misses it, and "too few
figures" with fewer than two.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd

from . import clock

WINDOW_YEARS = 3


@dataclass(frozen=True)
class Trajectory:
    status: str
    latest: float | None
    latest_label: str | None
    projected: float | None  # at the target date, on the recent trend
    per_year: float | None  # the trend's change per year
    from_label: str | None  # first figure the trend uses
    points: int
    past_deadline: bool = False
    latest_start: pd.Timestamp | None = None
    reached: pd.Timestamp | None = None  # when the pace reaches the target (None: met already, or never)
    unit: str = ""

    def at(self, when) -> float:
        """The projection at a date: the latest figure carried forward at the recent pace (a
        percentage held within 0 to 100)."""
        value = self.latest + self.per_year * (_years(when) - _years(self.latest_start))
        return min(100.0, max(0.0, value)) if self.unit.startswith("%") else value


def _years(d) -> float:
    d = pd.Timestamp(d)
    return d.year + (d.day_of_year - 1) / 365.25


def trajectory(series: pd.DataFrame, value: float, direction: str, by: date | str, unit: str = "",
               as_at: date | None = None) -> Trajectory:
    """`series`: period_start, period_label, value for one area (any order)."""
    s = series.dropna(subset=["value"]).sort_values("period_start")
    if s.empty:
        return Trajectory("too few figures", None, None, None, None, None, 0)
    latest = s.iloc[-1]
    meets = (lambda v: v >= value) if direction == "at least" else (lambda v: v <= value)
    recent = s[s.period_start.map(_years) >= _years(latest.period_start) - WINDOW_YEARS]
    if len(recent) < 2:
        recent = s.tail(2)
    if len(recent) < 2:
        status = "met" if meets(latest.value) else "too few figures"
        return Trajectory(status, float(latest.value), latest.period_label, None, None, None, len(recent))
    x = recent.period_start.map(_years).to_numpy(float)
    y = recent.value.to_numpy(float)
    slope = float(np.polyfit(x, y, 1)[0])
    gap = value - float(latest.value)
    reached = None
    if not meets(latest.value) and slope and gap / slope > 0:
        year = x[-1] + gap / slope
        reached = pd.Timestamp(int(year), 1, 1) + pd.Timedelta(days=(year - int(year)) * 365.25)
    path = Trajectory("", float(latest.value), latest.period_label, None, slope, recent.iloc[0].period_label,
                      len(recent), latest_start=pd.Timestamp(latest.period_start), reached=reached, unit=unit)
    projected = path.at(max(pd.Timestamp(by), pd.Timestamp(latest.period_start)))
    past = pd.Timestamp(by) < pd.Timestamp(as_at or clock.today())
    if past and pd.Timestamp(latest.period_start) < pd.Timestamp(by) and not meets(latest.value):
        status = "awaiting figures"  # the date has passed but no figure for it yet: not known to be missed
    elif past:
        status = "met" if meets(latest.value) else "deadline passed"
    elif meets(latest.value) and meets(projected):
        status = "met"
    else:
        status = "on track" if meets(projected) else "not on track"
    return replace(path, status=status, projected=projected, past_deadline=past)



def describe(t: Trajectory, target_value: float, direction: str, by: date | str, fmt) -> str:
    """One sentence for a reader; `fmt` formats a value in the indicator's unit."""
    when = f"{pd.Timestamp(by):%B %Y}"
    goal = f"{direction} {fmt(target_value)} by {when}"
    if t.status == "too few figures":
        return f"Target: {goal}. Too few figures to show a trend."
    if t.status == "awaiting figures":
        return f"Target: {goal}. Latest ({t.latest_label}) {fmt(t.latest)}: the date has passed; awaiting later figures."
    if t.per_year is None or t.past_deadline:
        verdict = "met" if t.status == "met" else "missed"
        return f"Target: {goal}. Latest ({t.latest_label}) {fmt(t.latest)}: **{verdict}**."
    points = "percentage points" if t.unit.startswith("%") else "a year"
    pace = f"{t.per_year:+.2f} {points + ' a year' if t.unit.startswith('%') else points} since {t.from_label}"
    if t.status == "met":
        trend = f"at the recent pace ({pace}) it stays met by {when}"
    elif t.reached is not None:
        trend = f"at the recent pace ({pace}), {fmt(target_value)} would be reached in {t.reached:%B %Y}"
    else:
        trend = f"at the recent pace ({pace}), {fmt(target_value)} would not be reached"
    verdict = {"met": "met", "on track": "on track", "not on track": "not on track",
               "deadline passed": "missed"}[t.status]
    return f"Target: {goal}. Latest ({t.latest_label}) {fmt(t.latest)}; {trend}: **{verdict}**."

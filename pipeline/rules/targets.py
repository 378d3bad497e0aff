"""Whether an area's recent pace meets a target, carried forward to the target date.

A count or rate moves in a straight line: the least-squares slope of the figures of the recent window,
carried on from the latest figure. A percentage moving towards its ceiling (100% for "at least", 0% for
"at most") slows as it approaches it, so its pace is the rate at which the remaining gap to the
ceiling closes (a straight line through the gap's logarithm): the projection bends towards the ceiling
and never passes it. Two windows are fitted: the last `WINDOW_YEARS` years and the last
`SHORT_WINDOW_YEARS` year; when they disagree the cautious verdict stands and the sentence says so.
Status: "met" when the latest figure meets the target (and the pace keeps it there), "on track" /
"not on track" by the projection at the date, "deadline passed" when the date is past and a figure for
it misses, "awaiting figures" when the date is past with no figure for it yet, "too few figures" with
fewer than two.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd

from pipeline import clock

WINDOW_YEARS = 3
SHORT_WINDOW_YEARS = 1


@dataclass(frozen=True)
class Trajectory:
    status: str
    latest: float | None
    latest_label: str | None
    projected: float | None  # at the target date, on the recent pace
    per_year: float | None  # a straight line's change per year (None on the ceiling model)
    from_label: str | None  # first figure the pace uses
    points: int
    past_deadline: bool = False
    latest_start: pd.Timestamp | None = None
    reached: pd.Timestamp | None = None  # when the pace reaches the target (None: met already, or never)
    unit: str = ""
    ceiling: float | None = None  # 100 or 0: a percentage's gap to it closes at `gap_rate`
    gap_rate: float | None = None  # the gap's change per year, as a share (−0.12: 12% of the gap closes a year)
    disagreement: str = ""  # the windows' verdicts when they differ ("on course at the pace since Jan 2023; …")

    def at(self, when) -> float:
        """The projection at a date: on the ceiling model the gap to the ceiling closing at its pace;
        otherwise a straight line (a percentage held within 0 to 100)."""
        years = _years(when) - _years(self.latest_start)
        if self.ceiling is not None and self.gap_rate is not None:
            return self.ceiling + (self.latest - self.ceiling) * float(np.exp(np.log1p(self.gap_rate) * years))
        value = self.latest + self.per_year * years
        return min(100.0, max(0.0, value)) if self.unit.startswith("%") else value


def _years(d) -> float:
    d = pd.Timestamp(d)
    return d.year + (d.day_of_year - 1) / 365.25


def _ceiling(unit: str, direction: str) -> float | None:
    if not unit.startswith("%"):
        return None
    return 100.0 if direction == "at least" else 0.0


def _fit(s: pd.DataFrame, years: float, ceiling: float | None) -> dict | None:
    """The pace of the figures of the last `years` years (at least two): a slope, or a gap rate."""
    latest = s.iloc[-1]
    recent = s[s.period_start.map(_years) >= _years(latest.period_start) - years]
    if len(recent) < 2:
        recent = s.tail(2)
    if len(recent) < 2:
        return None
    x = recent.period_start.map(_years).to_numpy(float)
    y = recent.value.to_numpy(float)
    gaps = np.abs(y - ceiling) if ceiling is not None else None
    if ceiling is not None and (gaps > 0).all():
        log_slope = float(np.polyfit(x, np.log(gaps), 1)[0])
        return dict(
            ceiling=ceiling,
            gap_rate=float(np.expm1(log_slope)),
            per_year=None,
            from_label=recent.period_label.iloc[0],
            points=len(recent),
        )
    return dict(per_year=float(np.polyfit(x, y, 1)[0]), from_label=recent.period_label.iloc[0], points=len(recent))


def _label(label) -> str:
    """A period label as written ('Jan 2023'), or a bare date made into one."""
    try:
        return f"{pd.Timestamp(label):%b %Y}" if str(label)[:4].isdigit() else str(label)
    except ValueError:
        return str(label)


def _reached(path: Trajectory, value: float) -> pd.Timestamp | None:
    """When the pace first reaches the target value, if it ever does."""
    if path.ceiling is not None and path.gap_rate is not None:
        if path.gap_rate >= 0 or (value - path.ceiling) * (path.latest - path.ceiling) <= 0:
            return None
        ratio = (value - path.ceiling) / (path.latest - path.ceiling)
        if not 0 < ratio < 1:
            return None
        years = float(np.log(ratio) / np.log1p(path.gap_rate))
    elif path.per_year:
        years = (value - path.latest) / path.per_year
        if years <= 0:
            return None
    else:
        return None
    return path.latest_start + pd.Timedelta(days=years * 365.25)


def _judge(path: Trajectory, meets, by) -> str:
    projected = path.at(max(pd.Timestamp(by), pd.Timestamp(path.latest_start)))
    if meets(path.latest) and meets(projected):
        return "met"
    return "on track" if meets(projected) else "not on track"


def trajectory(
    series: pd.DataFrame, value: float, direction: str, by: date | str, unit: str = "", as_at: date | None = None
) -> Trajectory:
    """`series`: period_start, period_label, value for one area (any order)."""
    s = series.dropna(subset=["value"]).sort_values("period_start")
    if s.empty:
        return Trajectory("too few figures", None, None, None, None, None, 0)
    latest = s.iloc[-1]
    meets = (lambda v: v >= value) if direction == "at least" else (lambda v: v <= value)
    ceiling = _ceiling(unit, direction)
    long_fit = _fit(s, WINDOW_YEARS, ceiling)
    if long_fit is None:
        status = "met" if meets(latest.value) else "too few figures"
        return Trajectory(status, float(latest.value), latest.period_label, None, None, None, len(s))
    base = dict(
        latest=float(latest.value),
        latest_label=latest.period_label,
        latest_start=pd.Timestamp(latest.period_start),
        unit=unit,
    )
    path = Trajectory("", projected=None, **base, **long_fit)
    short_fit = _fit(s, SHORT_WINDOW_YEARS, ceiling)
    short = Trajectory("", projected=None, **base, **short_fit) if short_fit else path
    past = pd.Timestamp(by) < pd.Timestamp(as_at or clock.today())
    if past and pd.Timestamp(latest.period_start) < pd.Timestamp(by) and not meets(latest.value):
        status = "awaiting figures"  # the date has passed but no figure for it yet: not known to be missed
    elif past:
        status = "met" if meets(latest.value) else "deadline passed"
    else:
        verdicts = {_judge(path, meets, by), _judge(short, meets, by)}
        status = "not on track" if "not on track" in verdicts else "on track" if "on track" in verdicts else "met"
        if len(verdicts) > 1 and short.from_label != path.from_label:
            said = {"met": "met", "on track": "on course", "not on track": "not on course"}
            path = replace(
                path,
                disagreement=f"{said[_judge(path, meets, by)]} at the pace since {_label(path.from_label)}; "
                f"{said[_judge(short, meets, by)]} at the pace since {_label(short.from_label)}",
            )
        if status == "not on track" and _judge(path, meets, by) != "not on track":
            path = replace(short, disagreement=path.disagreement)  # the cautious window is the one drawn and said
    projected = path.at(max(pd.Timestamp(by), pd.Timestamp(latest.period_start)))
    return replace(
        path,
        status=status,
        projected=projected,
        past_deadline=past,
        reached=None if meets(latest.value) else _reached(path, value),
    )


def describe(t: Trajectory, target_value: float, direction: str, by: date | str, fmt) -> str:
    """One sentence for a reader; `fmt` formats a value in the indicator's unit."""
    when = f"{pd.Timestamp(by):%B %Y}"
    goal = f"{direction} {fmt(target_value)} by {when}"
    if t.status == "too few figures":
        return f"Target: {goal}. Too few figures to show a trend."
    if t.status == "awaiting figures":
        return (
            f"Target: {goal}. Latest ({t.latest_label}) {fmt(t.latest)}: the date has passed; awaiting later figures."
        )
    if (t.per_year is None and t.gap_rate is None) or t.past_deadline:
        verdict = "met" if t.status == "met" else "missed"
        return f"Target: {goal}. Latest ({t.latest_label}) {fmt(t.latest)}: **{verdict}**."
    if t.gap_rate is not None:
        pace = (
            f"the gap to {t.ceiling:g}% {'closing' if t.gap_rate < 0 else 'widening'} by {abs(t.gap_rate):.0%} "
            f"a year since {t.from_label}"
        )
    else:
        points = "percentage points" if t.unit.startswith("%") else "a year"
        pace = f"{t.per_year:+.2f} {points + ' a year' if t.unit.startswith('%') else points} since {t.from_label}"
    if t.status == "met":
        trend = f"at the recent pace ({pace}) it stays met by {when}"
    elif t.reached is not None:
        trend = f"at the recent pace ({pace}), {fmt(target_value)} would be reached in {t.reached:%B %Y}"
    else:
        trend = f"at the recent pace ({pace}), {fmt(target_value)} would not be reached"
    verdict = {"met": "met", "on track": "on track", "not on track": "not on track", "deadline passed": "missed"}[
        t.status
    ]
    windows = f" The two windows disagree ({t.disagreement}): the cautious verdict stands." if t.disagreement else ""
    return f"Target: {goal}. Latest ({t.latest_label}) {fmt(t.latest)}; {trend}: **{verdict}**.{windows}"

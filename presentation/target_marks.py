"""What a time chart draws for a target, whichever library draws it (Plotly in
presentation/target_drawing, SVG in presentation/svgchart): a dashed level line and the recent pace
carried to the target's date. The arithmetic is here once, so both drawings show the same points."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from pipeline.rules.targets import trajectory


def projection_points(path, by: pd.Timestamp) -> tuple[list, list]:
    """The recent pace from the latest figure to the target date, and no further: on the ceiling model
    a curve bending towards 100% (or 0%), drawn through a point each year; a straight line otherwise,
    with a bend where a percentage reaches 100% (or 0%). The line a reader sees is the sentence's arithmetic."""
    xs = [path.latest_start]
    if path.gap_rate is not None:
        xs += [x for x in pd.date_range(path.latest_start, by, freq="YS")[1:] if x < by]
    elif path.unit.startswith("%") and path.per_year:
        bound = 100.0 if path.per_year > 0 else 0.0
        years = (bound - path.latest) / path.per_year
        capped = path.latest_start + pd.Timedelta(days=years * 365.25)
        if path.latest_start < capped < by:
            xs.append(capped)
    xs.append(by)
    return xs, [path.at(x) for x in xs]


class TargetMarks(NamedTuple):
    """What a time chart draws for one target, whichever library draws it: the dashed level line
    (`label` at `value` from `start` to `end`) and, when the recent pace is carried to the target's
    date, its points with their figures in words and its name."""

    label: str
    value: float
    start: pd.Timestamp
    end: pd.Timestamp
    pace_x: list
    pace_y: list
    pace_texts: list[str]
    pace_name: str | None

    @property
    def xs(self) -> list:
        """Every date the marks put on the chart (the time axis runs over them)."""
        return [self.start, self.end, *self.pace_x]


def target_marks(target, path, shown, xs: list) -> TargetMarks:
    """A target's marks on a time chart whose dates so far are `xs`. The line and the axis run to the
    target's date only when the recent pace is drawn to it; otherwise both end at what is drawn."""
    by = pd.Timestamp(target.target_date)
    shown_value = shown(target.value)
    label = f"Target: {target.direction} {shown_value} by {by:%b %Y}"
    xs = [pd.Timestamp(x) for x in xs] or [path.latest_start]
    projected = (
        (path.per_year is not None or path.gap_rate is not None) and not path.past_deadline and path.status != "met"
    )
    if not projected:
        return TargetMarks(label, target.value, min(xs), max(xs), [], [], [], None)
    px, py = projection_points(path, by)
    reach = f", {shown_value} in {path.reached:%b %Y}" if path.reached is not None else ", not reaching it"
    return TargetMarks(
        label, target.value, min(xs), by, px, py, [shown(v) for v in py], f"At the recent pace{reach} ({path.status})"
    )


def chart_targets(targets, frame: pd.DataFrame, unit: str, shown, as_at=None) -> list[TargetMarks]:
    """The marks of each target (rows with area_code, value, direction, target_date) on a time chart
    of `frame` (area_code, period_start, period_label, value), drawn in turn as `target_sentence` draws
    them on a figure: each level line runs over the dates drawn before it."""
    xs, marks = list(frame.period_start), []
    for target in targets:
        path = trajectory(
            frame[frame.area_code == target.area_code],
            target.value,
            target.direction,
            target.target_date,
            unit,
            as_at=as_at,
        )
        marks.append(target_marks(target, path, shown, xs))
        xs += marks[-1].xs
    return marks

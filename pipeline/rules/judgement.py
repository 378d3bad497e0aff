"""How an area is doing, by the declared rules of registry.toml [judgement]: benchmarks against England
and Greater Manchester, rank among GM's districts, trend, target status, and what needs attention.

Streamlit-free and word-free: it returns outcomes and numbers; presentation/verdicts.py says them.
Rules (docs/judgement.md, after OHID Fingertips and ONS Explore Local Statistics):
- compare only figures of the same period and edition, and never across a declared method break;
- similar when R lies in S's 95% interval; else when |S − R| ≤ t + r, where t is the tolerance below and
  r the publisher's rounding step (registry published_decimals): a difference rounding alone could
  make, or that rounding could carry across the tolerance, decides nothing ("similar, within rounding");
- polarity (registry) turns higher/lower into better/worse; "neutral" stays higher/lower;
- trend: straight line through the last ≤ trend_releases comparable releases (≥ trend_minimum) since
  the latest method break; a fitted change within t + r is "no clear change";
- target: pipeline/rules/targets.py's trajectory (the one target projection), mapped to met/on course/off
  course, missed or awaiting figures once its date has passed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from pipeline.rules import targets as target_lines
from pipeline.registry import STOCKPORT, Indicator, JudgementRules, Registry

BETTER, SIMILAR, WORSE, HIGHER, LOWER, NOT_COMPARED = "better", "similar", "worse", "higher", "lower", "not compared"
INCREASING, DECREASING, NO_CLEAR_CHANGE, CANNOT = "increasing", "decreasing", "no clear change", "cannot be calculated"
MET, ON_COURSE, OFF_COURSE, NO_TARGET, NO_TREND = "met", "on course", "off course", "no target", "too few figures"
MISSED, AWAITING = "missed", "awaiting figures"  # a target date passed: missed on a figure for it, else not yet known

# Needs-attention tiers, most serious first: outcomes only. A late release is a task for the data team
# (Data and methods, `pipeline info`), never a leader's concern.
TIERS = (
    "off course",
    "worse than both",
    "worse than one and getting worse",
    "worse than one",
    "getting worse",
    "wards far from the borough",
)


def is_judged(indicator: Indicator, rules: JudgementRules) -> bool:
    """Better/worse applies: the indicator has a polarity and its theme is not shown without judgement."""
    return indicator.polarity != "neutral" and indicator.theme not in rules.unjudged_themes


def tolerance(unit: str, reference: float, rules: JudgementRules) -> float:
    """t: how far apart two figures may be and still read as similar (declared in the registry)."""
    if unit.startswith("%"):
        return min(rules.percentage_points, rules.percentage_share * abs(reference))
    return rules.other_share * abs(reference)


def _missing(v) -> bool:
    return v is None or pd.isna(v)


@dataclass(frozen=True)
class Benchmark:
    outcome: str  # better, similar, worse; higher, lower (no polarity); not compared
    against: str  # the comparator's name
    value: float | None = None
    period_label: str | None = None
    ratio: float = 0.0  # |S − R| ÷ t: how clear the difference is
    within_rounding: bool = False  # similar only because the publisher's rounding could make the difference
    by_interval: bool = False  # judged on S's 95% confidence interval (Fingertips), not the tolerance


def benchmark(
    s: float | None,
    r: float | None,
    unit: str,
    polarity: str,
    rules: JudgementRules,
    against: str = "",
    period_label: str | None = None,
    lci: float | None = None,
    uci: float | None = None,
    step: float = 0.0,
) -> Benchmark:
    """S against comparator R (both of one period and definition; the caller checks that). `step`: the
    publisher's rounding step; a gap within the tolerance plus one step decides nothing."""
    if _missing(s) or _missing(r):
        return Benchmark(NOT_COMPARED, against, None if _missing(r) else float(r), period_label)
    t = tolerance(unit, r, rules)
    gap = round(abs(s - r), 9)  # published figures: no float noise decides a tolerance edge
    ratio = gap / t if t else (0.0 if gap == 0 else float("inf"))
    interval = not _missing(lci) and not _missing(uci)
    if interval:
        similar, rounding = lci <= r <= uci, False  # Fingertips: R inside S's 95% confidence interval
    else:
        similar, rounding = gap <= round(t + step, 9), round(t, 9) < gap
    if similar:
        return Benchmark(SIMILAR, against, float(r), period_label, ratio, rounding and step > 0, interval)
    higher = s > r
    if polarity == "neutral":
        outcome = HIGHER if higher else LOWER
    else:
        outcome = BETTER if higher == (polarity == "higher") else WORSE
    return Benchmark(outcome, against, float(r), period_label, ratio, by_interval=interval)


@dataclass(frozen=True)
class Rank:
    position: int  # 1 = best (or highest, with no polarity); ties share the better position
    of: int
    tied: bool
    judged: bool  # False: "highest", not "best"


def gm_rank(values: pd.Series, code: str, polarity: str, districts: int) -> Rank | None:
    """`values`: each district's figure for one period (index: area code). None unless all `districts` publish it."""
    v = values.dropna()
    if code not in v.index or len(v) < districts:
        return None
    own = v[code]
    ahead = (v < own).sum() if polarity == "lower" else (v > own).sum()
    return Rank(int(ahead) + 1, len(v), bool((v == own).sum() > 1), polarity != "neutral")


@dataclass(frozen=True)
class Trend:
    direction: str  # increasing, decreasing, no clear change, cannot be calculated
    getting: str | None = None  # better or worse (judged indicators only)
    fitted_change: float | None = None
    releases: int = 0
    first_label: str | None = None
    step: float | None = None  # latest figure minus the previous comparable one
    step_since: str | None = None
    ratio: float = 0.0  # |fitted change| ÷ t
    edition: str | None = None  # the latest figure's edition, when earlier editions were left out
    not_comparable_with: str | None = None  # those earlier editions
    since_break: str | None = (
        None  # the method break the trend starts at ("Jan 2025"), when earlier figures were left out
    )
    within_rounding: bool = False  # no clear change only because the publisher's rounding could make it


def _years(d) -> float:
    d = pd.Timestamp(d)
    return d.year + (d.day_of_year - 1) / 365.25


def _with_values(series: pd.DataFrame) -> pd.DataFrame:
    """The rows that have a figure (a mask: dropna(subset=...) cost more than the judging on small frames)."""
    return series[series.value.notna()]


def latest_break(series: pd.DataFrame, breaks: tuple[str, ...] = ()) -> pd.Timestamp | None:
    """The method break (registry `breaks`) in force at the latest figure, if any figure predates it."""
    if not breaks:
        return None
    s = _with_values(series)
    if s.empty:
        return None
    latest, first = pd.Timestamp(s.period_start.max()), pd.Timestamp(s.period_start.min())
    passed = [pd.Timestamp(f"{b}-01") for b in breaks if first < pd.Timestamp(f"{b}-01") <= latest]
    return max(passed) if passed else None


def comparable(series: pd.DataFrame, breaks: tuple[str, ...] = ()) -> pd.DataFrame:
    """The figures comparable with the latest, oldest first: same edition, and none before the method
    break in force (a new edition or method restarts a trend)."""
    s = _with_values(series).sort_values("period_start")
    if (cut := latest_break(s, breaks)) is not None:
        s = s[pd.to_datetime(s.period_start) >= cut]
    if s.empty or "edition" not in s:
        return s
    latest = s.edition.iloc[-1]
    same = s.edition.isna() if _missing(latest) else s.edition == latest
    return s[same]


def trend(
    series: pd.DataFrame,
    unit: str,
    polarity: str,
    rules: JudgementRules,
    breaks: tuple[str, ...] = (),
    step_size: float = 0.0,
) -> Trend:
    """`series`: one area's period_start, period_label, value (and edition) for one indicator; `breaks`
    the registry's method breaks; `step_size` the publisher's rounding step."""
    return _trend(series, comparable(series, breaks), unit, polarity, rules, breaks, step_size)


def _trend(
    series: pd.DataFrame,
    s: pd.DataFrame,
    unit: str,
    polarity: str,
    rules: JudgementRules,
    breaks: tuple[str, ...],
    step_size: float,
) -> Trend:
    """trend() of `series`, whose comparable figures (comparable(series, breaks)) are `s`."""
    everything = _with_values(series)
    others = sorted(set(everything.edition.dropna()) - set(s.edition.dropna())) if "edition" in everything else []
    restart = dict(edition=s.edition.iloc[-1], not_comparable_with=", ".join(others)) if others else {}
    if (cut := latest_break(everything, breaks)) is not None:
        restart["since_break"] = f"{cut:%b %Y}"
    step = since = None
    if len(s) >= 2:
        step, since = float(s.value.iloc[-1] - s.value.iloc[-2]), s.period_label.iloc[-2]
    recent = s.tail(rules.trend_releases)
    if len(recent) < rules.trend_minimum:
        return Trend(CANNOT, releases=len(recent), step=step, step_since=since, **restart)
    x = recent.period_start.map(_years).to_numpy(float)
    y = recent.value.to_numpy(float)
    slope = np.polyfit(x, y, 1)[0]
    fitted = float(slope * (x[-1] - x[0]))
    t = tolerance(unit, float(y[-1]), rules)
    ratio = abs(fitted) / t if t else float("inf")
    first = recent.period_label.iloc[0]
    if round(abs(fitted), 9) <= round(t + step_size, 9):
        return Trend(
            NO_CLEAR_CHANGE,
            None,
            fitted,
            len(recent),
            first,
            step,
            since,
            ratio,
            within_rounding=step_size > 0 and round(abs(fitted), 9) > round(t, 9),
            **restart,
        )
    rising = fitted > 0
    getting = None if polarity == "neutral" else ("better" if rising == (polarity == "higher") else "worse")
    return Trend(
        INCREASING if rising else DECREASING, getting, fitted, len(recent), first, step, since, ratio, **restart
    )


@dataclass(frozen=True)
class TargetStatus:
    status: str  # met, on course, off course, missed, awaiting figures, no target, too few figures
    value: float | None = None
    direction: str | None = None
    by: date | None = None
    commitment: str | None = None
    publisher: str | None = None
    ratio: float = 0.0  # how far the latest figure is from the target, in t
    projected: float | None = None  # the recent pace's figure at the target date (pipeline/rules/targets.py)


def target_status(
    series: pd.DataFrame, targets: pd.DataFrame, unit: str, rules: JudgementRules, as_at: date
) -> TargetStatus:
    """Against the next target still to come (else the latest passed): `targets` has value, direction,
    target_date, commitment, publisher for one indicator and area."""
    if targets.empty:
        return TargetStatus(NO_TARGET)
    targets = targets.reset_index(drop=True)
    dates = pd.to_datetime(targets.target_date).dt.date
    upcoming = targets[dates >= as_at]
    chosen = (
        upcoming.assign(_d=dates).sort_values("_d").iloc[0]
        if len(upcoming)
        else targets.assign(_d=dates).sort_values("_d").iloc[-1]
    )
    s = comparable(series)
    line = target_lines.trajectory(s, float(chosen.value), chosen.direction, chosen._d, unit, as_at=as_at)
    status = {
        "met": MET,
        "on track": ON_COURSE,
        "not on track": OFF_COURSE,
        "deadline passed": MISSED,
        "awaiting figures": AWAITING,
        "too few figures": NO_TREND,
    }[line.status]
    gap = 0.0 if line.latest is None else abs(line.latest - float(chosen.value))
    t = tolerance(unit, float(chosen.value), rules)
    return TargetStatus(
        status,
        float(chosen.value),
        chosen.direction,
        chosen._d,
        chosen.commitment,
        chosen.publisher,
        gap / t if t else 0.0,
        line.projected,
    )


@dataclass(frozen=True)
class Judgement:
    indicator: Indicator
    area_code: str
    value: float | None
    period_label: str | None
    status: str | None
    out_of_date: bool
    england: Benchmark
    gm: Benchmark
    rank: Rank | None
    trend: Trend
    target: TargetStatus
    points: tuple[tuple[str, float], ...] = field(default=())  # the comparable series, for a sparkline

    judged: bool = True  # False: no polarity, or a theme shown without judgement (context)
    expected_next: date | None = None  # the publisher's next release, as the freshness mart expects it


def judge(
    indicator: Indicator,
    figures: pd.DataFrame,
    area: str,
    comparators: dict[str, str],
    districts: list[str],
    targets: pd.DataFrame,
    rules: JudgementRules,
    as_at: date,
) -> Judgement:
    """One indicator for one area. `figures`: judgement_figures rows of this indicator (the area, the
    comparators {'England': code, 'GM': code} and GM's districts); `targets`: this indicator's for the area."""
    judged = is_judged(indicator, rules)
    polarity = indicator.polarity if judged else "neutral"
    every = figures[figures.area_code == area]
    own = comparable(every, indicator.breaks)
    if own.empty:
        none = {name: Benchmark(NOT_COMPARED, name) for name in comparators}
        return Judgement(
            indicator,
            area,
            None,
            None,
            None,
            False,
            none.get("England"),
            none.get("GM"),
            None,
            Trend(CANNOT),
            target_status(own, targets, indicator.unit, rules, as_at),
            judged=judged,
        )
    latest = own.iloc[-1]
    # Each comparator's figure of the latest period and edition (a missing edition is its own), first
    # row kept: looked up, where filtering the frame twice per comparator cost more than the judging.
    wanted = set(comparators.values())
    found: dict[tuple, float] = {}
    for code, period, edition, value in zip(figures.area_code, figures.period, figures.edition, figures.value):
        if code in wanted and period == latest.period:
            found.setdefault((code, None if _missing(edition) else edition), value)

    def against(name: str) -> Benchmark:
        r = found.get((comparators[name], None if _missing(latest.edition) else latest.edition))
        return benchmark(
            latest.value,
            r,
            indicator.unit,
            polarity,
            rules,
            name,
            latest.period_label,
            latest.get("lci_95"),
            latest.get("uci_95"),
            indicator.rounding_step,
        )

    same_period = figures[(figures.period == latest.period) & figures.area_code.isin(districts)]
    rank = (
        gm_rank(same_period.set_index("area_code").value, area, polarity, len(districts)) if area in districts else None
    )
    return Judgement(
        indicator,
        area,
        float(latest.value),
        latest.period_label,
        latest.status,
        not _missing(latest.get("out_of_date")) and bool(latest.get("out_of_date")),
        against("England"),
        against("GM"),
        rank,
        _trend(every, own, indicator.unit, polarity, rules, indicator.breaks, indicator.rounding_step),
        target_status(own, targets, indicator.unit, rules, as_at),
        tuple(zip(own.period_label.tail(rules.trend_releases), own.value.tail(rules.trend_releases))),
        judged,
        None if _missing(latest.get("expected_next")) else pd.Timestamp(latest.expected_next).date(),
    )


def concern_direction(indicator: Indicator, registry: Registry) -> str:
    """Which end of a ward figure is a concern: the risk index's declared direction for its inputs (an
    older population raises exclusion risk), else the end polarity marks as worse; 'higher' by default."""
    declared = {i.indicator: i.risk_when for i in (registry.risk.inputs if registry.risk else ())}
    return declared.get(indicator.id) or {"higher": "lower", "lower": "higher"}.get(indicator.polarity, "higher")


def ward_beside_borough(
    value: float,
    borough: float | None,
    indicator: Indicator,
    rules: JudgementRules,
    period_label: str | None = None,
    lci: float | None = None,
    uci: float | None = None,
) -> Benchmark | None:
    """A ward against the borough's figure of the same period; None for a ward total (never compared).
    With the ward's 95% interval (a Census share: Wilson, from its counts) similar means the borough's
    figure lies inside it, as Fingertips judges; otherwise the declared tolerance."""
    if indicator.unit in rules.area_totals:
        return None
    polarity = indicator.polarity if is_judged(indicator, rules) else "neutral"
    return benchmark(
        value, borough, indicator.unit, polarity, rules, "Stockport", period_label, lci, uci, indicator.rounding_step
    )


@dataclass(frozen=True)
class FarWard:
    code: str
    name: str
    value: float
    borough: float
    ratio: float  # gap in the concern direction ÷ t
    period_label: str = ""


def far_wards(gaps: pd.DataFrame, indicator: Indicator, rules: JudgementRules) -> list[FarWard]:
    """Wards whose figure is further than ward_far_tolerances × t from the borough's (same period), in the
    direction the indicator's polarity marks as a concern; furthest first. `gaps`: ward_gaps rows."""
    if not is_judged(indicator, rules) or indicator.unit in rules.area_totals:
        return []
    far = []
    for r in gaps.dropna(subset=["value", "borough_value"]).itertuples():
        concern = (r.borough_value - r.value) if indicator.polarity == "higher" else (r.value - r.borough_value)
        t = tolerance(indicator.unit, r.borough_value, rules)
        if t and concern > rules.ward_far_tolerances * t:
            far.append(
                FarWard(
                    r.area_code, r.area_name, float(r.value), float(r.borough_value), concern / t, str(r.period_label)
                )
            )
    return sorted(far, key=lambda w: -w.ratio)


@dataclass(frozen=True)
class Attention:
    tier: int  # index into TIERS
    judgement: Judgement
    ratio: float  # gap ÷ t: orders items within a tier
    wards: tuple[FarWard, ...] = ()


def attention_tier(j: Judgement) -> tuple[int, float] | None:
    """The most serious tier a judged indicator falls in, with its gap ÷ t; None if nothing needs attention."""
    if not j.judged or j.value is None:
        return None
    worse = [b for b in (j.england, j.gm) if b is not None and b.outcome == WORSE]
    worsening = j.trend.getting == "worse"
    if j.target.status in (OFF_COURSE, MISSED):
        return 0, j.target.ratio
    if len(worse) == 2:
        return 1, max(b.ratio for b in worse)
    if worse and worsening:
        return 2, worse[0].ratio
    if worse:
        return 3, worse[0].ratio
    if worsening:
        return 4, j.trend.ratio
    return None


def needs_attention(judgements: list[Judgement], wards: dict[str, list[FarWard]] | None = None) -> list[Attention]:
    """Every judged indicator needing attention, most serious tier first, then the largest gap ÷ t; then
    ward-level indicators with wards far from the borough (one item per indicator, its wards furthest first)."""
    items = [Attention(tier, j, ratio) for j in judgements if (found := attention_tier(j)) for tier, ratio in [found]]
    by_id = {j.indicator.id: j for j in judgements}
    for indicator, far in (wards or {}).items():
        if far and indicator in by_id:
            items.append(
                Attention(TIERS.index("wards far from the borough"), by_id[indicator], far[0].ratio, tuple(far))
            )
    return sorted(items, key=lambda a: (a.tier, -a.ratio))


def comparison_areas(registry: Registry, area: str = STOCKPORT) -> tuple[dict[str, str], list[str]]:
    """{'England': code, 'GM': code} for the area, and GM's districts (the rank's field)."""
    chain = registry.areas_containing(area)
    by_type = {registry.comparators[c].type: c for c in chain}
    return {"England": by_type["country"], "GM": by_type["combined authority"]}, registry.districts_beside(area)


def assess(
    registry: Registry,
    indicators: list[str],
    figures: pd.DataFrame,
    targets: pd.DataFrame,
    as_at: date,
    area: str = STOCKPORT,
) -> dict[str, Judgement]:
    """judge() for each indicator: `figures` from Database.judgement_figures, `targets` from Database.targets."""
    comparators, districts = comparison_areas(registry)
    # Split once: a filter per indicator cost more than judging it.
    by_indicator = dict(tuple(figures.groupby("indicator_id", sort=False))) if len(figures) else {}
    area_targets = targets[targets.area_code == area]
    targets_of = dict(tuple(area_targets.groupby("indicator_id", sort=False))) if len(area_targets) else {}
    return {
        i: judge(
            registry.indicators[i],
            by_indicator.get(i, figures.iloc[:0]),
            area,
            comparators,
            districts,
            targets_of.get(i, area_targets.iloc[:0]),
            registry.judgement,
            as_at,
        )
        for i in indicators
    }


def far_wards_build(registry: Registry, db, indicators) -> dict[str, list[FarWard]]:
    """far_wards() of each ward-level indicator on one build, read through `db` with its audience."""
    return {
        i: far_wards(db.ward_gaps(i, db.audience), registry.indicators[i], registry.judgement)
        for i in indicators
        if "ward" in registry.indicators[i].geographies
    }


def assess_build(
    registry: Registry, db, indicators: list[str], as_at: date, area: str = STOCKPORT
) -> dict[str, Judgement]:
    """assess() on one build, read through `db` (a queries.Database) with its audience: the figures and
    targets it needs, for the area, its comparators and GM's districts."""
    comparators, districts = comparison_areas(registry)
    figures = db.judgement_figures(list(indicators), [area, *comparators.values(), *districts], db.audience)
    return assess(registry, list(indicators), figures, db.targets(None, db.audience), as_at, area)

"""The words, glyphs and tag colours of a judgement (pipeline/rules/judgement.py), as docs/judgement.md gives
them: words always, a glyph and a colour beside them, never colour alone."""

from __future__ import annotations


from pipeline.rules import judgement as J

from .theme import JUDGEMENT_TAGS
from .wording import fmt

TAGS = JUDGEMENT_TAGS  # keyed by the judgement's outcome (better, similar, worse, higher, lower, not compared)
GLYPHS = {
    J.BETTER: "✓",
    J.SIMILAR: "≈",
    J.WORSE: "!",
    J.HIGHER: "+",
    J.LOWER: "−",
    J.NOT_COMPARED: "–",
    J.INCREASING: "↑",
    J.DECREASING: "↓",
    J.NO_CLEAR_CHANGE: "→",
    J.CANNOT: "–",
    J.MET: "●",
    J.ON_COURSE: "◐",
    J.OFF_COURSE: "○",
    J.MISSED: "○",
    J.AWAITING: "–",
    J.NO_TARGET: "–",
    J.NO_TREND: "–",
}
# Trends and targets borrow the benchmark colours: getting better/met/on course read as better.
TREND_TAG = {"better": J.BETTER, "worse": J.WORSE, None: J.NOT_COMPARED}
TARGET_TAG = {
    J.MET: J.BETTER,
    J.ON_COURSE: J.BETTER,
    J.OFF_COURSE: J.WORSE,
    J.MISSED: J.WORSE,
    J.AWAITING: J.NOT_COMPARED,
    J.NO_TARGET: J.NOT_COMPARED,
    J.NO_TREND: J.NOT_COMPARED,
}
COMPARATOR_NAMES = {"England": "England", "GM": "GM"}


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def benchmark_words(b: J.Benchmark, unit: str, decimals: int) -> str:
    """'Better than England (88.4%)', 'Similar to GM (93.9%)', 'Not compared with GM: no figure for Jan 2026'."""
    if b.outcome == J.NOT_COMPARED:
        return f"Not compared with {b.against} (no figure for the period)"
    words = "Similar to" if b.outcome == J.SIMILAR else f"{b.outcome.capitalize()} than"
    return f"{words} {b.against} ({fmt(b.value, unit, decimals)}{', within rounding' if b.within_rounding else ''})"


def benchmarks_words(england: J.Benchmark, gm: J.Benchmark) -> str | None:
    """One line when neither comparator has a figure for the period (else None: a line each)."""
    if england.outcome == gm.outcome == J.NOT_COMPARED:
        return f"Not compared (no {england.against} or {gm.against} figure)"
    return None


def rank_words(rank: J.Rank | None) -> str:
    """'5th best of 10 GM districts', '=1st best of 10 …'; 'highest' when higher is neither better nor worse."""
    if rank is None:
        return ""
    tie = "=" if rank.tied else ""
    return f"{tie}{ordinal(rank.position)} {'best' if rank.judged else 'highest'} of {rank.of} GM districts"


def trend_words(t: J.Trend) -> str:
    if t.direction == J.CANNOT and t.not_comparable_with:
        return f"No trend: {t.edition} is not comparable with {t.not_comparable_with}"
    if t.direction == J.CANNOT:
        return "Trend cannot be calculated"
    since = f" since the {t.since_break} method change" if t.since_break else ""
    if t.direction == J.CANNOT and t.since_break:
        return f"Trend since the {t.since_break} method change: too few figures"
    if t.direction == J.NO_CLEAR_CHANGE:
        return f"No clear change{since}" + (" (within rounding)" if t.within_rounding else "")
    return f"{t.direction.capitalize()}" + (f" and getting {t.getting}" if t.getting else "") + since


def step_words(t: J.Trend, unit: str, decimals: int) -> str:
    """'Up 0.5 percentage points since Jul 2025' (points, never '%', for a percentage)."""
    if t.step is None:
        return ""
    step = round(t.step, decimals)
    if step == 0:
        return f"No change since {t.step_since}"
    size = abs(step)
    amount = (
        f"{size:,.{decimals}f} percentage point{'s' if size != 1 else ''}"
        if unit.startswith("%")
        else fmt(size, unit, decimals)
    )
    return f"{'Up' if step > 0 else 'Down'} {amount} since {t.step_since}"


def target_words(s: J.TargetStatus, unit: str, decimals: int) -> str:
    if s.status == J.NO_TARGET:
        return "No target set"
    goal = f"{s.direction} {fmt(s.value, unit, 0 if float(s.value).is_integer() else decimals)} by {s.by:%b %Y}"
    return {
        J.MET: f"Target met: {goal}",
        J.ON_COURSE: f"On course for {goal}",
        J.OFF_COURSE: f"Off course for {goal}",
        J.MISSED: f"Target missed: {goal}",
        J.AWAITING: f"Date passed: {goal}",  # no figure for the date yet (short: one line on a tile)
        J.NO_TREND: f"Target {goal}: too few figures to tell",
    }[s.status]


def attention_reason(a: J.Attention) -> str:
    """Why an item is on the needs-attention list, in words: what and by how much (the comparators' figures;
    for a target, the figure beside its goal: the projection is on the page the item links to), and since
    when (the figure's period, given beside it). One line each where it can: the list shares the first screen."""
    j = a.judgement
    unit, decimals = j.indicator.unit, j.indicator.decimals
    worse = [b for b in (j.england, j.gm) if b.outcome == J.WORSE]
    tier = J.TIERS[a.tier]
    if tier == "off course":
        return target_words(j.target, unit, decimals)
    if tier == "worse than both":
        return (
            f"Worse than England ({fmt(worse[0].value, unit, decimals)}) and GM ({fmt(worse[1].value, unit, decimals)})"
            + (", and getting worse" if j.trend.getting == "worse" else "")
        )
    if tier in ("worse than one and getting worse", "worse than one"):
        return benchmark_words(worse[0], unit, decimals) + (
            ", and getting worse" if tier.endswith("getting worse") else ""
        )
    if tier == "getting worse":
        return trend_words(j.trend)
    names = ", ".join(f"{w.name} {fmt(w.value, unit, decimals)}" for w in a.wards[:2])
    more = f" and {len(a.wards) - 2} more" if len(a.wards) > 2 else ""
    return (
        f"{len(a.wards)} ward{'s' if len(a.wards) != 1 else ''} far worse than the borough's "
        f"{fmt(a.wards[0].borough, unit, decimals)} ({a.wards[0].period_label}): {names}{more}"
    )


def attention_words(a: J.Attention) -> tuple[str, str, str]:
    """(indicator, its figure and period, why) of a needs-attention item, as the overview and the leaders'
    brief list it. A ward item compares wards with the borough in the wards' own period (the reason says
    which), so the borough's latest figure, perhaps another edition, would mislead beside it."""
    j = a.judgement
    value = "" if a.wards else f"{fmt(j.value, j.indicator.unit, j.indicator.decimals)} ({j.period_label})"
    return j.indicator.short, value, attention_reason(a)


def theme_summary(judgements: list[J.Judgement]) -> str:
    """'Better than England on 3 of 4 and similar on 1' (against England where compared, else GM)."""
    for name in ("England", "GM"):
        outcomes = [getattr(j, "england" if name == "England" else "gm").outcome for j in judgements if j.judged]
        compared = [o for o in outcomes if o != J.NOT_COMPARED]
        if compared:
            parts = [f"{o} on {compared.count(o)}" for o in (J.BETTER, J.SIMILAR, J.WORSE) if compared.count(o)]
            whole = "" if len(compared) == len(outcomes) else " compared"
            text = f"{parts[0].capitalize().replace(' on ', f' than {name} on ', 1)} of {len(compared)}{whole}"
            text = text.replace("Similar than", "Similar to")
            return (
                text
                + "".join(f", {p}" for p in parts[1:])
                + (f"; {len(outcomes) - len(compared)} not compared" if len(compared) < len(outcomes) else "")
            )
    return "No figure compared with England or GM"

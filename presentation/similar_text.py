"""The words of Stockport's standing among its similar councils (pipeline/rules/similar.py) and the group's
member list, said the way presentation/verdicts.py says every other benchmark."""

from __future__ import annotations

from pipeline.rules import judgement as J
from pipeline.rules.similar import GroupStanding

from .verdicts import ordinal
from .wording import fmt


def standing_words(s: GroupStanding, unit: str, decimals: int) -> str:
    """'Better than the median of 20 similar councils (93.1%); 6th best of 21 with Stockport (Jan 2026)'."""
    group = f"{s.members} {s.group.lower()}"
    if s.benchmark.outcome == J.NOT_COMPARED:
        return f"Not compared with {group} (not all of them publish {s.period_label or 'the period'})"
    b = s.benchmark
    words = "Similar to" if b.outcome == J.SIMILAR else f"{b.outcome.capitalize()} than"
    rounding = ", within rounding" if b.within_rounding else ""
    place = f"{'=' if s.tied else ''}{ordinal(s.position)} {'best' if s.judged else 'highest'}"
    return (
        f"{words} the median of {group} ({fmt(s.median, unit, decimals)}{rounding}); "
        f"{place} of {s.ranked} with Stockport ({s.period_label})"
    )


def group_summary(standings: list[GroupStanding]) -> str:
    """The overview's one line: 'Against 20 similar councils: better on 2 of 4, similar on 2' (medians compared)."""
    if not standings:
        return ""
    outcomes = [s.benchmark.outcome for s in standings]
    compared = [o for o in outcomes if o != J.NOT_COMPARED]
    group = f"{standings[0].members} {standings[0].group.lower()}"
    if not compared:
        return f"Not compared with {group}"
    parts = [
        f"{o} on {compared.count(o)}" for o in (J.BETTER, J.SIMILAR, J.WORSE, J.HIGHER, J.LOWER) if compared.count(o)
    ]
    parts[0] += f" of {len(outcomes)}"
    missing = len(outcomes) - len(compared)
    return f"Against {group}: " + ", ".join(parts) + (f"; {missing} not compared" if missing else "")


def members_markdown(names: list[str], basis: str, attribution: str) -> str:
    """The group's members as a numbered list (nearest first), what makes them a group, and its source."""
    listed = "\n".join(f"{n}. {name}" for n, name in enumerate(names, 1))
    return f"Stockport's similar councils are {basis}:\n\n{listed}\n\nSource: {attribution}."

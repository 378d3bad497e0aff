"""What changed since the last update (pipeline/store/changes.py), in the words the overview, Data and methods
and `python -m cli changes` share."""

from __future__ import annotations

from datetime import datetime

from pipeline.store.changes import Changes

from .wording import fmt


def _day(stamp: str | None) -> str:
    try:
        return f"{datetime.fromisoformat(stamp):%-d %b %Y}" if stamp else "?"
    except ValueError:
        return stamp or "?"


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def counts_text(c: Changes) -> str:
    """'4 new releases, 1 revised figure, 1 verdict changed, 2 ward ranks moved' (only what happened)."""
    parts = [
        (len(c.releases), "new release"),
        (len(c.revisions), "revised figure"),
        (len(c.verdicts), "verdict changed", "verdicts changed"),
        (len(c.ranks), "ward rank moved", "ward ranks moved"),
    ]
    said = [_count(*p) for p in parts if p[0]]
    return ", ".join(said) if said else "no new or revised figures"


def summary(c: Changes) -> str:
    """The overview's one line, without its link."""
    if c.first:
        return f"This is the first data build ({_day(c.built_at)}): nothing earlier to compare with"
    return f"Since the last update on {_day(c.since_built_at)}: {counts_text(c)}"


def release_text(r) -> str:
    periods = ", ".join(r.periods)
    return f"{r.title}: {periods}" + (f" (previously {r.previous_latest})" if r.previous_latest else " (first figures)")


def revision_text(r) -> str:
    decimals = r.decimals if round(r.old, r.decimals) != round(r.new, r.decimals) else r.decimals + 2
    return (
        f"{r.title}, {r.area_name}, {r.period_label}: {fmt(r.old, r.unit, decimals)} → "
        f"{fmt(r.new, r.unit, decimals)}" + (f" ({r.release})" if r.release else "")
    )


def verdict_text(v) -> str:
    return f"{v.title} {v.aspect}: {v.old} → {v.new}"


def rank_text(m) -> str:
    return f"{m.title}, {m.ward}: {m.old_rank} → {m.new_rank} of {m.of}"


SECTIONS = (
    ("New releases", "releases", release_text),
    ("Revised figures", "revisions", revision_text),
    ("Verdicts that changed", "verdicts", verdict_text),
    ("Wards whose rank moved by three or more", "ranks", rank_text),
)


def sections(c: Changes) -> list[tuple[str, list[str]]]:
    """(heading, lines) for each kind of change that happened."""
    return [(heading, [say(x) for x in getattr(c, field)]) for heading, field, say in SECTIONS if getattr(c, field)]


def digest_lines(c: Changes) -> list[str]:
    """The whole digest as plain text (the command line)."""
    if c.first:
        return [summary(c) + f" (build {c.build_id})."]
    lines = [f"{summary(c)}.", f"Build {c.build_id} against {c.since_build}."]
    for heading, items in sections(c):
        lines += ["", heading] + [f"  {item}" for item in items]
    return lines

"""Digital inclusion on the overview as a leader reads it: the outcomes the council publishes, with their
age and source said plainly, beside the risk measures and the programme's reach. Register figures appear
only when the caller passes them (an audience that may see them); sample data says so."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from pipeline.rules import judgement as J

from . import verdicts as V
from .wording import fmt

# The facts file's metrics (data/default/stockport_regeneration_and_digital_inclusion_facts.csv).
OFFLINE, LIMITED, REACH = "adults_offline", "adults_limited_internet_use", "residents_supported_first_two_years"


@dataclass(frozen=True)
class Outcomes:
    offline: float  # % of residents who never go online
    limited: float  # % who make only limited use of the internet
    period: str  # as the publisher dates it: 'c.2018'
    publisher: str  # 'Stockport Council (Digital Stockport)'


def outcomes(facts: pd.DataFrame) -> Outcomes | None:
    """The council's published outcome figures from the facts, or None when either is missing."""
    by_metric = facts.set_index("metric")
    if not {OFFLINE, LIMITED} <= set(by_metric.index):
        return None
    offline, limited = by_metric.loc[OFFLINE], by_metric.loc[LIMITED]
    return Outcomes(float(offline.value), float(limited.value), str(offline.period), str(offline.source_publisher))


def years_old(period: str, today: date) -> int | None:
    """How old a figure dated 'c.2018' or '2018-2020' is, from its latest year; None when undated."""
    years = [int(y) for y in re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", period)]
    return today.year - max(years) if years else None


def _short_publisher(publisher: str) -> str:
    """'Stockport Council (Digital Stockport)' -> 'Digital Stockport': the name a reader knows it by."""
    inner = re.search(r"\(([^()]+)\)\s*$", publisher)
    return inner.group(1) if inner else publisher


def glance_words(o: Outcomes | None) -> str:
    """The at-a-glance line: '13% never go online, 28% make limited use (Digital Stockport, c.2018)'."""
    if o is None:
        return "No published outcome figures in this build"
    return (
        f"{fmt(o.offline, '%', 0)} never go online, {fmt(o.limited, '%', 0)} make limited use "
        f"({_short_publisher(o.publisher)}, {o.period})"
    )


def outcome_line(o: Outcomes | None, today: date) -> str:
    if o is None:
        return "The council's published outcome figures are not in this build."
    age = years_old(o.period, today)
    aged = f", about {age} years old" if age else ""
    return (
        f"{fmt(o.offline, '%', 0)} of Stockport's residents never go online and {fmt(o.limited, '%', 0)} make "
        f"only limited use of it. Source: {o.publisher}, {o.period}{aged} and the latest the council "
        "publishes; not compared with England or GM."
    )


def risk_line(deri: J.Judgement | None, highest_wards: pd.DataFrame) -> str:
    """GM DERI's share at highest risk with its GM rank, and the One Stockport index's highest-risk ward."""
    parts = []
    if deri is not None and deri.value is not None:
        rank = f", {V.rank_words(deri.rank)}" if deri.rank else ""
        parts.append(
            f"{fmt(deri.value, '%', deri.indicator.decimals)} of residents live in the highest-risk tenth "
            f"of GM's Digital Exclusion Risk Index, {deri.period_label}{rank}"
        )
    if not highest_wards.empty:
        top = highest_wards.sort_values("value", ascending=False).iloc[0]
        parts.append(
            f"on the One Stockport exclusion risk index (Census {top.period_label}, ranked within "
            f"Stockport) the highest-risk ward is {top.area_name}, {fmt(top.value, 'score', 1)} of 100"
        )
    line = "; ".join(parts)
    return f"{line[0].upper()}{line[1:]}." if parts else "No risk measure in this build."


def reach_line(facts: pd.DataFrame, register: pd.DataFrame | None = None, months: int = 12) -> str:
    """The programme's published reach; then, only when given, the register's residents supported in its
    latest `months` months, flagged when the register is the shipped sample."""
    by_metric = facts.set_index("metric")
    parts = []
    if REACH in by_metric.index:
        f = by_metric.loc[REACH]
        dated = f", {f.source_date}" if isinstance(f.source_date, str) else ""
        parts.append(f"DigiKnow, {f.period.replace('-', '–')}: {f.statement}. Source: {f.source_publisher}{dated}")
    if register is not None and not register.empty:
        recent = register.sort_values("period_start").tail(months)
        sample = (
            " — SAMPLE data from the shipped register, not programme records"
            if (recent.status == "sample").any()
            else ""
        )
        parts.append(
            f"Register (officers only): {fmt(recent.value.sum(), 'residents', 0)} supported, "
            f"{recent.period_label.iloc[0]} to {recent.period_label.iloc[-1]}{sample}"
        )
    return (". ".join(parts) + ".") if parts else "No published programme figures in this build."


def rows(
    o: Outcomes | None,
    deri: J.Judgement | None,
    highest_wards: pd.DataFrame,
    facts: pd.DataFrame,
    today: date,
    register: pd.DataFrame | None = None,
) -> list[tuple[str, str]]:
    """(key, line) for the overview's inclusion summary: outcomes, then risk, then reach."""
    return [
        ("Outcomes", outcome_line(o, today)),
        ("Risk", risk_line(deri, highest_wards)),
        ("Reach", reach_line(facts, register)),
    ]

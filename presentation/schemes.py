"""Town-centre schemes as read: each status with the date of the report behind it, figures with what
they are (a cost, a budget, an outline consent), dates in words, and one count of schemes and
programmes for the tiles, the timeline and the register. Streamlit-free: the pages and the ward
report use it alike."""

from __future__ import annotations

import pandas as pd

from pipeline.registry import load_registry

from .htmldoc import render
from .wording import fmt

FINAL = ("Complete",)  # a status that cannot go out of date
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def register_options() -> tuple[str, int]:
    """The register's as-at month and how long a reported status stays current (registry options)."""
    options = load_registry().sources["projects_register"].options
    return options["as_at"], int(options["status_current_months"])


def words(value) -> str:
    """A register text cell, or '' when blank (never 'nan')."""
    return value if isinstance(value, str) else ""


def date_text(value) -> str:
    """'Mar 2024', 'Q1 2026', '2014', or 'not reported'."""
    if value is None or (not isinstance(value, str) and pd.isna(value)) or not str(value).strip():
        return "not reported"
    year, _, part = str(value).partition("-")
    if not part:
        return year
    return f"{part} {year}" if part.startswith("Q") else f"{MONTHS[int(part) - 1]} {year}"


def date_start(value) -> pd.Timestamp | None:
    """The first day a register date ('2024-03', '2026-Q1', '2014') covers; None when not reported."""
    if value is None or (not isinstance(value, str) and pd.isna(value)) or not str(value).strip():
        return None
    year, _, part = str(value).partition("-")
    month = 1 if not part else (3 * int(part[1]) - 2 if part.startswith("Q") else int(part))
    return pd.Timestamp(int(year), month, 1)


def date_end(value) -> pd.Timestamp | None:
    """The last month a register date covers ('2024' -> Dec 2024): a report dated only by its year
    may have been made in any month of it."""
    start = date_start(value)
    if start is None:
        return None
    part = str(value).partition("-")[2]
    return start + pd.DateOffset(months=11 if not part else (2 if part.startswith("Q") else 0))


def _months_between(earlier: pd.Timestamp, later: pd.Timestamp) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def status_is_current(project) -> bool:
    """Complete, or reported within the register's window before its as-at month."""
    as_at, window = register_options()
    reported = date_end(project.status_reported)
    return project.status in FINAL or (reported is not None and _months_between(reported, date_start(as_at)) <= window)


def status_text(project) -> str:
    """'On site (as reported Aug 2025)', or 'On site when last reported (2020); status not confirmed since 2020'."""
    when = date_text(project.status_reported)
    if status_is_current(project):
        return f"{project.status} (as reported {when})"
    return f"{project.status} when last reported ({when}); status not confirmed since {when}"


def status_group(project) -> str:
    """The status a chart groups by: the status, or that it is not confirmed since a year."""
    return (
        project.status
        if status_is_current(project)
        else f"{project.status}, not confirmed since {date_text(project.status_reported)}"
    )


def _with_basis(shown: str, basis) -> str:
    return f"{shown} ({basis})" if isinstance(basis, str) and basis else shown


def capital_text(project) -> str:
    """'£145m (whole-scheme value under the outline consent)', or 'not reported'."""
    value = project.capital_cost_gbp_m
    if value is None or pd.isna(value):
        return "not reported"
    return _with_basis(f"£{value:,.0f}m", project.capital_basis)


def floorspace_text(project) -> str | None:
    value = project.floorspace_sqft
    if value is None or pd.isna(value):
        return None
    return _with_basis(f"{int(value):,} sq ft", project.floorspace_basis)


def counts(projects: pd.DataFrame) -> dict[str, int]:
    """Schemes and programmes, counted apart: the one count the tiles, timeline and register use."""
    return {"schemes": int((projects.kind == "scheme").sum()), "programmes": int((projects.kind == "programme").sum())}


def counts_text(projects: pd.DataFrame) -> str:
    n = counts(projects)
    return (
        f"{n['schemes']} scheme{'s' if n['schemes'] != 1 else ''} and "
        f"{n['programmes']} programme{'s' if n['programmes'] != 1 else ''}"
    )


NOT_STARTED = ("Planning", "Approved")  # a start date of these is a plan


def glance_words(projects: pd.DataFrame, capital: float | None, homes: float | None) -> str:
    """The town centres' one line at a glance: '3 schemes and 2 programmes: £450 million capital, 1,200 homes'."""
    return f"{counts_text(projects)}: {fmt(capital, '£ million', 0)} capital, {fmt(homes, 'homes', 0)}"


def start_text(project) -> str:
    """'2014', 'planned Q1 2026' (not yet on site), or 'not reported'."""
    shown = date_text(project.start_date)
    return f"planned {shown}" if project.status in NOT_STARTED and shown != "not reported" else shown


def completion_text(project) -> str:
    """'Mar 2024' for a complete scheme; 'due 2024 (not confirmed)' for any other: a completion date
    is only a fact once the scheme is reported complete."""
    shown = date_text(project.completion_date)
    if project.status in FINAL or shown == "not reported":
        return shown
    return f"due {shown} (not confirmed)"


def timeline(projects: pd.DataFrame) -> pd.DataFrame:
    """Every project, schemes first, with its start and completion as dates and in words (unknown
    dates say 'not reported'; a chart marks the one date it has)."""
    rows = list(projects.itertuples())
    frame = projects.assign(
        start=projects.start_date.map(date_start),
        end=projects.completion_date.map(date_start),
        start_text=[start_text(p) for p in rows],
        completion_text=[completion_text(p) for p in rows],
        complete=[p.status in FINAL for p in rows],
        status_shown=[status_text(p) for p in rows],
    )
    return frame.sort_values(["kind", "start"], ascending=[False, True], na_position="last").reset_index(drop=True)


def partner_counts(projects: pd.DataFrame) -> pd.DataFrame:
    """How many schemes name each partner, under its one name (registry partner aliases)."""
    schemes = projects[projects.kind == "scheme"]
    named = schemes.assign(partner=schemes.partners.fillna("").str.split("; ")).explode("partner")
    named = named[named.partner.astype(bool)]
    return (
        named.groupby("partner", as_index=False)
        .agg(schemes=("name", "count"))
        .sort_values(["schemes", "partner"], ascending=[False, True])
        .reset_index(drop=True)
    )


def register_html(projects: pd.DataFrame, ward: str | None, label: str) -> str:
    """The register as one accessible list of disclosures (schemes first), each with its capital, homes,
    floorspace, dated status, partners, dates and sources; a project in `ward` says so."""
    rows = [
        dict(
            name=p.name,
            kind=p.kind,
            status=p.status_shown,
            ward=words(p.ward_name),
            here=p.ward_code == ward,
            description=words(p.description),
            capital=capital_text(p) + (f" — {words(p.capital_cost_note)}" if words(p.capital_cost_note) else ""),
            homes=(f"{int(p.homes):,}" + (f" — {words(p.homes_note)}" if words(p.homes_note) else ""))
            if pd.notna(p.homes)
            else "",
            floorspace=floorspace_text(p) or "",
            status_fact=p.status_fact,
            partners=words(p.partners),
            start=p.start_text,
            completion=p.completion_text,
            sources=[u for u in p.source_urls.split(";") if u],
        )
        for p in timeline(projects).itertuples()
    ]
    return render("register_list.html", projects=rows, label=label)

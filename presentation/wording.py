"""Numbers, ranks, changes, freshness and sources in the words the dashboard, the public export and the
ward reports all use."""

from __future__ import annotations

import re
from html import escape

import pandas as pd

from pipeline.registry import load_registry


SINGULAR = {"people": "person", "SIMs or data packages": "SIM or data package", "minutes": "minute"}


def rounded(value: float, decimals: int = 1) -> float:
    """A figure as shown: its stored, unrounded value rounded once, here (the build stores full precision).
    Python's rounding, exact on the stored binary value as a formatted string is; pandas' .round scales
    first and can land the other side of a half (30.545 to 2 places: 30.54 there, 30.55 here and in text)."""
    return round(float(value), decimals)


def fmt(value, unit: str = "", decimals: int = 1, with_unit: bool = True) -> str:
    if value is None or pd.isna(value):
        return "no figure"
    text = f"{rounded(value, decimals):,.{decimals}f}"
    if unit.startswith("decile"):
        return f"decile {text}"
    if unit.startswith("%"):
        return f"{text}%"
    if unit.startswith("£ million"):
        return f"£{text}m"
    if text == "1" and (unit in SINGULAR or (unit.endswith("s") and " " not in unit)):
        unit = SINGULAR.get(unit, unit[:-1])  # "1 scheme", "1 person", not "1 schemes"
    return f"{text} {unit}" if with_unit and unit and not unit.startswith("score") else text


def figure_text(value, unit: str = "", decimals: int = 1, status: str | None = None) -> str:
    """A figure as shown in tables, labels and tooltips: its formatted value, or why there is none
    (suppressed by disclosure control, else 'no figure')."""
    if value is None or pd.isna(value):
        return "suppressed" if status == "suppressed" else "no figure"
    return fmt(value, unit, decimals)


def rank_text(rank, areas, tied=1, value=0.0, indicator: str | None = None) -> str:
    """An area's rank as read: '3 of 21', '=3 of 21' when others share it (standard competition
    ranking: tied areas share the best rank, the next rank skips), the indicator's words for a zero
    that is not ranked ('no schemes'), or '—' with no figure."""
    if value is None or pd.isna(value) or pd.isna(rank):
        return "—"
    zero_means = load_registry().indicators[indicator].zero_means if indicator else None
    if zero_means and value == 0:
        return zero_means
    return f"{'=' if not pd.isna(tied) and int(tied) > 1 else ''}{int(rank)} of {int(areas)}"


def ranks_in(frame: pd.DataFrame, indicator: str | None = None, areas: str = "areas") -> list[str]:
    """rank_text for every row of a frame with value and rank; ties counted in the frame when it
    does not say (`tied`)."""
    tied = frame["tied"] if "tied" in frame else frame.groupby("rank")["rank"].transform("size")
    return [rank_text(r, a, t, v, indicator) for r, a, t, v in zip(frame["rank"], frame[areas], tied, frame["value"])]


def borough_text(value, unit: str, decimals: int, indicator: str) -> str:
    """Stockport's figure beside a ward's, or why it has none ('not applicable (scored within Stockport)')."""
    if (value is None or pd.isna(value)) and (why := load_registry().indicators[indicator].no_borough_figure):
        return why
    return fmt(value, unit, decimals)


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def built_text(built_at: str | None) -> str:
    """When a build was made, once in UTC: '26 Nov 2026, 15:16 UTC' (the build records an ISO time)."""
    if not built_at:
        return "at an unknown time"
    stamp = pd.Timestamp(built_at)
    stamp = stamp.tz_convert("UTC") if stamp.tzinfo else stamp
    return f"{stamp:%d %b %Y, %H:%M} UTC"


def change_words(row: dict) -> tuple[str | None, str | None]:
    """A headline's change since the previous figure ('+0.5 since Jul 2025'), and a note when the
    previous figure is another edition that is not comparable (then there is no change to show)."""
    if isinstance(row.get("not_comparable_with"), str):
        return None, f"{row['edition']}: not comparable with {row['not_comparable_with']}, so no change is shown"
    if row.get("previous_value") is None or pd.isna(row.get("previous_value")):
        return None, None
    decimals = int(row["decimals"])
    change = round(float(row["change"]), decimals)
    return (
        f"{change:+,.{decimals}f} since {row['previous_label']}"
        if change
        else f"no change since {row['previous_label']}"
    ), None


def left_out_note(trend: pd.DataFrame) -> str | None:
    """What a trend chart leaves out: figures from editions not comparable with the one shown."""
    left_out = trend["left_out"].dropna() if "left_out" in trend else pd.Series(dtype=object)
    if left_out.empty:
        return None
    return (
        f"{trend.edition.dropna().iloc[0]} figures only: {left_out.iloc[0]} figures are not comparable "
        "with them, so they are not joined into this trend."
    )


def latest_text(series: pd.DataFrame, shown) -> str:
    """An area's latest figure over time, as a chart's key says it: '94.9% in Jan 2026' (`shown`
    formats a value), or 'no figures'."""
    valued = series.sort_values("period_start", kind="stable").dropna(subset=["value"])
    return f"{shown(valued.value.iloc[-1])} in {valued.period_label.iloc[-1]}" if len(valued) else "no figures"


def unit_label(label: str, unit: str) -> str:
    """A label that carries the unit when the formatted number does not (%, £m carry their own)."""
    carried = (
        not unit or unit.startswith(("%", "£", "decile")) or unit.startswith("score") or unit.lower() in label.lower()
    )
    return label if carried else f"{label} ({unit})"


def release_words(expected_next, late: bool) -> str:
    """As publishers say it: 'Next update expected Dec 2026'; once late (past the month and the source's
    grace period), 'Update expected since Dec 2026'. Empty with no schedule."""
    if expected_next is None or pd.isna(expected_next):
        return ""
    when = f"{pd.Timestamp(expected_next):%b %Y}"
    return f"Update expected since {when}" if late else f"Next update expected {when}"


def late_flags(frame: pd.DataFrame) -> list[str]:
    """Per row: 'update expected since Dec 2026' for a late figure, else '' (a table's freshness column)."""
    return [
        release_words(d, True).replace("Update", "update", 1) if not pd.isna(f) and bool(f) else ""
        for f, d in zip(frame["out_of_date"], frame["expected_next"])
    ]


def out_of_date_note(frame: pd.DataFrame) -> str | None:
    """One short line for a frame holding any late figure: when its update was first expected."""
    if "out_of_date" not in frame.columns or not frame["out_of_date"].fillna(False).astype(bool).any():
        return None
    due = pd.to_datetime(frame.loc[frame["out_of_date"].fillna(False).astype(bool), "expected_next"]).min()
    words = release_words(due, True) if not pd.isna(due) else "Update expected"
    return f"{words}: these are the latest figures published."


def source_text(sources: pd.DataFrame, source_ids) -> str:
    """'Source: publisher, vintage; …' for the sources a set of figures came from, each once, in order."""
    known = sources.set_index("id")
    parts = [
        f"{known.publisher[i]}, {known.vintage[i]}"
        for i in dict.fromkeys(source_ids)
        if isinstance(i, str) and i in known.index
    ]
    # Two files of one release (the GM and the similar councils' cuts) read the same: said once.
    return "Source: " + "; ".join(dict.fromkeys(parts)) if parts else ""


def attribution_text(sources: pd.DataFrame, source_ids) -> str:
    """Each source's attribution and licence as its publisher asks for it, each once, in order."""
    known = sources.set_index("id")
    return " ".join(
        dict.fromkeys(
            str(known.attribution[i]) for i in dict.fromkeys(source_ids) if isinstance(i, str) and i in known.index
        )
    )


def period_span(rows: pd.DataFrame) -> str:
    """'Jan 2026', or 'Jan 2021 to Jan 2026': the periods of figures (period and period_label columns)."""
    if rows.empty or "period_label" not in rows.columns:
        return ""
    labels = list(
        dict.fromkeys(rows.sort_values("period").period_label if "period" in rows.columns else rows.period_label)
    )
    return labels[0] if len(labels) == 1 else f"{labels[0]} to {labels[-1]}"


def is_share(unit: str) -> bool:
    """Whether a unit is a percentage (its axis then stays within 0 to 100)."""
    return unit.startswith("%")


# A release as the build notes it: its date and, in brackets, the publisher's commit or snapshot
# (provenance, kept in the data, its table and CSV; not read out to a reader of a chart).
_RELEASE = re.compile(r"release of (\d{4}-\d{2}-\d{2})(?: \([^)]*\))?")


def release_lines(note) -> list[str]:
    """The publisher's release a figure comes from (its note's 'ONS release of …' clause) as plain
    lines in words ('ONS release of 18 Dec 2024'), any revision on a line of its own; [] when the
    note names none."""
    if not isinstance(note, str) or not note.startswith("ONS release of "):
        return []
    worded = _RELEASE.sub(lambda m: f"release of {pd.Timestamp(m[1]).day} {pd.Timestamp(m[1]):%b %Y}", note)
    first, *revised = worded.split("; ")[0].split(", revising ")
    return [first, *(f"revising {r}" for r in revised)]


def release_text(note) -> str:
    """`release_lines` as hover lines of a Plotly chart (escaped); '' when the note names none."""
    return "".join("<br>" + escape(line) for line in release_lines(note))

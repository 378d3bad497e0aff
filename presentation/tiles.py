"""The overview's tiles, at-a-glance list and needs-attention list as escaped HTML (one Streamlit element
each, not dozens): an ONS-style feature card per indicator with words, glyph and colour on every line,
and one accessible name per tile that reads every line (the glyphs are hidden from screen readers)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from pipeline.rules import judgement as J

from . import verdicts as V
from .htmldoc import markup, stylesheet, template
from .svgchart import sparkline
from .wording import fmt, release_words

# The overview's themes, in its order, by their names there (and in the leaders' brief).
THEMES = {
    "connectivity": "Connectivity",
    "investment": "Town-centre investment",
    "inclusion": "Digital inclusion",
    "context": "Context",
}
# The rules for the tiles; ui/page_style.py sends them first in every run, before anything is drawn.
CSS = stylesheet("tiles.css")


@dataclass(frozen=True)
class Tile:
    label: str
    value: str  # formatted, with its unit
    period: str
    lines: tuple[tuple[str, str, str], ...]  # (tag role, glyph, words)
    link: str
    spark: str = ""  # inline SVG
    ward_lines: tuple[tuple[str, str, str], ...] = ()
    unit: str = ""  # a worded unit ('per 100,000 population'), set small beside the number


def _macros():
    return template("tiles.html")


def late_line(judgements: list[J.Judgement]) -> str:
    """A section's one muted mention of its late figures, after its source: 'Update expected since Dec 2026'
    when every figure waits on one release, else each month with the figures it holds back; '' if none
    is late. Late data is the data team's task, so it is said once here, never as a judgement on a tile."""
    by_month: dict = {}
    for j in judgements:
        if j.out_of_date and j.expected_next is not None:
            by_month.setdefault(j.expected_next, []).append(j.indicator.short)
    if len(by_month) == 1:  # one release holds them back: the month, and how many if not all (one line)
        late = sum(map(len, by_month.values()))
        return release_words(next(iter(by_month)), True) + (
            "" if late == len(judgements) else f" ({late} of {len(judgements)})"
        )
    return "; ".join(f"{release_words(month, True)} ({', '.join(names)})" for month, names in sorted(by_month.items()))


def judgement_tile(j: J.Judgement, link: str, label: str | None = None, with_target: bool = True) -> Tile:
    """A tile's lines for one indicator: benchmarks (GM with rank), trend with the latest step, target
    (left off a context tile, which carries no judgement)."""
    ind = j.indicator
    unit, dec = ind.unit, ind.decimals
    if j.value is None:
        return Tile(label or ind.short, "No figure", "", (("not compared", "–", "Data not available"),), link)
    gm = V.benchmark_words(j.gm, unit, dec) + (f" · {V.rank_words(j.rank)}" if j.rank else "")
    lines = [
        (j.england.outcome, V.GLYPHS[j.england.outcome], V.benchmark_words(j.england, unit, dec)),
        (j.gm.outcome, V.GLYPHS[j.gm.outcome], gm),
    ]
    if (neither := V.benchmarks_words(j.england, j.gm)) and j.rank is None:
        lines = [(J.NOT_COMPARED, V.GLYPHS[J.NOT_COMPARED], neither)]
    trend = V.trend_words(j.trend) + (f" · {step}" if (step := V.step_words(j.trend, unit, dec)) else "")
    lines.append((V.TREND_TAG[j.trend.getting] if j.judged else J.NOT_COMPARED, V.GLYPHS[j.trend.direction], trend))
    if with_target:
        lines.append((V.TARGET_TAG[j.target.status], V.GLYPHS[j.target.status], V.target_words(j.target, unit, dec)))
    spark = (
        sparkline(
            list(j.points),
            f"{ind.short}, Stockport: {j.points[0][0]} to {j.points[-1][0]}",
            percentage=unit.startswith("%"),
        )
        if len(j.points) > 1
        else ""
    )
    worded = not unit.startswith(("%", "£", "score", "decile"))
    return Tile(
        label or ind.short,
        fmt(j.value, unit, dec, with_unit=not worded),
        j.period_label or "",
        tuple(lines),
        link,
        spark,
        unit=unit if worded else "",
    )


def _name(t: Tile) -> str:
    """The tile's one accessible name: every line in words."""
    value = f"{t.value} {t.unit}" if t.unit else t.value
    return ". ".join([f"{t.label}: {value}, {t.period}", *(w for _, _, w in t.lines), *(w for _, _, w in t.ward_lines)])


def _safe(t: Tile) -> Tile:
    """The sparkline is SVG this code drew (its text escaped there); everything else is text."""
    return replace(t, spark=markup(t.spark))


def grid_html(tiles: list[Tile], label: str) -> str:
    return str(_macros().grid([_safe(t) for t in tiles], [_name(t) for t in tiles], label))


def section_html(
    title: str, link: str = "", link_text: str = "", note: str = "", note_link: str = "", note_link_text: str = ""
) -> str:
    """A section's heading and its link, with an optional short note beside the heading (on the same row
    at desktop width, so it costs the first screen nothing)."""
    return str(_macros().section(title, link, link_text, note, note_link, note_link_text))


def glance_html(rows: list[tuple[str, str]]) -> str:
    """The at-a-glance summary list: one line per theme."""
    return str(_macros().glance(rows))


def summary_html(rows: list[tuple[str, str]], label: str) -> str:
    """A section's key-and-value lines under its tiles (the inclusion outcomes, risk and reach)."""
    return str(_macros().summary(rows, label))


def attention_html(items: list[tuple[str, str, str, str]], start: int = 1) -> str:
    """(indicator label, value, reason, link) per item, numbered from `start`."""
    return str(_macros().attention(items, start))


def source_html(text: str, late: str = "") -> str:
    """A section's one compact source line, with its late releases (late_line) if any."""
    return str(_macros().source(text, late))

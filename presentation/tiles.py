"""The overview's tiles, at-a-glance list and needs-attention list as escaped HTML (one Streamlit element
each, not dozens): an ONS-style feature card per indicator with words, glyph and colour on every line,
and one accessible name per tile that reads every line (the glyphs are hidden from screen readers)."""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

from pipeline import judgement as J

from . import verdicts as V
from .svgchart import sparkline
from .wording import fmt

# The rules for the tiles; ui/page_style.py sends them first in every run, before anything is drawn.
CSS = """
[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > style:only-child) {display: none;}
[data-testid="stMainBlockContainer"] h1 {font-size: 1.8rem; padding: 0 0 .1rem;}
.os-grid {display: grid; grid-template-columns: repeat(auto-fit, minmax(13.5rem, 1fr)); gap: .5rem; margin: .2rem 0 .6rem;}
.os-tile {border: 1px solid rgba(128,128,128,.45); border-radius: .4rem; padding: .45rem .6rem; line-height: 1.3;}
.os-tile h3 {font-size: .95rem; margin: 0; padding: 0; font-weight: 600;}
.os-tile h3 a {color: inherit;}
.os-value {display: flex; justify-content: space-between; align-items: center; gap: .4rem; margin: .1rem 0 .2rem;}
.os-value b {white-space: nowrap;} .os-value b {font-size: 1.3rem;} .os-value small {font-size: .78rem;}
.os-line {font-size: .8rem; margin: .1rem 0; line-height: 1.25; display: flex; gap: .35rem; align-items: baseline;}
.os-tag {display: inline-block; min-width: 1.05rem; text-align: center; border-radius: .2rem; font-size: .75rem;
         font-weight: 700; border: 1px solid; line-height: 1.1rem; flex: none;}
.os-spark {width: 72px; flex: none;}
.os-ward {border-top: 1px dashed rgba(128,128,128,.6); margin-top: .25rem; padding-top: .2rem;}
.os-glance {display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; margin: 0; font-size: .9rem; line-height: 1.35;}
.os-glance dt {font-weight: 600;} .os-glance dd {margin: 0;}
.os-attention {margin: 0; padding-left: 1.3rem; font-size: .9rem; line-height: 1.35;} .os-attention li {margin: .15rem 0;}
.os-section {display: flex; justify-content: space-between; align-items: baseline; margin: .2rem 0 0;}
.os-section h2 {font-size: 1.1rem; margin: 0; padding: 0;} .os-section a {font-size: .85rem;}
.os-source {font-size: .78rem; margin: 0 0 .3rem;}
.sr-only {position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;}
"""


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


def _tag(role: str, glyph: str) -> str:
    bg, ink, border = V.TAGS[role]
    return (f'<span class="os-tag" aria-hidden="true" style="background:{bg};color:{ink};border-color:{border}">'
            f"{escape(glyph)}</span>")


def _line(role: str, glyph: str, words: str) -> str:
    return f'<div class="os-line">{_tag(role, glyph)}<span>{escape(words)}</span></div>'


def judgement_tile(j: J.Judgement, link: str, uid: str, label: str | None = None, with_target: bool = True) -> Tile:
    """A tile's lines for one indicator: benchmarks (GM with rank), trend with the latest step, target
    (left off a context tile, which carries no judgement)."""
    ind = j.indicator
    unit, dec = ind.unit, ind.decimals
    if j.value is None:
        return Tile(label or ind.short, "No figure", "", (("not compared", "–", "Data not available"),), link)
    gm = V.benchmark_words(j.gm, unit, dec) + (f" · {V.rank_words(j.rank)}" if j.rank else "")
    lines = [(j.england.outcome, V.GLYPHS[j.england.outcome], V.benchmark_words(j.england, unit, dec)),
             (j.gm.outcome, V.GLYPHS[j.gm.outcome], gm)]
    if (neither := V.benchmarks_words(j.england, j.gm)) and j.rank is None:
        lines = [(J.NOT_COMPARED, V.GLYPHS[J.NOT_COMPARED], neither)]
    trend = V.trend_words(j.trend) + (f" · {step}" if (step := V.step_words(j.trend, unit, dec)) else "")
    lines.append((V.TREND_TAG[j.trend.getting] if j.judged else J.NOT_COMPARED, V.GLYPHS[j.trend.direction], trend))
    if j.out_of_date:
        lines.append((J.NOT_COMPARED, "!", V.stale_words(j.expected_next)))
    if with_target:
        lines.append((V.TARGET_TAG[j.target.status], V.GLYPHS[j.target.status],
                      V.target_words(j.target, unit, dec)))
    spark = sparkline(list(j.points), f"{ind.short}, Stockport: {j.points[0][0]} to {j.points[-1][0]}", uid,
                      percentage=unit.startswith("%")) if len(j.points) > 1 else ""
    worded = not unit.startswith(("%", "£", "score", "decile"))
    return Tile(label or ind.short, fmt(j.value, unit, dec, with_unit=not worded), j.period_label or "", tuple(lines),
                link, spark, unit=unit if worded else "")


def tile_html(t: Tile) -> str:
    value = f"{t.value} {t.unit}" if t.unit else t.value
    name = ". ".join([f"{t.label}: {value}, {t.period}", *(w for _, _, w in t.lines), *(w for _, _, w in t.ward_lines)])
    ward = ("".join(_line(*line) for line in t.ward_lines)) if t.ward_lines else ""
    return (f'<section class="os-tile" role="group" aria-label="{escape(name, quote=True)}">'
            f'<h3><a href="{escape(t.link, quote=True)}" target="_self">{escape(t.label)}</a></h3>'
            f'<div class="os-value"><span><b>{escape(t.value)}</b> <small>{escape(" · ".join(filter(None, [t.unit, t.period])))}</small></span>'
            f'<span class="os-spark" aria-hidden="true">{t.spark}</span></div>'
            + "".join(_line(*line) for line in t.lines)
            + (f'<div class="os-ward">{ward}</div>' if ward else "") + "</section>")


def grid_html(tiles: list[Tile], label: str) -> str:
    return f'<div class="os-grid" role="list" aria-label="{escape(label, quote=True)}">' + "".join(
        f'<div role="listitem">{tile_html(t)}</div>' for t in tiles) + "</div>"


def section_html(title: str, link: str = "", link_text: str = "") -> str:
    more = f'<a href="{escape(link, quote=True)}" target="_self">{escape(link_text)} ›</a>' if link else ""
    return f'<div class="os-section"><h2>{escape(title)}</h2>{more}</div>'


def glance_html(rows: list[tuple[str, str]]) -> str:
    """GOV.UK summary list: one line per theme."""
    return '<dl class="os-glance">' + "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows) + "</dl>"


def attention_html(items: list[tuple[str, str, str, str]], start: int = 1) -> str:
    """(indicator label, value, reason, link) per item, numbered from `start`."""
    if not items:
        return "<p>Nothing needs attention under the declared rules: no headline figure is worse than England or " \
               "GM, getting worse, off course for a target or out of date.</p>"
    return f'<ol class="os-attention" start="{start}">' + "".join(
        f'<li><b>{escape(label)}</b>{" " + escape(value) if value else ""}: {escape(reason)}. '
        f'<a href="{escape(link, quote=True)}" target="_self">Details<span class="sr-only"> on {escape(label)}</span> ›</a></li>'
        for label, value, reason, link in items) + "</ol>"

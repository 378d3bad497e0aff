"""The overview's pieces made from figures already judged: the targets line, a ward's lines beside the
borough's tile, the gaps sentence, the investment tiles and 'About these figures'. Streamlit-free, so the
page (views/overview.py) only fetches and lays out, and a test reads them without a browser."""

from __future__ import annotations

from dataclasses import replace
from html import escape

import pandas as pd

from pipeline.registry import Registry
from pipeline.rules import judgement as J
from presentation import deprivation, schemes, tiles, verdicts
from presentation.wording import fmt


def targets_line(js: list[J.Judgement]) -> str:
    """'; 2 of 3 targets met or on course', or nothing when none of them has a target."""
    set_ = [j for j in js if j.target.status != J.NO_TARGET]
    good = [j for j in set_ if j.target.status in (J.MET, J.ON_COURSE)]
    return f"; {len(good)} of {len(set_)} targets met or on course" if set_ else ""


def ward_lines(
    indicator: str,
    registry: Registry,
    profile: pd.DataFrame | None,
    ward_name: str | None,
    editions: pd.Series,
    borough_editions: pd.Series | None,
) -> tuple[tuple[str, str, str], ...]:
    """The chosen ward beside Stockport (same period), or why not. `profile`: the ward's profile by
    indicator_id (None without a ward); `editions`: each source's edition; `borough_editions`: each
    borough tile's figure's edition (a ward line names its own edition when the two differ)."""
    if profile is None:
        return ()
    ind = registry.indicators[indicator]
    groups = registry.overview
    if indicator not in profile.index:
        others = [i for i in groups[ind.theme if ind.theme in groups else "context"] if i in profile.index]
        return ((J.NOT_COMPARED, "–", f"{ward_name}: no ward figure; Stockport shown"),) if others else ()
    row = profile.loc[indicator]
    named = deprivation.beside_edition(editions.get(row.source_id), borough_editions.get(indicator))
    shown = f"{ward_name}: {fmt(row.value, ind.unit, ind.decimals)} ({named or row.period_label})"
    b = J.ward_beside_borough(row.value, row.borough_value, ind, registry.judgement, row.period_label)
    if b is None:
        return ((J.NOT_COMPARED, "–", f"{shown}, a ward total"),)
    if named:  # the borough's figure of the ward's own edition, named, not the tile's newer one
        b = replace(b, against=f"Stockport's {named} {'score' if ind.unit.startswith('score') else 'figure'}")
    return (
        (J.NOT_COMPARED, "", shown),
        (b.outcome, verdicts.GLYPHS[b.outcome], verdicts.benchmark_words(b, ind.unit, ind.decimals)),
    )


def investment_tiles(
    counts: dict,
    judged: dict[str, J.Judgement],
    indicators: list[str],
    links: dict[str, str],
    lines: dict[str, tuple],
    ward_name: str | None,
    ward_projects: pd.DataFrame | None,
) -> list[tiles.Tile]:
    """The schemes' count and each investment figure: Stockport's own, so not compared and without target."""
    plain = ((J.NOT_COMPARED, "–", "Not compared (Stockport only) · No target set"),)
    ward_schemes = ((J.NOT_COMPARED, "–", f"{ward_name}: {schemes.counts_text(ward_projects)}"),) if ward_name else ()
    first = tiles.Tile(
        "Schemes",
        f"{counts['schemes']} schemes",
        f"and {counts['programmes']} programmes",
        plain,
        "/investment",
        "",
        ward_schemes,
    )
    rest = [
        tiles.Tile(
            judged[i].indicator.short,
            fmt(judged[i].value, judged[i].indicator.unit, judged[i].indicator.decimals),
            judged[i].period_label,
            plain,
            links[i],
            "",
            lines[i],
        )
        for i in indicators
    ]
    return [first, *rest]


def gap_sentence(
    indicator: str, registry: Registry, gaps: pd.DataFrame, latest: pd.DataFrame
) -> tuple[str, str] | None:
    """(indicator title, the rest of the sentence) naming the three wards furthest in the direction that is a
    concern; `gaps`: ward and borough of one period (may be empty), else `latest`: the wards' latest figures."""
    ind = registry.indicators[indicator]
    direction = J.concern_direction(ind, registry)
    values = (gaps if not gaps.empty else latest).dropna(subset=["value"])
    if values.empty:
        return None
    worst = values.sort_values("value", ascending=direction == "lower").head(3)
    against = (
        f" (Stockport {fmt(worst.borough_value.iloc[0], ind.unit, ind.decimals)})" if "borough_value" in worst else ""
    )
    names = "; ".join(f"{r.area_name} {fmt(r.value, ind.unit, ind.decimals)}" for r in worst.itertuples())
    return ind.title, f"{worst.period_label.iloc[0]} (a {direction} figure is the concern): {names}{against}."


def about_html(rules, sources_line: str, positions: list) -> str:
    """'About these figures': how figures are judged, in the registry's own tolerances, and the sources."""
    return (
        "<p><strong>How figures are judged.</strong> Stockport is compared with England and Greater Manchester only for "
        "the same period and definition; otherwise the tile says <em>Not compared</em>. Two figures are <em>similar</em> "
        "when the comparator lies inside Stockport's 95% confidence interval where one is published (or, for a ward's "
        "Census share, its Wilson interval from the counts), otherwise when they "
        f"differ by no more than a tolerance <em>t</em> plus the publisher's rounding step (<em>within rounding</em>): "
        f"for percentages <em>t</em> is the smaller of {rules.percentage_points:g} "
        f"percentage point and {rules.percentage_share:.0%} of the comparator, for counts, £ and rates "
        f"{rules.other_share:.0%} of the comparator. Better or worse follows each indicator's polarity; "
        "population and context figures are only higher or lower. A trend is a straight line through the last "
        f"{rules.trend_releases} comparable releases (at least {rules.trend_minimum}); a fitted change within <em>t</em> "
        "plus the rounding step is <em>No clear change</em>, and a new edition of an index or a publisher's method "
        "change restarts it. A percentage target is projected on its gap to 100% (or 0%), closing at its pace over the "
        "last three years and the last year; if they disagree, the cautious verdict. "
        "Needs attention lists, in order: off course for a target; worse than England and GM; "
        "worse than one and getting worse; worse than one; getting worse; and wards more than "
        f"{rules.ward_far_tolerances:g} × <em>t</em> from the borough in the direction of concern. A release later than "
        "its publisher's schedule plus a grace period is a task for the data team, noted beside its section's source and "
        "listed on Data and methods, not a concern for this list. Sparklines start at "
        "zero (and end at 100 for percentages) so a small change looks small.</p>"
        "<p><strong>Sources.</strong> "
        + escape(sources_line.removeprefix("Source: "))
        + "</p>"
        + deprivation.about_html(positions)
        + '<p>Full definitions, licences and release dates: <a href="/data_methods" target="_self">Data and methods</a>.</p>'
    )

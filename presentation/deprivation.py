"""Stockport's national position on the English Indices of Deprivation, in words a leader reads: which
rank, of how many local authorities in England, which tenth, and every edition named, so a tile never
puts two editions side by side unnamed."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from pipeline.rules import judgement as J

from . import verdicts as V
from .tiles import Tile, judgement_tile
from .wording import fmt, ordinal

# MHCLG ranks local authorities on several summary measures; the tile's figure is the average score, so
# its rank is the one shown.
MEASURE = "average score"


@dataclass(frozen=True)
class Position:
    edition: str  # "IoD2025"
    rank: int  # 1 = most deprived
    authorities: int  # how many the edition ranks
    decile: int  # the tenth the rank falls in, 1 = most deprived
    score: float


def positions(ranks: pd.DataFrame) -> list[Position]:
    """Database.deprivation_ranks rows as positions, newest first; an edition whose count of authorities
    is not known, or is below its rank, is left out rather than shown as a rank of nothing."""
    return [
        Position(r.edition, int(r.rank), int(r.authorities), int(r.decile), float(r.average_score))
        for r in ranks.itertuples()
        if not pd.isna(r.authorities) and r.rank <= r.authorities
    ]


def position_words(p: Position) -> str:
    """'Ranked 158th most deprived of 296 local authorities in England on average score (decile 6 of 10)'."""
    return (
        f"Ranked {ordinal(p.rank)} most deprived of {p.authorities} local authorities in England on "
        f"{MEASURE} (decile {p.decile} of 10)"
    )


def earlier_words(p: Position) -> str:
    """An earlier edition's position, named: 'IoD2019: 130th of 317 (decile 5), score 20.8'."""
    return f"{p.edition}: {ordinal(p.rank)} of {p.authorities} (decile {p.decile}), score {fmt(p.score, 'score', 1)}"


def national_tile(j: J.Judgement, link: str, found: list[Position]) -> Tile:
    """The IMD tile with Stockport's national position where the judgement tile has nothing to say (no
    England or GM figure exists for an authority's average score, and editions make no trend): the latest
    edition's rank and tenth, the earlier edition's beside it, each named, then the target line. The
    judgement tile unchanged when the latest position is not the figure's own edition."""
    tile = judgement_tile(j, link)
    if not found or j.value is None or round(found[0].score, 3) != round(j.value, 3):
        return tile
    latest, earlier = found[0], found[1:]
    lines = [
        (J.NOT_COMPARED, V.GLYPHS[J.NOT_COMPARED], position_words(latest)),
        *((J.NOT_COMPARED, V.GLYPHS[J.NOT_COMPARED], earlier_words(p)) for p in earlier[:1]),
        (
            V.TARGET_TAG[j.target.status],
            V.GLYPHS[j.target.status],
            V.target_words(j.target, j.indicator.unit, j.indicator.decimals),
        ),
    ]
    return replace(tile, period=latest.edition, unit=MEASURE, lines=tuple(lines), spark="")


def overview_tile(j: J.Judgement, link: str, found: list[Position], with_target: bool = True) -> Tile:
    """An indicator's overview tile (and the leaders' brief's): the IMD score's with its national position,
    any other its judgement tile (`with_target` off for a theme shown without judgement)."""
    return (
        national_tile(j, link, found)
        if j.indicator.id == "imd_score"
        else judgement_tile(j, link, with_target=with_target)
    )


def beside_edition(ward_edition: str | None, borough_edition: str | None) -> str | None:
    """The edition to name on a ward's line when the borough's tile figure is from another one, else None."""
    if isinstance(ward_edition, str) and isinstance(borough_edition, str) and ward_edition != borough_edition:
        return ward_edition
    return None


def about_html(found: list[Position]) -> str:
    """A paragraph for 'About these figures': what the rank is, where it comes from, and what is not here."""
    if not found:
        return ""
    counts = "; ".join(f"{p.authorities} in {p.edition}" for p in found)
    return (
        "<p><strong>Deprivation's national position.</strong> MHCLG ranks every local authority in England on "
        f"the population-weighted {MEASURE} of its neighbourhoods ({counts}; 1 = most deprived); the decile "
        "is the tenth of that ranking the rank falls in (1 = most deprived tenth). Editions rank different "
        "sets of authorities with revised methods, so each is named and no change is drawn between them. "
        "Only Stockport's row of the summaries is bundled, so Greater Manchester's districts are not ranked "
        "here.</p>"
    )

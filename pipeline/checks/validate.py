"""Checks beyond a single cell's type: every Stockport area in every area-level file, plausible
figures, periods that have already happened, current area codes.

Adapters call `figure` and `period` row by row, so a bad cell is named by its line. The build calls
`coverage` once the lookups are staged (they say which areas a file must hold) and again at the
end, and `figures` on what it derives and stages, as a backstop naming the file a figure comes
from. One module, so each rule is written once and reads the same from every adapter.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Iterable

from pipeline import clock
from pipeline.errors import InputError
from pipeline.registry import COVERAGE, STOCKPORT, Indicator, Registry, Source

# Staging tables and the columns in which adapters put area codes, all tagged with source_id.
_CODE_COLUMNS = [
    ("stg_areas", "code", "name"),
    ("stg_lookup_lsoa_ward", "lsoa_code", "lsoa_name"),
    ("stg_lookup_lsoa_ward", "ward_code", "ward_name"),
    ("stg_lookup_oa", "lsoa_code", "lsoa_name"),
    ("stg_lookup_oa", "msoa_code", "msoa_name"),
    ("stg_census_lsoa", "lsoa21_code", "lsoa21_name"),
    ("stg_iod_lsoa", "lsoa11_code", "lsoa11_name"),
    ("stg_iod_population", "lsoa11_code", "null"),
    ("stg_imd_scores", "lsoa11_code", "null"),
]
# Statuses under which a blank value is what the publisher meant.
BLANK_STATUSES = ("suppressed",)


def today() -> date:
    return clock.today()


def figure(
    path: Path,
    line: int | None,
    column: str | None,
    indicator: Indicator,
    value: float | None,
    status: str = "published",
    where: str = "",
) -> None:
    """A figure is present unless its status says why not, and within its indicator's plausible range."""
    if value is None:
        if status not in BLANK_STATUSES:
            raise InputError(
                path,
                line,
                column,
                f"{where}{indicator.id}: the value is blank but would be stored as "
                f"'{status}'; give the figure, or the status 'suppressed'",
            )
        return
    if not math.isfinite(value):
        raise InputError(path, line, column, f"{where}{value} is not a finite number")
    low, high = indicator.range
    if not low <= value <= high:
        raise InputError(
            path,
            line,
            column,
            f"{where}{value:g} is outside the plausible range {low:g} to {high:g} "
            f"for {indicator.id} ({indicator.unit}; range set in the registry)",
        )


def period(
    path: Path, line: int | None, column: str | None, start: date, released: str | date | None, raw: str = ""
) -> None:
    """A period cannot start after today, nor after the release of the file that reports it."""
    shown = raw or start.isoformat()
    if start > today():
        raise InputError(path, line, column, f"period {shown} is in the future (today is {today().isoformat()})")
    released = date.fromisoformat(released) if isinstance(released, str) else released
    if released is not None and start > released:
        raise InputError(
            path, line, column, f"period {shown} starts after the file was released ({released.isoformat()})"
        )


def release(path: Path, line: int | None, column: str | None, day: date, raw: str = "") -> None:
    """A release date cannot be after today: a file cannot cite a release not yet published."""
    if day > today():
        raise InputError(
            path,
            line,
            column,
            f"release date {raw or day.isoformat()} is in the future (today is {today().isoformat()})",
        )


def latest_start(source: Source) -> date:
    """The latest date a period in this source's file may start."""
    return min(today(), date.fromisoformat(source.released)) if source.released else today()


def figures(rows: Iterable[dict], registry: Registry, where: str = "derived ", periods: bool = False) -> None:
    """Check figures that no longer have a line (sums, scores), named by the file of the source they
    come from, the area and the period. A derived figure's period is the registry's (the register's
    "as at", the index's census year), so only figures read from files have theirs checked."""
    for r in rows:
        indicator = registry.indicators[r["indicator_id"]]
        source = registry.sources.get(r["source_id"])
        file = source.file if source else r["source_id"]
        label = f"{where}{r['indicator_id']} for {r['area_code']} {r['period']}: "
        figure(file, None, indicator.id, indicator, r["value"], r["status"], where=label)
        if not periods:
            continue
        start = r["period_start"]
        start = date.fromisoformat(str(start)[:10]) if not isinstance(start, date) else start
        period(file, None, indicator.id, start, source.released if source else None, raw=r["period"])


def staged_figures(con, registry: Registry) -> None:
    """Backstop over every staged figure (adapters have already named the line of most faults)."""
    cur = con.execute("select * from stg_observations")
    names = [d[0] for d in cur.description]
    figures((dict(zip(names, r)) for r in cur.fetchall()), registry, where="", periods=True)


def _staged_codes(con, source_id: str, prefix: str) -> dict[str, str | None]:
    sql = " union all ".join(
        f"select {c} as code, {n} as name from {t} where source_id = ? and {c} like ?" for t, c, n in _CODE_COLUMNS
    )
    params = [p for _ in _CODE_COLUMNS for p in (source_id, prefix + "%")]
    codes: dict[str, str | None] = {}
    for code, name in con.execute(sql, params).fetchall():
        codes[code] = codes.get(code) or name
    return codes


def _line_of(path: Path, text: str) -> int | None:
    """The first line of the file holding `text` (a code), to point at an unexpected row."""
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as f:
            for n, line in enumerate(f, 1):
                if text in line:
                    return n
    except OSError:
        return None
    return None


def coverage(con, registry: Registry, inputs: Iterable) -> None:
    """Every Stockport area of each set (the lookups say which) appears in every file covering it."""
    staged = [i for i in inputs if i.source.covers and i.adapter == i.source.adapter]
    codes = {
        (i.source.id, area_set): _staged_codes(con, i.source.id, COVERAGE[area_set][1])
        for i in staged
        for area_set in i.source.covers
    }
    for area_set, (what, _) in COVERAGE.items():
        lookups = [i for i in staged if area_set in i.source.covers and i.adapter == "ons_lookups"]
        files = [i for i in staged if area_set in i.source.covers]
        if area_set == "lad":
            expected = {STOCKPORT: "Stockport"}
        elif lookups:
            expected = {}
            for i in lookups:
                for code, name in codes[(i.source.id, area_set)].items():
                    expected[code] = expected.get(code) or name
        else:
            continue  # no lookup in this build says which areas the set holds
        for i in files:
            column = i.source.covers[area_set]
            have = codes[(i.source.id, area_set)]
            extra = sorted(set(have) - set(expected))
            if extra:
                old = retired_code(con, extra[0])
                retired = f" (it is a retired {old} code; current codes are required)" if old else ""
                raise InputError(
                    i.path,
                    _line_of(i.path, extra[0]),
                    column,
                    f"{extra[0]} is not a Stockport {what} in the ONS lookups{retired}",
                )
            missing = sorted(set(expected) - set(have))
            if missing:
                name = expected[missing[0]]
                more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
                raise InputError(
                    i.path,
                    None,
                    column,
                    f"{what} {missing[0]}{f' ({name})' if name else ''} is missing{more}; "
                    f"every Stockport {what} must appear once",
                )
            if i.adapter == "ons_boundaries":
                names(i.path, what, have, expected)


def names(path: Path, what: str, have: dict[str, str | None], expected: dict[str, str | None]) -> None:
    """A boundary file names each area as the ONS lookups do: the lookups are the reference, so a
    map never labels a ward with another name (or text that is no place name at all)."""
    for code in sorted(have):
        if expected.get(code) and have[code] != expected[code]:
            raise InputError(
                path,
                _line_of(path, code),
                "properties.area_name",
                f"{what} {code} is named '{(have[code] or '')[:60]}' here but '{expected[code]}' in the ONS lookups",
            )


def retired_code(con, code: str) -> str | None:
    """'ward 2022' when `code`, already found not to be current, is an area of an older boundary
    set in this build; else None."""
    row = con.execute(
        "select type, boundary_vintage from stg_areas where code = ? and not current "
        "order by boundary_vintage desc limit 1",
        [code],
    ).fetchone()
    return f"{row[0]} {row[1]}" if row else None


def not_retired(con, path: Path, line: int, column: str, code: str, known: set[str] | None) -> None:
    """Refuse, by name, a code that a boundary change retired where this file needs current codes
    (`known`: the current codes, when staged)."""
    if known is None or code not in known:
        old = retired_code(con, code)
        if old:
            raise InputError(path, line, column, f"{code} is a retired {old} code; this file needs current codes")

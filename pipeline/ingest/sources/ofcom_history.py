"""Ofcom connectivity series compiled from every ONS Explore Local Statistics release.

One row per (metric, area, period, value) with the release (commit) that first published it. A
period appears more than once when ONS republished it with another value. The later value is a
revision of period P only if the publisher still lists it for P:
- confirmed: a later release lists the same value for P again (ONS revised the North West's
  January 2025 figures in July 2025 and kept them in the next release); or
- the latest listing of P, unless it is the figure of a later period of the same area under P's
  date: ONS's 2026-01-12 release dated the July 2025 figures 2025-01-15 and fixed the date two
  days later, which must never read as a revision of January 2025.
Every figure's note names the ONS release it comes from.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from pipeline.checks import validate
from pipeline.errors import InputError
from pipeline.ingest.periods import parse_period
from pipeline.registry import Source
from pipeline.store.schema import insert_rows, observation
from pipeline.ingest.textfile import Row, csv_rows, number, read_text
from pipeline.ingest.sources.context import Context

COLUMNS = [
    "metric",
    "areacd",
    "areanm",
    "period",
    "observation",
    "unit",
    "source_path",
    "source_commit",
    "source_commit_date",
]


def _release(date: str, commit: str) -> str:
    return f"ONS release of {date} ({commit[:8]})"


def _misdated(value: float, key: tuple, finals: dict[tuple, float], start) -> str | None:
    """The later period whose final figure this value is, if any: then it is not a revision of key."""
    indicator, area, _ = key
    later = sorted(
        (p_start, p)
        for (i, a, p), (p_start, v) in finals.items()
        if i == indicator and a == area and p_start > start and v == value
    )
    return later[0][1] if later else None


def load(con, path: Path, source: Source, ctx: Context) -> int:
    _, rows = csv_rows(path, read_text(path), COLUMNS)
    by_metric = ctx.registry.indicator_by_history_metric()
    known = ctx.comparator_codes()
    listings: dict[tuple, list] = defaultdict(list)
    periods: dict[tuple, tuple] = {}
    in_release: dict[tuple, Row] = {}
    for r in rows:
        if r["metric"] not in by_metric:
            raise InputError(path, r.line, "metric", f"'{r['metric'][:40]}' is not a metric in the registry")
        if r["areacd"] not in known:
            raise InputError(path, r.line, "areacd", f"'{r['areacd'][:40]}' is not a known area code")
        # Ofcom releases are monthly; ONS dated some '2025-01' and others '2025-01-15'.
        period = parse_period(r["period"][:7])
        if not period or not parse_period(r["period"]):
            raise InputError(path, r.line, "period", f"'{r['period'][:40]}' is not a period")
        if not parse_period(r["source_commit_date"]):
            raise InputError(path, r.line, "source_commit_date", f"'{r['source_commit_date'][:40]}' is not a date")
        validate.release(
            path, r.line, "source_commit_date", parse_period(r["source_commit_date"])[1], r["source_commit_date"]
        )
        value = number(path, r, "observation", minimum=0, maximum=100 if r["unit"] == "%" else None)
        validate.figure(path, r.line, "observation", by_metric[r["metric"]], value)
        # Each row's release is the commit that first published it.
        validate.period(
            path,
            r.line,
            "period",
            parse_period(r["period"])[1],
            parse_period(r["source_commit_date"])[1],
            raw=r["period"],
        )
        key = (by_metric[r["metric"]].id, r["areacd"], period[0])
        # One release lists a period once; a second listing (another value, or the period
        # written another way) would leave the figure to chance.
        first = in_release.setdefault(key + (r["source_commit_date"],), r)
        if first is not r:
            raise InputError(
                path,
                r.line,
                "period",
                f"duplicate {r['metric']} {r['areacd']} {period[0]} in the release of "
                f"{r['source_commit_date']}: row {first.line} ('{first['period']}', "
                f"{first['observation']}) and row {r.line} ('{r['period']}', {r['observation']})",
            )
        listings[key].append((r["source_commit_date"], value, r["source_commit"]))
        periods[key] = period
    for versions in listings.values():
        versions.sort()
    # Each period's latest listing, to recognise a later period's figure under an earlier date.
    finals = {key: (periods[key][1], versions[-1][1]) for key, versions in listings.items()}
    out, rejected = [], defaultdict(list)
    for key, versions in listings.items():
        indicator, area, _ = key
        canonical, start, label = periods[key]
        kept = list(versions)
        while True:
            date, value, commit = kept[-1]
            first = next(v for v in kept if v[1] == value)
            confirmed = sum(v[1] == value for v in kept) > 1
            changed = first is not kept[0] and kept[0][1] != value
            later = None if confirmed or not changed else _misdated(value, key, finals, start)
            if not later:
                break
            rejected[(commit, date, canonical, later)].append(key)
            kept = [v for v in kept if v[1] != value]
        date, value, commit = kept[-1]
        first = next(v for v in kept if v[1] == value)
        earlier = [v for v in kept if v[0] < first[0] and v[1] != value]
        note = _release(first[0], first[2])
        if earlier:
            shown = "; ".join(dict.fromkeys(f"{v:g} in the {_release(d, c)}" for d, v, c in earlier))
            note += f", revising {shown}"
        unit = ctx.registry.indicators[indicator].unit
        out.append(observation(indicator, area, (canonical, start, label), value, unit, source.id, note=note))
    for (commit, date, period, later), keys in sorted(rejected.items()):
        ctx.messages.append(
            f"{path.name}: {len(keys)} figure(s) of the {_release(date, commit)} dated {period} are "
            f"the {later} figures under a wrong date; not used as revisions of {period}"
        )
    return insert_rows(con, "stg_observations", out)

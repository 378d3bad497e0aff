"""ONS Explore Local Statistics long-format CSV (one row per area, indicator and period).

Read and checked inside DuckDB so that a national file (every LSOA × many indicators × periods)
stages at close to the speed of a bare `read_csv`.
"""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

from pipeline.checks import validate
from pipeline.errors import InputError
from pipeline.ingest.periods import parse_period
from pipeline.registry import Source
from pipeline.ingest.sources.context import Context

COLUMNS = [
    "areacd",
    "areanm",
    "geography",
    "indicator",
    "period",
    "observation",
    "measure",
    "unit",
    "lci_95",
    "uci_95",
    "status",
    "notes",
]


def _header(path: Path) -> list[str]:
    with open(path, "rb") as f:
        first = f.readline()
    if not first.strip(b"\xef\xbb\xbf \r\n"):
        raise InputError(path, 1, None, "file is empty")
    if b"\r" in first.rstrip(b"\r\n"):
        # Read in streaming by DuckDB, which needs line feeds; classic Mac files have none.
        raise InputError(
            path,
            1,
            None,
            "lines end in carriage returns only (classic Mac OS); re-save the file with Windows or Unix line endings",
        )
    try:
        line = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(path, 1, None, "header is not UTF-8 text; re-save the file as UTF-8") from None
    header = next(csv.reader([line]))
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InputError(path, 1, missing[0], f"required column missing (header has: {', '.join(header)})")
    return header


def _check_utf8(path: Path) -> None:
    """Stream the file through a UTF-8 decoder (a national file need not fit in memory)."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    line = 1
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 22), b""):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                at = max(0, min(exc.start, len(chunk) - 1))
                raise InputError(
                    path,
                    line + chunk.count(b"\n", 0, at),
                    None,
                    f"not UTF-8 text (byte 0x{chunk[at]:02x}); re-save as UTF-8",
                ) from None
            line += chunk.count(b"\n")
    decoder.decode(b"", final=True)


# A plain decimal number. DuckDB's cast also takes '9_4.9' (as 94.9), 'nan' and 'inf'.
_NUMBER = r"-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?"


def _first(con, sql: str, params: list | None = None):
    return con.execute(sql, params or []).fetchone()


def _check_stored_rows(con, path: Path, source: Source, ctx: Context) -> None:
    """The rows that will be stored: a figure or a reason for its absence, a plausible value, a
    period that has happened and that the file could have reported."""
    stored = (
        "from _els e join _names n on e.indicator = n.els_name join _periods p on e.period = p.raw "
        "where {} order by e._line limit 1"
    )
    blank = _first(
        con,
        "select e._line, n.indicator_id, coalesce(nullif(lower(e.status), ''), 'published') "
        + stored.format(
            "nullif(e.observation, '') is null and coalesce(nullif(lower(e.status), ''), "
            "'published') not in (select unnest(?::varchar[]))"
        ),
        [list(validate.BLANK_STATUSES)],
    )
    if blank:
        raise InputError(
            path,
            blank[0],
            "observation",
            f"{blank[1]}: the value is blank but would be stored as "
            f"'{blank[2]}'; give the figure, or the status 'suppressed'",
        )
    # DuckDB orders NaN above every number, so 'nan' and 'inf' fall outside any range too.
    wild = _first(
        con,
        "select e._line, e.observation, n.indicator_id "
        + stored.format("not (try_cast(e.observation as double) between n.low and n.high)"),
    )
    if wild:
        indicator = ctx.registry.indicators[wild[2]]
        validate.figure(path, wild[0], "observation", indicator, float(wild[1]))
    late = _first(
        con,
        "select e._line, p.period_start, e.period " + stored.format("p.period_start > ?"),
        [validate.latest_start(source)],
    )
    if late:
        validate.period(path, late[0], "period", late[1], source.released, raw=late[2])


def load(con, path: Path, source: Source, ctx: Context) -> int:
    header = _header(path)
    _check_utf8(path)
    columns = {h: "VARCHAR" for h in header}
    con.execute("drop table if exists _els")
    con.execute(
        "create temp table _els as select row_number() over () + 1 as _line, * from "
        "read_csv(?, header = true, auto_detect = false, columns = ?, quote = '\"', escape = '\"', "
        "strict_mode = true, null_padding = false)",
        [str(path), columns],
    )
    if _first(con, "select count(*) from _els")[0] == 0:
        raise InputError(path, 2, None, "no data rows under the header")
    con.execute("drop table if exists _known_areas")
    # Current areas only: a code retired at a boundary change (a May 2022 ward) would publish
    # figures on an area the dashboard no longer shows.
    con.execute(
        "create temp table _known_areas as select code from stg_areas where current union select unnest(?::varchar[])",
        [sorted(ctx.comparator_codes())],
    )
    by_name = ctx.registry.indicator_by_els_name()
    checks = [
        (
            "areacd",
            "select _line, areacd || ' is a retired ' || s.type || ' ' || s.boundary_vintage from _els "
            "join stg_areas s on s.code = areacd and not s.current "
            "where areacd not in (select code from _known_areas) order by _line limit 1",
            lambda v: f"{v} code; this file needs current area codes (May 2023 wards, 2021 LSOAs)",
        ),
        (
            "areacd",
            "select _line, areacd from _els where areacd is null or areacd not in (select code from _known_areas) order by _line limit 1",
            lambda v: (
                f"'{(v or '')[:40]}' is not a known area code (Stockport, its wards/LSOAs, GM districts, GMCA, North West, England, UK)"
            ),
        ),
        (
            "period",
            "select _line, period from _els where not regexp_full_match(coalesce(period, ''), '\\d{4}(-\\d{2})?(-\\d{2})?(/P1Y)?') order by _line limit 1",
            lambda v: f"'{(v or '')[:40]}' is not a period (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DD/P1Y)",
        ),
        (
            "observation",
            "select _line, observation from _els where nullif(observation, '') is not null and not regexp_full_match(observation, ?) order by _line limit 1",
            lambda v: f"'{(v or '')[:40]}' is not a number",
        ),
        (
            "lci_95",
            "select _line, lci_95 from _els where nullif(lci_95, '') is not null and not regexp_full_match(lci_95, ?) order by _line limit 1",
            lambda v: f"'{(v or '')[:40]}' is not a number",
        ),
        (
            "uci_95",
            "select _line, uci_95 from _els where nullif(uci_95, '') is not null and not regexp_full_match(uci_95, ?) order by _line limit 1",
            lambda v: f"'{(v or '')[:40]}' is not a number",
        ),
        (
            "observation",
            "select _line, observation from _els where (unit = '%' or measure = 'Percentage') and (try_cast(observation as double) < 0 or try_cast(observation as double) > 100) order by _line limit 1",
            lambda v: f"percentage {v} is outside 0–100",
        ),
        (
            "lci_95",
            "select _line, lci_95 || ' (upper ' || coalesce(uci_95, '') || ', figure ' || coalesce(observation, '') || ')' "
            "from _els where try_cast(lci_95 as double) > try_cast(observation as double) "
            "or try_cast(lci_95 as double) > try_cast(uci_95 as double) order by _line limit 1",
            lambda v: (
                f"lower confidence limit {v} is above the figure or the upper limit; lci_95 <= observation <= uci_95"
            ),
        ),
        (
            "uci_95",
            "select _line, uci_95 || ' (figure ' || observation || ')' from _els "
            "where try_cast(uci_95 as double) < try_cast(observation as double) order by _line limit 1",
            lambda v: f"upper confidence limit {v} is below the figure; lci_95 <= observation <= uci_95",
        ),
        (
            "period",
            "select max(_line), any_value(areacd || ' ' || indicator || ' ' || period) from _els group by areacd, indicator, period having count(*) > 1 order by 1 limit 1",
            lambda v: f"duplicate area-indicator-period {v}",
        ),
    ]
    for column, sql, message in checks:
        bad = _first(con, sql, [_NUMBER] if ", ?)" in sql else None)
        if bad:
            raise InputError(path, bad[0], column, message(bad[1]))

    names = [r[0] for r in con.execute("select distinct indicator from _els").fetchall()]
    unknown = sorted(n for n in names if n not in by_name)
    if unknown:
        ctx.messages.append(f"{path.name}: skipped indicators not in the registry: {', '.join(unknown)}")
    periods = [r[0] for r in con.execute("select distinct period from _els").fetchall()]
    con.execute("drop table if exists _periods")
    con.execute("create temp table _periods (raw varchar, period varchar, period_start date, period_label varchar)")
    con.executemany("insert into _periods values (?, ?, ?, ?)", [(p, *parse_period(p)) for p in periods])
    con.execute("drop table if exists _names")
    con.execute(
        "create temp table _names (els_name varchar, indicator_id varchar, unit varchar, low double, high double)"
    )
    con.executemany(
        "insert into _names values (?, ?, ?, ?, ?)",
        [(n, by_name[n].id, by_name[n].unit, *by_name[n].range) for n in names if n in by_name],
    )
    _check_stored_rows(con, path, source, ctx)
    count = _first(con, "select count(*) from _els join _names on _els.indicator = _names.els_name")[0]
    con.execute(
        """insert into stg_observations
           select n.indicator_id, e.areacd, p.period, p.period_start, p.period_label,
                  try_cast(nullif(e.observation, '') as double) + 0.0, n.unit,
                  try_cast(nullif(e.lci_95, '') as double) + 0.0, try_cast(nullif(e.uci_95, '') as double) + 0.0,
                  coalesce(nullif(lower(e.status), ''), 'published'),
                  nullif(concat_ws('; ', ?, nullif(e.notes, '')), ''), ?
           from _els e join _names n on e.indicator = n.els_name join _periods p on e.period = p.raw""",
        [source.options.get("release"), source.id],
    )
    for t in ("_els", "_periods", "_names", "_known_areas"):
        con.execute(f"drop table {t}")
    return count

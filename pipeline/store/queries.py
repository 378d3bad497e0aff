"""The query layer: every read the dashboard makes, as named, parameterised SQL.

Pages call these methods and never write SQL. Each call reads through `readers.connect`: a
published build's read-only connection is opened once and shared, anything else per call. The
live path names the current build; `pinned()` gives a reader fixed to that one immutable build, so
a run of queries sees one build even while a newer one is published. Callers cache results keyed
on `Database.version()`, which differs for every build.
"""

from __future__ import annotations

import math
import os
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from pipeline import clock
from pipeline.store import readers, releases
from pipeline.registry import AUDIENCES, STOCKPORT, load_registry
from pipeline.rules.risk_index import risk_inputs_frame
from pipeline.rules.ward_similarity import CONTEXT, most_similar
from pipeline.store.schema import SCHEMA_VERSION


# Freshness: the figures mart carries each latest figure's expected next release and the last day
# before it is late (pipeline/rules/freshness.py); `out_of_date` is true once today is past that day. The
# one definition every query that returns figures uses.
def _past_due(table: str = "") -> str:
    return f"coalesce({table}{'.' if table else ''}late_after < $today, false)"


_OUT_OF_DATE = f"{_past_due()} as out_of_date"

# How many local authorities each edition's LA summaries rank (1 = most deprived): 317 on 2019 boundaries,
# 296 on 2024 ones, counted in MHCLG's full summaries (only Stockport's row is bundled, so the file cannot say).
AUTHORITIES_RANKED = {"IoD2019": 317, "IoD2025": 296}

# Comparability: two figures of an indicator may be compared (a change, a trend, a "since") only when
# their sources are the same edition of the index, or neither is an edition (registry `edition`).
_COMPARABLE = "{a}.edition is not distinct from {b}.edition"


class Database:
    """Read access to one database file. `audience` is the most this reader may ever see: a public
    reader returns only public indicators whatever audience a caller asks for."""

    def __init__(self, path: Path | str, audience: str = "internal", today: date | None = None):
        self.path = Path(path)
        self.audience = _audience(audience)
        self._today = today  # a day fixed by the caller (a report as at a date); otherwise the clock's

    @property
    def today(self) -> date:
        return self._today or clock.today()

    def _allowed(self, requested: str) -> str:
        return "public" if self.audience == "public" else _audience(requested)

    def exists(self) -> bool:
        return self.path.exists()

    def is_current(self) -> bool:
        """Built by this version of the pipeline (its marts have the shape the pages expect)."""
        try:
            return self.build_info().get("schema_version") == SCHEMA_VERSION
        except duckdb.Error:
            return False

    def pinned(self) -> "Database":
        """A reader of the build the live path points at now, unaffected by later builds."""
        return Database(releases.resolve(self.path), self.audience, self._today)

    def version(self) -> tuple[str, int, int]:
        """Differs for every build (its own file), so caches keyed on it refresh."""
        st = os.stat(self.path)
        return (os.path.realpath(self.path), st.st_ino, st.st_mtime_ns)

    def query(self, sql: str, params: dict | list | None = None) -> pd.DataFrame:
        if isinstance(params, dict) and "$today" in sql:
            params = {**params, "today": self.today}
        with readers.connect(self.path) as con:
            return con.execute(sql, params or {}).df()

    # -- about the build -------------------------------------------------------------------
    def build_info(self) -> dict[str, str]:
        return dict(self.query("select key, value from build_info").itertuples(index=False))

    def table_counts(self) -> dict[str, int]:
        df = self.query("""select 'areas' t, count(*) n from areas union all select 'indicators', count(*) from indicators
            union all select 'observations', count(*) from observations union all select 'sources', count(*) from sources
            union all select 'projects', count(*) from projects union all select 'facts', count(*) from facts
            union all select 'age_bands', count(*) from age_bands
            union all select 'build_log', count(*) from build_log""")
        return dict(df.itertuples(index=False))

    def status_counts(self) -> dict[str, int]:
        return dict(
            self.query("select status, count(*) from observations group by status order by 2 desc").itertuples(
                index=False
            )
        )

    def sources(self) -> pd.DataFrame:
        """Every source the build read. A public reader's list leaves out a source that only internal
        indicators use (the inclusion register's sample figures), as it leaves out those indicators."""
        return self.query(
            """select * from sources s
            where $audience = 'internal'
               or not exists (select 1 from indicators i where i.source_id = s.id and i.audience <> 'public')
               or exists (select 1 from indicators i where i.source_id = s.id and i.audience = 'public')
            order by id""",
            {"audience": self.audience},
        )

    # -- reference -------------------------------------------------------------------------
    def indicators(self, audience: str = "public") -> pd.DataFrame:
        return self.query(
            """select i.*, s.publisher, s.licence, s.attribution, s.url as source_url, s.title as source_title
            from indicators i join sources s on s.id = i.source_id
            where $audience = 'internal' or i.audience = 'public' order by i.theme, i.id""",
            {"audience": self._allowed(audience)},
        )

    def wards(self) -> pd.DataFrame:
        return self.query("""select code, name, lon, lat, geometry_kind from areas
            where type = 'ward' and current order by name""")

    def area_shapes(self, area_type: str) -> pd.DataFrame:
        return self.query(
            """select code, name, geometry, geometry_kind from areas
            where type = $type and current and geometry is not null order by code""",
            {"type": area_type},
        )

    # -- figures ---------------------------------------------------------------------------
    def latest_values(self, indicator: str, area_type: str, audience: str = "public") -> pd.DataFrame:
        """Each area's value in the indicator's latest period at that geography, ranked (1 = highest)."""
        return self.query(
            f"""
            with obs as (
                select * from figures
                where indicator_id = $indicator and area_type = $area_type and (area_current or area_type <> 'ward')
                  and ($audience = 'internal' or audience = 'public'))
            select area_code, area_name, period, period_label, value, unit, status, note, source_id,
                   expected_next, {_OUT_OF_DATE}, rank() over (order by value desc) as rank, count(*) over () as areas,
                   count(*) over (partition by value) as tied
            from obs where period_start = (select max(period_start) from obs)
            order by value desc nulls last, area_code""",
            {"indicator": indicator, "area_type": area_type, "audience": self._allowed(audience)},
        )

    def ward_recent_totals(self, indicator: str, months: int = 12, audience: str = "public") -> pd.DataFrame:
        """Each current ward's sum over the indicator's latest `months` monthly periods (0 where none recorded)."""
        return self.query(
            f"""
            with obs as (
                select * from figures
                where indicator_id = $indicator and ($audience = 'internal' or audience = 'public')),
            recent as (select * from obs where period_start > (select max(period_start) from obs) - to_months($months)),
            due as (select min(expected_next) as expected_next, min(late_after) as late_after
                    from figures where indicator_id = $indicator)
            select w.code as area_code, w.name as area_name, coalesce(sum(r.value), 0) as value,
                   arg_min(r.period_label, r.period_start) as first_period,
                   arg_max(r.period_label, r.period_start) as last_period,
                   coalesce(case when bool_or(r.status = 'sample') then 'sample'
                                 when bool_or(r.status = 'provisional') then 'provisional' else min(r.status) end,
                            'none recorded') as status, any_value(r.source_id) as source_id,
                   any_value(due.expected_next) as expected_next,
                   any_value({_past_due("due")}) as out_of_date
            from areas w left join recent r on r.area_code = w.code cross join due
            where w.type = 'ward' and w.current and exists (select 1 from recent)
            group by w.code, w.name order by value desc, w.code""",
            {"indicator": indicator, "months": months, "audience": self._allowed(audience)},
        )

    def series(self, indicator: str, area_codes: list[str], audience: str = "public") -> pd.DataFrame:
        return self.query(
            f"""select area_code, area_name, period, period_start, period_label,
                   value, unit, status, note, source_id, expected_next, {_OUT_OF_DATE}
            from figures
            where indicator_id = $indicator and list_contains($codes, area_code)
              and ($audience = 'internal' or audience = 'public')
            order by area_code, period_start""",
            {"indicator": indicator, "codes": list(area_codes), "audience": self._allowed(audience)},
        )

    def trend(self, indicator: str, area_codes: list[str], audience: str = "public") -> pd.DataFrame:
        """The areas' figures comparable with the latest of them (same edition), oldest first: what
        one trend chart may show. `edition` names the edition; `left_out` the other editions not shown."""
        return self.query(
            f"""
            with s as (
                select area_code, area_name, period, period_start, period_label, value, unit,
                       status, note, source_id, edition, expected_next, {_OUT_OF_DATE},
                       arg_max(edition, period_start) over () as latest_edition
                from figures
                where indicator_id = $indicator and list_contains($codes, area_code)
                  and ($audience = 'internal' or audience = 'public')),
            other as (
                select string_agg(distinct edition, ', ') as left_out from s where edition is distinct from latest_edition)
            select s.* exclude (latest_edition), other.left_out
            from s cross join other where s.edition is not distinct from s.latest_edition
            order by area_code, period_start""",
            {"indicator": indicator, "codes": list(area_codes), "audience": self._allowed(audience)},
        )

    def headline(self, area_code: str = STOCKPORT, audience: str = "public") -> pd.DataFrame:
        """Latest and previous value of every indicator for one area, with the change between them
        only when the two are comparable (same edition); otherwise the earlier edition it is not
        comparable with (`not_comparable_with`) and no change."""
        return self.query(
            f"""
            with ranked as (
                select *, row_number() over (partition by indicator_id order by period_start desc) as n
                from figures
                where area_code = $area and ($audience = 'internal' or audience = 'public'))
            select cur.indicator_id, cur.title, cur.short, cur.theme, cur.unit, cur.polarity, cur.decimals,
                   -- an index published in editions: the vintage of the edition this figure is from
                   case when cur.edition is not null then cur.source_vintage else cur.vintage end as vintage,
                   cur.publisher, cur.source_title,
                   cur.period, cur.period_label, cur.value, cur.status, cur.note, cur.source_id,
                   prev.period_label as previous_label, prev.value as previous_value,
                   cur.value - prev.value as change, cur.edition,
                   case when earlier.n is not null then earlier.edition end as not_comparable_with,
                   cur.expected_next, {_past_due("cur")} as out_of_date
            from ranked cur
            left join ranked prev on prev.indicator_id = cur.indicator_id and prev.n = 2 and {_COMPARABLE.format(a="prev", b="cur")}
            left join ranked earlier on earlier.indicator_id = cur.indicator_id and earlier.n = 2
                                     and not {_COMPARABLE.format(a="earlier", b="cur")}
            where cur.n = 1
            order by cur.theme, cur.indicator_id""",
            {"area": area_code, "audience": self._allowed(audience)},
        )

    def ward_profile(self, ward_code: str, audience: str = "public") -> pd.DataFrame:
        """Every ward-level indicator for one ward: value, borough value, rank of the 21 wards."""
        return self.query(
            f"""
            with ward_figures as (
                select *, max(period_start) over (partition by indicator_id) as latest_start
                from figures where area_type = 'ward' and area_current),
            latest as (
                select *, rank() over (partition by indicator_id order by value desc) as rank,
                       count(*) over (partition by indicator_id) as wards,
                       count(*) over (partition by indicator_id, value) as tied
                from ward_figures where period_start = latest_start)
            select l.indicator_id, l.title, l.short, l.theme, l.unit, l.polarity, l.decimals,
                   l.period_label, l.value, l.lci_95, l.uci_95, l.rank, l.wards, l.tied, l.status, l.note, l.source_id,
                   b.value as borough_value, b.period_label as borough_period, l.publisher, l.vintage,
                   l.expected_next, {_past_due("l")} as out_of_date
            from latest l
            left join figures b on b.indicator_id = l.indicator_id and b.area_code = $borough
                                and b.period = l.period
            where l.area_code = $ward and ($audience = 'internal' or l.audience = 'public')
            order by l.theme, l.indicator_id""",
            {"ward": ward_code, "borough": STOCKPORT, "audience": self._allowed(audience)},
        )

    def ward_gaps(self, indicator: str, audience: str = "public") -> pd.DataFrame:
        """Wards furthest from the borough figure for one indicator (latest period)."""
        return self.query(
            f"""
            with wards as (
                select *, max(period_start) over () as latest_start from figures
                where indicator_id = $indicator and area_type = 'ward' and area_current
                  and ($audience = 'internal' or audience = 'public'))
            select w.area_code, w.area_name, w.period_label, w.value, w.lci_95, w.uci_95, b.value as borough_value,
                   w.value - b.value as gap, w.unit, w.status, w.source_id, w.expected_next,
                   {_past_due("w")} as out_of_date
            from wards w join figures b on b.indicator_id = w.indicator_id and b.area_code = $borough
                                        and b.period = w.period
            where w.period_start = w.latest_start
            order by abs(w.value - b.value) desc, w.area_code""",
            {"indicator": indicator, "borough": STOCKPORT, "audience": self._allowed(audience)},
        )

    def observations(self, indicator: str, audience: str = "public") -> pd.DataFrame:
        """Every figure of one indicator, every area and period, with its source and freshness."""
        return self.query(
            f"""select indicator_id, area_code, area_name, area_type, period,
                   period_start, period_label, value, unit, lci_95, uci_95, status, note, source_id,
                   expected_next, {_OUT_OF_DATE}
            from figures
            where indicator_id = $indicator and ($audience = 'internal' or audience = 'public')
              and (area_current or area_type <> 'ward')
            order by area_type, area_code, period_start""",
            {"indicator": indicator, "audience": self._allowed(audience)},
        )

    def every_figure(self, audience: str = "public") -> pd.DataFrame:
        """Every figure this audience may see, current areas only: what two builds are compared on
        (pipeline/store/changes.py)."""
        return self.query(
            """select indicator_id, title, area_code, area_name, area_type, period, period_label,
                   period_start, value, unit, decimals,
                   coalesce(nullif(note, ''), source_title) as release
            from figures
            where ($audience = 'internal' or audience = 'public') and (area_current or area_type <> 'ward')
            order by indicator_id, area_code, period_start""",
            {"audience": self._allowed(audience)},
        )

    def freshness(self, audience: str = "public") -> pd.DataFrame:
        """Each indicator's latest figure at each kind of area: period, publisher's frequency, expected
        next release, the last day before it is late and whether that has passed (one row per
        indicator and area type), with the source a refresh reads."""
        return self.query(
            f"""
            with latest as (
                select indicator_id, area_type, period_label, period_start, expected_next, late_after,
                       count(*) over (partition by indicator_id, area_type) as areas
                from figures
                where latest and (area_current or area_type <> 'ward')
                qualify row_number() over (partition by indicator_id, area_type order by period_start desc, expected_next) = 1)
            select i.id as indicator_id, i.title, i.theme, i.audience, i.frequency, l.area_type, l.areas,
                   l.period_label as latest_period, l.expected_next, l.late_after,
                   {_past_due("l")} as out_of_date, s.publisher, i.source_id
            from latest l join indicators i on i.id = l.indicator_id join sources s on s.id = i.source_id
            where $audience = 'internal' or i.audience = 'public'
            order by out_of_date desc, i.theme, i.id, l.area_type""",
            {"audience": self._allowed(audience)},
        )

    def targets(self, indicator: str | None = None, audience: str = "public") -> pd.DataFrame:
        return self.query(
            """select t.*, a.name as area_name from targets t
            join indicators i on i.id = t.indicator_id join areas a on a.code = t.area_code
            where ($indicator is null or t.indicator_id = $indicator) and ($audience = 'internal' or i.audience = 'public')
            order by t.indicator_id, t.target_date""",
            {"indicator": indicator, "audience": self._allowed(audience)},
        )

    def risk_inputs(self, audience: str = "public") -> pd.DataFrame:
        """Inputs of the exclusion risk index per LSOA, for scoring with a reader's own weights."""
        with readers.connect(self.path) as con:
            return risk_inputs_frame(con, load_registry().risk, self._allowed(audience))

    def age_bands(self, area_code: str = STOCKPORT) -> pd.DataFrame:
        return self.query(
            """select area_code, period, age_band, residents, source_id from age_bands
            where area_code = $area order by period, band_order""",
            {"area": area_code},
        )

    # -- schemes and facts -----------------------------------------------------------------
    def projects(self, ward_code: str | None = None) -> pd.DataFrame:
        return self.query(
            """select p.*, a.name as ward_name from projects p left join areas a on a.code = p.ward_code
            where $ward is null or p.ward_code = $ward order by p.kind desc, p.capital_cost_gbp_m desc nulls last""",
            {"ward": ward_code},
        )

    def facts(self, project_prefix: str | None = None) -> pd.DataFrame:
        return self.query(
            """select * from facts where $prefix is null or starts_with(project, $prefix)
            order by fact_id""",
            {"prefix": project_prefix},
        )

    # -- judgement (pipeline/rules/judgement.py) ---------------------------------------------------
    def judgement_figures(self, indicators: list[str], area_codes: list[str], audience: str = "public") -> pd.DataFrame:
        """Every figure of the indicators for the areas (Stockport, its comparators, GM's districts, a
        ward), with its edition, 95% interval and freshness: what benchmarks, ranks and trends are judged on."""
        return self.query(
            f"""select indicator_id, area_code, area_name, period, period_start,
                   period_label, value, lci_95, uci_95, status, source_id, edition, expected_next, {_OUT_OF_DATE}
            from figures
            where list_contains($indicators, indicator_id) and list_contains($codes, area_code)
              and ($audience = 'internal' or audience = 'public')
            order by indicator_id, area_code, period_start""",
            {"indicators": list(indicators), "codes": list(area_codes), "audience": self._allowed(audience)},
        )

    def group_standing(
        self, indicators: list[str], area: str, members: list[str], audience: str = "public"
    ) -> pd.DataFrame:
        """Per indicator, the area's latest figure beside a comparator group's figures of the same period and
        edition: the members' median, how many published it, and the area's position among itself and them
        (1 = best; highest first with no polarity; ties share the better place)."""
        return self.query(
            """
            with own as (
                select indicator_id, period, period_label, value, unit, polarity, edition, lci_95, uci_95
                from figures
                where area_code = $area and list_contains($indicators, indicator_id) and value is not null
                  and ($audience = 'internal' or audience = 'public')
                qualify row_number() over (partition by indicator_id order by period_start desc) = 1),
            peers as (
                select f.indicator_id, f.value
                from figures f join own o on o.indicator_id = f.indicator_id and f.period = o.period
                     and f.edition is not distinct from o.edition
                where list_contains($members, f.area_code) and f.value is not null)
            select o.indicator_id, o.period, o.period_label, o.value, o.unit, o.polarity, o.lci_95, o.uci_95,
                   median(p.value) as group_median, count(p.value) as members_published, len($members) as members,
                   1 + count(p.value) filter (where case when o.polarity = 'lower' then p.value < o.value
                                                         else p.value > o.value end) as position,
                   1 + count(p.value) as ranked,
                   coalesce(bool_or(p.value = o.value), false) as tied
            from own o left join peers p on p.indicator_id = o.indicator_id
            group by all order by o.indicator_id""",
            {
                "indicators": list(indicators),
                "area": area,
                "members": list(members),
                "audience": self._allowed(audience),
            },
        )

    # -- wards side by side ----------------------------------------------------------------
    def ward_reach(self, months: int = 12, audience: str = "public") -> pd.DataFrame:
        """Each ward's residents supported over the latest `months` months, per 1,000 usual residents,
        beside its exclusion risk score: is the programme reaching the wards most at risk? All residents
        supported over all residents, so numerator and denominator count the same people (the register
        does not record ages). Empty when this audience may not see the programme's figures."""
        reach = self.ward_recent_totals("inclusion_residents_supported", months, audience)
        if reach.empty:
            return reach
        residents = self.latest_values("population", "ward")[["area_code", "value"]]
        risk = self.latest_values("exclusion_risk_score", "ward", audience)[["area_code", "value"]]
        out = reach.merge(residents.rename(columns={"value": "residents_census_2021"}), on="area_code").merge(
            risk.rename(columns={"value": "exclusion_risk_score"}), on="area_code", how="left"
        )
        return out.assign(supported_per_1000_residents=(1000 * out.value / out.residents_census_2021).round(1))

    def ward_context(self, audience: str = "public") -> pd.DataFrame:
        """Every current ward's latest context figures (ward_similarity.CONTEXT), one column each."""
        wide = self.wards()[["code", "name"]].rename(columns={"code": "area_code", "name": "area_name"})
        for indicator in CONTEXT:
            latest = self.latest_values(indicator, "ward", audience)[["area_code", "value"]]
            wide = wide.merge(latest.rename(columns={"value": indicator}), on="area_code", how="left")
        return wide

    def similar_wards(self, ward_code: str, n: int = 3, audience: str = "public") -> pd.DataFrame:
        """The `n` wards most like this one by their context figures, nearest first (ward_similarity)."""
        return most_similar(self.ward_context(audience), ward_code, n)

    # -- national position -----------------------------------------------------------------
    def deprivation_ranks(self) -> pd.DataFrame:
        """Stockport's place among England's local authorities in each bundled edition of the Indices of
        Deprivation, newest first: its IMD average score, that score's rank (1 = most deprived) of how many
        authorities the edition ranks, the tenth that rank falls in (1 = most deprived tenth) and the edition.
        Read from the LA summaries as staged: no mart carries a rank, and only Stockport's row is bundled."""
        ranks = self.query("""select l.year, s.edition, l.average_score, l.rank_average_score as rank, l.source_id
            from stg_iod_lad l join sources s on s.id = l.source_id
            where l.domain = 'Index of Multiple Deprivation' order by l.year desc""")
        authorities = ranks.edition.map(AUTHORITIES_RANKED)
        return ranks.assign(authorities=authorities, decile=(ranks["rank"] * 10 / authorities).apply(math.ceil))


def _audience(audience: str) -> str:
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {AUDIENCES}")
    return audience

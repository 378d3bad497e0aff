"""Ward- and LSOA-level figures derived from the official LSOA files (staging → derived observations).

Geography: Census 2021 is on LSOA 2021; IoD2019 is on LSOA 2011. 2011 LSOAs are carried to 2021
through the output-area lookups (an OA's 2011 and 2021 LSOA), then 2021 LSOAs go to the May 2023
wards by the ONS best-fit lookup. Rates and scores are population-weighted; counts are summed.
"""

from __future__ import annotations

import duckdb

from pipeline.checks import validate
from pipeline.rules.intervals import wilson
from pipeline.ingest.periods import parse_period
from pipeline.registry import STOCKPORT, Registry
from pipeline.store.schema import observation

# LSOA 2011 → LSOA 2021 with each link's share of the 2011 LSOA (by output areas in common).
BRIDGE_SQL = """
create or replace temp table lsoa_bridge as
with links as (
    select o11.lsoa_code as lsoa11, o21.lsoa_code as lsoa21, count(*) as oas
    from stg_lookup_oa o11 join stg_lookup_oa o21 on o11.oa_code = o21.oa_code
    where o11.vintage = '2011' and o21.vintage = '2021'
    group by all)
select lsoa11, lsoa21, oas / sum(oas) over (partition by lsoa11) as share_of_2011
from links
"""

# IMD 2019 carried to LSOA 2021: a split 2011 LSOA's children inherit its score and deciles; a
# merged 2021 LSOA takes the mean of its parents weighted by their mid-2015 population share.
LSOA21_IMD_SQL = """
create or replace temp table lsoa21_imd as
with weighted as (
    select b.lsoa21, b.lsoa11, s.imd_score, p.population * b.share_of_2011 as weight
    from lsoa_bridge b
    join stg_imd_scores s on s.lsoa11_code = b.lsoa11
    join stg_iod_population p on p.lsoa11_code = b.lsoa11)
select lsoa21,
       sum(imd_score * weight) / sum(weight) as imd_score,
       arg_max(lsoa11, weight) as main_lsoa11,
       count(*) as parents
from weighted group by lsoa21
"""

# Each 2011 LSOA is counted once, in the ward holding most of its 2021 successors' residents.
LSOA11_WARD_SQL = """
create or replace temp table lsoa11_ward as
select b.lsoa11, arg_max(w.ward_code, c.residents * b.share_of_2011) as ward_code
from lsoa_bridge b
join stg_lookup_lsoa_ward w on w.lsoa_code = b.lsoa21 and w.lsoa_vintage = '2021' and w.ward_vintage = '2023'
join stg_census_lsoa c on c.lsoa21_code = b.lsoa21
group by b.lsoa11
"""

WARD_FIGURES_SQL = """
select w.ward_code,
       sum(c.residents) as residents,
       sum(c.aged_65plus) as aged_65plus,
       sum(i.imd_score * c.residents) / sum(case when i.imd_score is not null then c.residents end) as imd_score,
       count(*) as lsoas
from stg_lookup_lsoa_ward w
join stg_census_lsoa c on c.lsoa21_code = w.lsoa_code
left join lsoa21_imd i on i.lsoa21 = w.lsoa_code
where w.lsoa_vintage = '2021' and w.ward_vintage = '2023'
group by w.ward_code order by w.ward_code
"""

MOST_DEPRIVED_SQL = """
select lw.ward_code, count(*) filter (where d.decile = 1) as most_deprived
from lsoa11_ward lw join stg_iod_lsoa d on d.lsoa11_code = lw.lsoa11 and d.measure = 'imd'
group by lw.ward_code
"""

LSOA_FIGURES_SQL = """
select c.lsoa21_code, c.residents, c.aged_65plus, i.imd_score, i.main_lsoa11, i.parents
from stg_census_lsoa c left join lsoa21_imd i on i.lsoa21 = c.lsoa21_code
order by c.lsoa21_code
"""

LSOA_DECILES_SQL = """
select i.lsoa21, d.measure, d.decile, d.rank
from lsoa21_imd i join stg_iod_lsoa d on d.lsoa11_code = i.main_lsoa11
"""

DECILE_INDICATORS = {
    "imd": "imd_decile",
    "income": "income_deprivation_decile",
    "employment": "employment_deprivation_decile",
    "education": "education_deprivation_decile",
    "health": "health_deprivation_decile",
}
RANK_INDICATORS = {
    "income": "income_deprivation_rank",
    "employment": "employment_deprivation_rank",
    "education": "education_deprivation_rank",
    "health": "health_deprivation_rank",
}


def _has_rows(con, table: str) -> bool:
    return con.execute(f"select count(*) from {table}").fetchone()[0] > 0


def derive_observations(con: duckdb.DuckDBPyConnection, registry: Registry, projects_as_at: str) -> list[dict]:
    """Observations computed from staged LSOA files, projects and LA summaries (status 'derived')."""
    units = {i.id: i.unit for i in registry.indicators.values()}
    out: list[dict] = []

    def add(indicator, area, period, value, status="derived", note=None, source=None, interval=(None, None)):
        source_id = source or registry.indicators[indicator].source
        out.append(
            observation(
                indicator, area, parse_period(period), value, units[indicator], source_id, status, note, interval
            )
        )

    def share(count, total) -> tuple:
        """A Census share's 95% interval in percent (Wilson, as Fingertips computes it from counts)."""
        low, high = wilson(count, total)
        return (None, None) if low is None else (100 * low, 100 * high)

    census = _has_rows(con, "stg_census_lsoa") and _has_rows(con, "stg_lookup_lsoa_ward")
    imd = all(_has_rows(con, t) for t in ("stg_lookup_oa", "stg_imd_scores", "stg_iod_population", "stg_iod_lsoa"))
    if imd:
        con.execute(BRIDGE_SQL)
        con.execute(LSOA21_IMD_SQL)
    else:
        con.execute(
            "create or replace temp table lsoa21_imd (lsoa21 varchar, imd_score double, main_lsoa11 varchar, parents integer)"
        )
    if census:
        for ward, residents, older, score, lsoas in con.execute(WARD_FIGURES_SQL).fetchall():
            note = f"Sum of {lsoas} LSOAs (2021) by the ONS best-fit lookup"
            add("population", ward, "2021", residents, note=note)
            add("age_65plus_count", ward, "2021", older, note=note)
            # Derived figures are stored unrounded: they are rounded once, where shown (presentation.wording).
            add("age_65plus_pct", ward, "2021", 100 * older / residents, note=note, interval=share(older, residents))
            if score is not None:
                add("imd_score", ward, "2019", score, note=f"Population-weighted mean of {lsoas} LSOA (2021) scores")
        for lsoa, residents, older, score, main11, parents in con.execute(LSOA_FIGURES_SQL).fetchall():
            add("population", lsoa, "2021", residents, status="published")
            add("age_65plus_count", lsoa, "2021", older, status="published", note="Sum of RM121 age bands 65 to 85+")
            add(
                "age_65plus_pct",
                lsoa,
                "2021",
                100 * older / residents if residents else None,
                interval=share(older, residents),
            )
            if score is not None:
                note = None if main11 == lsoa else f"IoD2019 score of 2011 LSOA {main11} (boundary changed in 2021)"
                if parents and parents > 1:
                    note = f"Population-weighted mean of {parents} 2011 LSOAs"
                # One parent: the publisher's own score, back at its published 3 decimals (the SQL's weighted
                # mean of one, x * w / w, can be a float step off it); several: their mean, unrounded.
                add(
                    "imd_score",
                    lsoa,
                    "2019",
                    score if parents and parents > 1 else round(score, 3),
                    status="published" if note is None else "derived",
                    note=note,
                )
        if imd:
            for lsoa21, measure, decile, rank in con.execute(LSOA_DECILES_SQL).fetchall():
                source = "iod2019_file1" if measure == "imd" else "iod2019_file2"
                if measure in DECILE_INDICATORS:
                    add(DECILE_INDICATORS[measure], lsoa21, "2019", decile, status="published", source=source)
                if measure in RANK_INDICATORS:
                    add(RANK_INDICATORS[measure], lsoa21, "2019", rank, status="published", source=source)
            con.execute(LSOA11_WARD_SQL)
            borough_count = 0
            for ward, count in con.execute(MOST_DEPRIVED_SQL).fetchall():
                borough_count += count
                add(
                    "lsoas_most_deprived_decile",
                    ward,
                    "2019",
                    count,
                    note="2011 LSOAs in IMD decile 1, each counted once in the ward of its 2021 successor(s)",
                )
            add(
                "lsoas_most_deprived_decile",
                STOCKPORT,
                "2019",
                borough_count,
                note="Count of Stockport's 2011 LSOAs in IMD decile 1 (IoD2019 File 1)",
            )
    for year, score, source in con.execute(
        "select year, average_score, source_id from stg_iod_lad where domain = 'Index of Multiple Deprivation' order by year"
    ).fetchall():
        note = "MHCLG population-weighted average score" + (
            "; IoD2025 scores are not strictly comparable with IoD2019" if year == 2025 else ""
        )
        add("imd_score", STOCKPORT, str(year), score, status="published", note=note, source=source)
    for ward, capital, homes, schemes in con.execute(
        """select w.code, sum(p.capital_cost_gbp_m), sum(p.homes), count(p.project_id)
               from stg_areas w left join stg_projects p on p.ward_code = w.code and p.kind = 'scheme'
               where w.type = 'ward' and w.current group by w.code order by w.code"""
    ).fetchall():
        note = f"{schemes} scheme(s) in the projects register; programme totals not added"
        add("scheme_capital_gbp_m", ward, projects_as_at, capital or 0, note=note)
        add("scheme_homes", ward, projects_as_at, homes or 0, note=note)
    totals = con.execute(
        "select sum(capital_cost_gbp_m), sum(homes), count(*) from stg_projects where kind = 'scheme'"
    ).fetchone()
    if totals[2]:
        note = f"{totals[2]} schemes in the projects register; programme totals not added"
        add("scheme_capital_gbp_m", STOCKPORT, projects_as_at, totals[0] or 0, note=note)
        add("scheme_homes", STOCKPORT, projects_as_at, totals[1] or 0, note=note)
    validate.figures(out, registry)
    return out

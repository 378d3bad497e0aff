"""Table definitions: staging tables that adapters fill, and the core tables pages read."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import pyarrow as pa

STAGING_DDL = """
create table stg_areas (code varchar, name varchar, type varchar, parent varchar,
    boundary_vintage varchar, current boolean, lon double, lat double, geometry varchar,
    geometry_kind varchar, source_id varchar);
create table stg_observations (indicator_id varchar, area_code varchar, period varchar,
    period_start date, period_label varchar, value double, unit varchar, lci_95 double,
    uci_95 double, status varchar, note varchar, source_id varchar);
create table stg_lookup_lsoa_ward (lsoa_code varchar, lsoa_vintage varchar, lsoa_name varchar,
    ward_code varchar, ward_name varchar, ward_vintage varchar, source_id varchar);
create table stg_lookup_oa (oa_code varchar, lsoa_code varchar, lsoa_name varchar,
    msoa_code varchar, msoa_name varchar, vintage varchar, source_id varchar);
create table stg_census_lsoa (lsoa21_code varchar, lsoa21_name varchar, residents integer,
    aged_65plus integer, source_id varchar);
create table stg_iod_lsoa (lsoa11_code varchar, lsoa11_name varchar, measure varchar,
    rank integer, decile integer, source_id varchar);
create table stg_iod_population (lsoa11_code varchar, population integer, aged_60plus integer,
    source_id varchar);
create table stg_imd_scores (lsoa11_code varchar, imd_score double, income_score double,
    employment_score double, source_id varchar);
create table stg_iod_lad (year integer, domain varchar, average_rank double, average_score double,
    proportion_most_deprived_decile double, rank_average_score integer, source_id varchar);
create table stg_deri_population (area_code varchar, decile integer, population integer,
    source_id varchar);
create table stg_facts (fact_id varchar, project varchar, metric varchar, value varchar,
    unit varchar, period varchar, statement varchar, source_url varchar,
    source_publisher varchar, source_date varchar, notes varchar);
create table stg_projects (project_id varchar, name varchar, kind varchar, ward_code varchar, lat double,
    lon double, location varchar, status varchar, status_fact varchar, status_reported varchar,
    capital_cost_gbp_m double, capital_basis varchar,
    capital_cost_note varchar, funders varchar, homes integer, homes_note varchar,
    jobs integer, floorspace_sqft integer, floorspace_basis varchar, start_date varchar, completion_date varchar,
    description varchar, fact_ids varchar, source_urls varchar, partners varchar);
create table stg_age_bands (area_code varchar, period varchar, age_band varchar, band_order integer,
    residents integer, source_id varchar);
create table stg_files (source_id varchar, file varchar, sha256 varchar, bytes bigint,
    rows bigint, retrieved_at varchar);
"""

# Bump when the marts change shape: a dashboard finding an older database rebuilds it on start.
SCHEMA_VERSION = "7"

CORE_DDL = """
create table areas (code varchar primary key, name varchar not null, type varchar not null,
    parent varchar, boundary_vintage varchar, current boolean, lon double, lat double,
    geometry varchar, geometry_kind varchar, source_id varchar);
create table indicators (id varchar primary key, title varchar, short varchar, theme varchar,
    unit varchar, polarity varchar, source_id varchar, vintage varchar, geographies varchar,
    audience varchar, methodology varchar, decimals integer, frequency varchar,
    release_lag_months integer);
create table published (indicator_id varchar not null, area_code varchar not null,
    period varchar not null, period_start date, period_label varchar, value double,
    unit varchar, lci_95 double, uci_95 double, status varchar not null, note varchar,
    source_id varchar not null, primary key (indicator_id, area_code, period));
create table observations (indicator_id varchar not null, area_code varchar not null,
    period varchar not null, period_start date, period_label varchar, value double,
    unit varchar, lci_95 double, uci_95 double, status varchar not null, note varchar,
    source_id varchar not null, primary key (indicator_id, area_code, period));
create table sources (id varchar primary key, title varchar, publisher varchar,
    licence varchar, licence_url varchar, attribution varchar, url varchar, vintage varchar,
    file varchar, retrieved_at varchar, sha256 varchar, rows bigint, edition varchar);
create table projects (project_id varchar primary key, name varchar, kind varchar, ward_code varchar,
    lat double, lon double, location varchar, status varchar, status_fact varchar, status_reported varchar,
    capital_cost_gbp_m double, capital_basis varchar,
    capital_cost_note varchar, funders varchar, homes integer, homes_note varchar,
    jobs integer, floorspace_sqft integer, floorspace_basis varchar, start_date varchar, completion_date varchar,
    description varchar, fact_ids varchar, source_urls varchar, partners varchar);
create table facts (fact_id varchar primary key, project varchar, metric varchar,
    value varchar, unit varchar, period varchar, statement varchar, source_url varchar,
    source_publisher varchar, source_date varchar, notes varchar);
create table age_bands (area_code varchar, period varchar, age_band varchar, band_order integer,
    residents integer, source_id varchar, primary key (area_code, period, age_band));
create table freshness (indicator_id varchar, area_code varchar, period varchar, expected_next date,
    late_after date, primary key (indicator_id, area_code));
create table targets (id varchar primary key, indicator_id varchar, area_code varchar, value double,
    direction varchar, target_date date, commitment varchar, publisher varchar, url varchar, note varchar);
-- One row per observation with its area, indicator, source and freshness (pipeline/build/marts/12_figures.sql).
create table figures (indicator_id varchar not null, area_code varchar not null, period varchar not null,
    period_start date, period_label varchar, value double, unit varchar, lci_95 double, uci_95 double,
    status varchar not null, note varchar, source_id varchar not null,
    area_name varchar, area_type varchar, area_current boolean,
    title varchar, short varchar, theme varchar, audience varchar, polarity varchar, decimals integer,
    vintage varchar, publisher varchar, source_title varchar, source_vintage varchar, edition varchar,
    latest boolean not null, expected_next date, late_after date, primary key (indicator_id, area_code, period));
create table lsoa_ward (lsoa_code varchar primary key, ward_code varchar not null, source_id varchar);
create table build_log (step integer, logged_at timestamp, stage varchar, source_id varchar,
    message varchar, rows bigint, seconds double);
create table build_info (key varchar primary key, value varchar);
"""


def create_staging(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(STAGING_DDL)


def observation(
    indicator: str,
    area: str,
    period: tuple[str, date, str],
    value: float,
    unit: str,
    source_id: str,
    status: str = "published",
    note: str | None = None,
    interval: tuple[float | None, float | None] = (None, None),
) -> dict:
    """One row of stg_observations, as the adapters that make figures in Python and the derived figures
    stage them; `period`: (canonical period, start date, label), as periods.parse_period gives them."""
    canonical, start, label = period
    return {
        "indicator_id": indicator,
        "area_code": area,
        "period": canonical,
        "period_start": start,
        "period_label": label,
        "value": value,
        "unit": unit,
        "lci_95": interval[0],
        "uci_95": interval[1],
        "status": status,
        "note": note,
        "source_id": source_id,
    }


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> int:
    """Append dict rows to a staging table by column name (missing columns become NULL)."""
    if not rows:
        return 0
    columns = [c[0] for c in con.execute(f"describe {table}").fetchall()]
    try:  # column by column, NaN as NULL; DuckDB casts each column to the table's type
        incoming = pa.table({c: pa.array([r.get(c) for r in rows], from_pandas=True) for c in columns})
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # one column of mixed kinds: let pandas hold it as objects
        frame = pd.DataFrame.from_records(rows).reindex(columns=columns)
        incoming = frame.astype(object).where(frame.notna(), None)
    con.register("_incoming", incoming)
    try:
        con.execute(f"insert into {table} select * from _incoming")
    finally:
        con.unregister("_incoming")
    return len(rows)

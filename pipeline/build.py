"""Builds the database: plan inputs, stage each file, derive, write marts, then swap atomically.

The new database is written to a temporary file beside the live one, closed, checked, and only
then published as an immutable versioned build that the live name points at (see releases.py);
readers pinned to the old build keep reading it. A failed build deletes its temporary file and
leaves the live database byte-for-byte as it was.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import duckdb

from . import freshness, paths, register, releases, risk_index
from .derive import derive_observations
from .disclosure import suppress
from .errors import BuildError, InputError
from .geography import hull_extent, schematic_cells
from .periods import parse_period
from .queries import risk_inputs_frame
from .registry import Registry, Source, load_registry
from .schema import CORE_DDL, SCHEMA_VERSION, create_staging, insert_rows
from .sources import Context, adapters

Progress = Callable[[str], None]
RISK_PERIOD = "2021"  # the index's newest input is Census 2021


@dataclass(frozen=True)
class Input:
    source: Source
    path: Path
    adapter: str


@dataclass
class BuildReport:
    db_path: Path
    mode: str
    rows: dict[str, int] = field(default_factory=dict)
    build_id: str = ""
    seconds: float = 0.0
    messages: list[str] = field(default_factory=list)


def plan_inputs(registry: Registry, raw_dir: Path | None, data_dir: Path) -> tuple[str, list[Input]]:
    """Which files this build reads, in order: official files from raw_dir, else the bundled default."""
    # A sample file is optional by nature: without it the build simply has no sample rows.
    def bundled_file(s: Source) -> Path:
        # The inclusion register: the officers' current version, else the shipped SAMPLE.
        return register.current_file(data_dir) if s.adapter == "inclusion_register" else data_dir / s.file

    bundled = [Input(s, bundled_file(s), s.adapter) for s in registry.sources.values()
               if s.bundled and (s.licence.code != "SAMPLE" or bundled_file(s).exists())]
    if raw_dir is not None:
        official = [Input(s, raw_dir / s.file, s.adapter) for s in registry.sources.values() if not s.bundled]
        missing = [i.path.name for i in official if not i.path.exists()]
        if missing:
            raise BuildError(f"{raw_dir}: {len(missing)} official file(s) missing: {', '.join(missing)} "
                             "(run `python -m pipeline fetch`, or build without --raw for the bundled default)")
        # Boundaries first so that lookups and figures can be checked against known areas.
        order = {"ons_boundaries": 0, "ons_lookups": 1, "regeneration_facts": 8}
        official.sort(key=lambda i: order.get(i.adapter, 5))
        return "official", official + bundled
    default = paths.default_dir(data_dir)
    registry_source = registry.sources["projects_register"]
    area_source = Source("bundled_default", "One Stockport bundled default", registry_source.publisher,
                         registry_source.licence, "see each figure's source", "areas.csv", "bundled_areas", "")
    obs_source = Source("bundled_default", "One Stockport bundled default", registry_source.publisher,
                        registry_source.licence, "see each figure's source", "observations.csv",
                        "bundled_observations", "")
    facts = registry.sources["regeneration_facts"]
    return "default", [Input(area_source, default / "areas.csv", "bundled_areas"),
                       Input(obs_source, default / "observations.csv", "bundled_observations"),
                       Input(facts, default / "facts.csv", "regeneration_facts"),
                       Input(registry.sources["census2021_la_age_bands"], default / "age_bands.csv", "bundled_age_bands"),
                       Input(registry.sources["ons_lsoa21_ward25"], default / "lsoa_ward.csv", "bundled_lsoa_ward"),
                       *bundled]


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _retrieved_at(path: Path) -> str:
    manifest = path.parent / paths.MANIFEST
    if manifest.exists():
        entry = json.loads(manifest.read_text(encoding="utf-8")).get(path.name)
        if entry:
            return entry["retrieved_at"]
    return datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).strftime("%Y-%m-%d")


def stage_inputs(con, registry: Registry, inputs: list[Input], progress: Progress, log: list,
                 mode: str = "official") -> Context:
    ctx = Context(registry, con, mode)
    table = adapters()
    create_staging(con)
    for n, item in enumerate(inputs, 1):
        started = time.perf_counter()
        progress(f"[{n}/{len(inputs)}] {item.source.id:<28} {item.path.name}")
        if not item.path.exists():
            raise InputError(item.path, None, None, "file not found")
        rows = table[item.adapter](con, item.path, item.source, ctx)
        seconds = time.perf_counter() - started
        log.append(("stage", item.source.id, f"read {item.path.name}", rows, seconds))
        if item.source.id != "bundled_default":
            insert_rows(con, "stg_files", [{"source_id": item.source.id, "file": item.path.name,
                                            "sha256": _sha256(item.path), "bytes": item.path.stat().st_size,
                                            "rows": rows, "retrieved_at": _retrieved_at(item.path)}])
        progress(f"      {rows:>8,} rows  {seconds:6.2f}s")
    return ctx


def _add_schematic_geometry(con) -> int:
    """Wards and LSOAs without official boundaries get schematic cells from their centroids."""
    made = 0
    wards = con.execute("select code, lon, lat from stg_areas where type = 'ward' and current and geometry is null and lon is not null").fetchall()
    if not wards:
        return 0
    extent = hull_extent([(lon, lat) for _, lon, lat in wards])
    for area_type in ("ward", "lsoa"):
        points = {c: (lon, lat) for c, lon, lat in con.execute(
            "select code, lon, lat from stg_areas where type = ? and current and geometry is null and lon is not null",
            [area_type]).fetchall()}
        for code, geometry in schematic_cells(points, extent).items():
            con.execute("update stg_areas set geometry = ?, geometry_kind = 'schematic' where code = ?", [geometry, code])
            made += 1
    return made


def _apply_disclosure_control(con, registry: Registry) -> None:
    observations = con.execute("select * from stg_observations").df()
    area_types = con.execute("select code, any_value(type) from stg_areas group by code").df().set_index("code").iloc[:, 0]
    safe = suppress(observations, area_types, registry)
    con.execute("delete from stg_observations")
    con.register("_safe", safe)
    con.execute("insert into stg_observations select * from _safe")
    con.unregister("_safe")


def _write_marts(con, registry: Registry, mode: str, data_dir: Path, log: list, messages: list[str]) -> dict[str, int]:
    con.execute(CORE_DDL)
    comparators = [{"code": c.code, "name": c.name, "type": c.type, "parent": c.parent or None, "current": True,
                    "source_id": "registry"} for c in registry.comparators.values()]
    insert_rows(con, "stg_areas", [c for c in comparators if c["code"] not in
                                   {r[0] for r in con.execute("select code from stg_areas").fetchall()}])
    # An LSOA whose code survived from 2011 into 2021 is one area: keep its current (2021) row.
    con.execute("""insert into areas select * exclude (source_id), source_id from stg_areas
                   qualify row_number() over (partition by code order by current desc, boundary_vintage desc) = 1""")
    # An indicator can come from several files (Ofcom's current release and its history): the
    # indicator's own primary source wins for a period both publish.
    con.execute("create temp table _primary as select unnest(?::varchar[]) as indicator_id, unnest(?::varchar[]) as source_id",
                [list(registry.indicators), [i.source for i in registry.indicators.values()]])
    con.execute("""insert into observations
        select o.* from stg_observations o left join _primary p using (indicator_id)
        qualify row_number() over (partition by o.indicator_id, o.area_code, o.period
                                   order by (o.source_id = p.source_id) desc, o.source_id) = 1""")
    orphans = con.execute("select count(*), any_value(area_code) from observations where area_code not in (select code from areas)").fetchone()
    if orphans[0]:
        raise BuildError(f"{orphans[0]} figure(s) refer to areas with no reference row (e.g. {orphans[1]})")
    wards = con.execute("select count(*) from areas where type = 'ward' and current").fetchone()[0]
    if wards != 21:
        raise BuildError(f"expected Stockport's 21 current wards, found {wards}")
    insert_rows(con, "indicators", [{
        "id": i.id, "title": i.title, "short": i.short, "theme": i.theme, "unit": i.unit, "polarity": i.polarity,
        "source_id": i.source, "vintage": i.vintage, "geographies": ",".join(i.geographies), "audience": i.audience,
        "methodology": i.methodology, "decimals": i.decimals, "frequency": i.frequency,
        "release_lag_months": i.release_lag_months} for i in registry.indicators.values()])
    unknown = [t.id for t in registry.targets if not con.execute("select 1 from areas where code = ?", [t.area]).fetchone()]
    if unknown:
        raise BuildError(f"target {unknown[0]}: its area is not in this build's areas")
    insert_rows(con, "targets", [{
        "id": t.id, "indicator_id": t.indicator, "area_code": t.area, "value": t.value, "direction": t.direction,
        "target_date": t.by, "commitment": t.commitment, "publisher": t.publisher, "url": t.url, "note": t.note}
        for t in registry.targets])
    files = {r[0]: r for r in con.execute("select source_id, file, sha256, rows, retrieved_at from stg_files").fetchall()}
    if mode == "default":
        # The default carries the manifest of the official files its figures were derived from.
        manifest = paths.default_dir(data_dir) / "sources.csv"
        if manifest.exists():
            for r in con.execute("select source_id, file, sha256, rows, retrieved_at from read_csv(?, all_varchar = true)",
                                 [str(manifest)]).fetchall():
                files.setdefault(r[0], (r[0], r[1], r[2], int(r[3]), r[4]))
    def file_fact(source_id: str, n: int):  # n: 2 sha256, 3 rows, 4 retrieved_at
        return files[source_id][n] if source_id in files else None

    insert_rows(con, "sources", [{
        "id": s.id, "title": s.title, "publisher": s.publisher, "licence": s.licence.name,
        "licence_url": s.licence.url, "attribution": s.licence.attribution, "url": s.url, "vintage": s.vintage,
        "file": s.file, "retrieved_at": file_fact(s.id, 4), "sha256": file_fact(s.id, 2), "rows": file_fact(s.id, 3),
        "edition": s.edition}
        for s in registry.sources.values()])
    con.execute("insert into projects select * from stg_projects")
    con.execute("insert into facts select * from stg_facts")
    con.execute("insert into age_bands select * from stg_age_bands")
    con.execute("""insert into lsoa_ward select lsoa_code, ward_code, source_id from stg_lookup_lsoa_ward
                   where lsoa_vintage = '2021' and ward_vintage = '2023'""")
    scored = _add_risk_index(con, registry)
    if scored:
        log.append(("derive", None, f"exclusion risk index v{registry.risk.version}", scored, 0.0))
    log.append(("derive", None, "expected next release of each latest figure", freshness.write_mart(con, registry), 0.0))
    for n, (stage, source_id, message, rows, seconds) in enumerate(log, 1):
        con.execute("insert into build_log values (?, now(), ?, ?, ?, ?, ?)", [n, stage, source_id, message, rows, seconds])
    for message in messages:
        con.execute("insert into build_log values (?, now(), 'note', null, ?, null, null)", [len(log) + 1, message])
    return {t: con.execute(f"select count(*) from {t}").fetchone()[0]
            for t in ("areas", "indicators", "observations", "sources", "projects", "facts", "age_bands", "lsoa_ward",
                      "freshness", "targets")}


def _add_risk_index(con, registry: Registry) -> int:
    """Score LSOAs and wards with the registry's default weights, from the marts just written,
    through the same inputs query and scoring function the dashboard uses for other weights."""
    method = registry.risk
    inputs = risk_inputs_frame(con, method) if method else None
    if inputs is None or inputs.empty:
        return 0
    result = risk_index.score(inputs, method)
    note = f"Index v{method.version}, default weights: {risk_index.shares_text(result)}"
    # The index's figures get a source of their own naming every input's publisher and share.
    licences = dict.fromkeys(registry.sources[registry.indicators[i.indicator].source].licence for i in result.used)
    insert_rows(con, "sources", [{
        "id": risk_index.SOURCE_ID, "title": method.name, "publisher": f"One Stockport, from {risk_index.attribution(result, registry)}",
        "licence": " and ".join(dict.fromkeys(lic.name for lic in licences)), "licence_url": next(iter(licences)).url,
        "attribution": "; ".join(lic.attribution for lic in licences), "url": "", "vintage": f"index v{method.version}, default weights",
        "file": "", "retrieved_at": None, "sha256": None, "rows": None, "edition": None}])
    rows = []
    for area, value, decile in [*((r.lsoa_code, r.score, r.decile) for r in result.lsoas.itertuples()),
                                *((r.ward_code, r.score, None) for r in result.wards.itertuples())]:
        rows.append({"indicator_id": method.indicator, "area_code": area, "value": risk_index.shown_score(value, registry),
                     "note": note})
        if decile is not None:
            rows.append({"indicator_id": method.decile_indicator, "area_code": area, "value": decile, "note": note})
    _, start, label = parse_period(RISK_PERIOD)
    for row in rows:
        row.update(period=RISK_PERIOD, period_start=start, period_label=label, status="derived",
                   unit=registry.indicators[row["indicator_id"]].unit, lci_95=None, uci_95=None,
                   source_id=risk_index.SOURCE_ID)
    insert_rows(con, "observations", rows)
    return len(rows)


def build(db_path: Path | None = None, raw_dir: Path | None = None, *, data_dir: Path | None = None,
          progress: Progress = lambda _: None, registry: Registry | None = None) -> BuildReport:
    """Build a new database from raw_dir (official files) or the bundled default, then swap it in."""
    started = time.perf_counter()
    registry = registry or load_registry()
    db_path = Path(db_path or paths.database_path())
    data_dir = Path(data_dir or paths.DATA_DIR)
    mode, inputs = plan_inputs(registry, Path(raw_dir) if raw_dir else None, data_dir)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.with_name(f".{db_path.name}.building-{os.getpid()}")
    _remove(tmp)
    report = BuildReport(db_path, mode)
    con = duckdb.connect(str(tmp))
    try:
        log: list = []
        progress(f"Building {db_path.name} from the {mode} data ({len(inputs)} files)")
        ctx = stage_inputs(con, registry, inputs, progress, log, mode)
        t = time.perf_counter()
        as_at = registry.sources["projects_register"].options.get("as_at", "2026-11")
        derived = derive_observations(con, registry, as_at)
        if mode == "default":
            # Figures from official files are already in the bundled default; only the
            # council-kept register is derived afresh.
            derived = [d for d in derived if registry.sources[d["source_id"]].bundled]
        insert_rows(con, "stg_observations", derived)
        log.append(("derive", None, "ward and LSOA figures", len(derived), time.perf_counter() - t))
        progress(f"[derive] {len(derived):,} derived figures")
        _apply_disclosure_control(con, registry)
        made = _add_schematic_geometry(con)
        if made:
            log.append(("derive", None, "schematic shapes from centroids", made, 0.0))
            progress(f"[derive] {made} schematic shapes (no official boundaries in this build)")
        t = time.perf_counter()
        report.rows = _write_marts(con, registry, mode, data_dir, log, ctx.messages)
        now = datetime.now(timezone.utc)
        report.build_id = f"{now:%Y%m%dT%H%M%S%fZ}"  # sorts by time; names the build's file
        con.execute("insert into build_info values ('built_at', ?), ('mode', ?), ('raw_dir', ?), ('build_id', ?), ('schema_version', ?)",
                    [now.isoformat(timespec="seconds"), mode, str(raw_dir or ""), report.build_id, SCHEMA_VERSION])
        con.execute("checkpoint")
        progress(f"[marts] {', '.join(f'{k} {v:,}' for k, v in report.rows.items())}  {time.perf_counter() - t:.2f}s")
        report.messages = ctx.messages
    except BaseException:
        con.close()
        _remove(tmp)
        raise
    con.close()
    _remove(Path(str(tmp) + ".wal"))
    try:
        releases.publish(tmp, db_path, report.build_id)
    finally:
        _remove(tmp)  # gone already when published
    report.seconds = time.perf_counter() - started
    progress(f"Done in {report.seconds:.1f}s → {db_path}")
    return report


def check(raw_dir: Path | None = None, *, data_dir: Path | None = None, progress: Progress = lambda _: None,
          registry: Registry | None = None) -> dict[str, int]:
    """Read and validate every input into an in-memory database; writes nothing."""
    registry = registry or load_registry()
    mode, inputs = plan_inputs(registry, Path(raw_dir) if raw_dir else None, Path(data_dir or paths.DATA_DIR))
    con = duckdb.connect(":memory:")
    try:
        log: list = []
        stage_inputs(con, registry, inputs, progress, log, mode)
        derived = derive_observations(con, registry, "2026-11")
        return {"files": len(inputs), "rows": sum(r[3] for r in log), "derived": len(derived)}
    finally:
        con.close()


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass

"""Builds the database: plan inputs, stage each file, derive, write marts, then swap atomically.

The new database is written to a temporary file beside the live one, closed, checked, and only
then published as an immutable versioned build that the live name points at (see releases.py);
readers pinned to the old build keep reading it. A failed build deletes its temporary file and
leaves the live database byte-for-byte as it was.
"""

from __future__ import annotations

import os
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import duckdb
import pandas as pd

from pipeline.store import build_lock, releases
from pipeline.rules import risk_index
from pipeline.build import marts
from pipeline import paths
from pipeline.ingest import register
from pipeline.checks import validate
from pipeline.ingest.bundle import MODE_LABELS, read_manifest, sha256_of
from pipeline.build.derive import derive_observations
from pipeline.checks.disclosure import suppress
from pipeline.disk_errors import disk_error, is_disk_fault
from pipeline.errors import BuildError, InputError
from pipeline.ingest.periods import parse_period
from pipeline.registry import Registry, Source, load_registry
from pipeline.store.schema import CORE_DDL, SCHEMA_VERSION, create_staging, insert_rows
from pipeline.ingest.sources import ADAPTERS
from pipeline.ingest.sources.context import Context

Progress = Callable[[str], None]
RISK_PERIOD = "2021"  # the index's newest input is Census 2021
# The LSOA-to-ward lookup the lsoa_ward mart keeps: current LSOAs (2021) into current wards (May 2023).
LOOKUP_VINTAGES = {"lsoa_vintage": "2021", "ward_vintage": "2023"}


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
    """Which files this build reads, in order: the official files in raw_dir (the bundled
    default, data/default, when None) and the project's own registers in data_dir."""

    # A sample file is optional by nature: without it the build simply has no sample rows.
    def bundled_file(s: Source) -> Path:
        # The inclusion register: the officers' current version, else the shipped SAMPLE.
        return register.current_file(data_dir) if s.adapter == "inclusion_register" else data_dir / s.file

    bundled = [
        Input(s, bundled_file(s), s.adapter)
        for s in registry.sources.values()
        if s.bundled and (s.licence.code != "SAMPLE" or bundled_file(s).exists())
    ]
    default = paths.default_dir(data_dir)
    folder = raw_dir if raw_dir is not None else default
    mode = "bundled" if folder.resolve() == default.resolve() else "fetched"
    if not folder.is_dir():  # one line, not every file the registry names listed as missing
        raise BuildError(
            f"{folder}: {'not a folder' if folder.exists() else 'no such folder'}; give --raw a folder of "
            "official files (see `python -m cli fetch`), or leave it out for the bundled default"
        )
    official = [Input(s, folder / s.file, s.adapter) for s in registry.sources.values() if not s.bundled]
    missing = [i.path.name for i in official if not i.path.exists()]
    if missing:
        raise BuildError(
            f"{folder}: {len(missing)} official file(s) missing: {', '.join(missing)} "
            + (
                "(the bundled default is incomplete: restore data/default from git, or pin a fetched "
                "set with `python -m cli pin-default`)"
                if mode == "bundled"
                else "(run `python -m cli fetch`, or build without --raw for the bundled default)"
            )
        )
    if mode == "bundled":
        verify_bundle(folder, [i.path for i in official])
    # Boundaries first so that lookups and figures can be checked against known areas.
    order = {"ons_boundaries": 0, "ons_lookups": 1, "regeneration_facts": 8}
    official.sort(key=lambda i: order.get(i.adapter, 5))
    return mode, official + bundled


def verify_bundle(folder: Path, files: list[Path]) -> None:
    """The bundled files are the ones their manifest describes: a hand edit is refused, not built."""
    manifest = read_manifest(folder)
    for path in files:
        entry = manifest.get(path.name)
        if entry is None or entry.get("sha256") != sha256_of(path):
            raise BuildError(
                f"{path}: {'not in' if entry is None else 'does not match'} the bundle's "
                f"{paths.MANIFEST} (checksum); the bundled official files change only through "
                "`python -m cli pin-default`. Restore it with `git checkout -- data/default`"
            )


def retrieved_dates(inputs: list[Input]) -> str:
    """When the official files were retrieved, from their manifest: one date, or the range."""
    dates = sorted({_retrieved_at(i.path) for i in inputs if not i.source.bundled})
    return dates[0] if len(dates) == 1 else f"{dates[0]} to {dates[-1]}" if dates else ""


def _retrieved_at(path: Path) -> str:
    entry = read_manifest(path.parent).get(path.name)
    if entry:
        return entry["retrieved_at"]
    return datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).strftime("%Y-%m-%d")


def stage_inputs(con, registry: Registry, inputs: list[Input], progress: Progress, log: list) -> Context:
    ctx = Context(registry, con)
    table = ADAPTERS
    create_staging(con)
    for n, item in enumerate(inputs, 1):
        started = time.perf_counter()
        progress(f"[{n}/{len(inputs)}] {item.source.id:<28} {item.path.name}")
        if not item.path.exists():
            raise InputError(item.path, None, None, "file not found")
        rows = table[item.adapter](con, item.path, item.source, ctx)
        seconds = time.perf_counter() - started
        log.append(("stage", item.source.id, f"read {item.path.name}", rows, seconds))
        insert_rows(
            con,
            "stg_files",
            [
                {
                    "source_id": item.source.id,
                    "file": item.path.name,
                    "sha256": sha256_of(item.path),
                    "bytes": item.path.stat().st_size,
                    "rows": rows,
                    "retrieved_at": _retrieved_at(item.path),
                }
            ],
        )
        progress(f"      {rows:>8,} rows  {seconds:6.2f}s")
        if item.adapter == "ons_lookups" and (n == len(inputs) or inputs[n].adapter != "ons_lookups"):
            # The lookups say which areas exist: hold the boundaries to them before any file
            # that is checked against the boundaries (a missing ward is the boundary file's fault).
            validate.coverage(con, registry, inputs[:n])
    validate.coverage(con, registry, inputs)
    validate.staged_figures(con, registry)
    return ctx


def _apply_disclosure_control(con, registry: Registry) -> None:
    observations = con.execute("select * from stg_observations").df()
    area_types = (
        con.execute("select code, any_value(type) from stg_areas group by code").df().set_index("code").iloc[:, 0]
    )
    safe = suppress(observations, area_types, registry)
    con.execute("delete from stg_observations")
    con.register("_safe", safe)
    con.execute("insert into stg_observations select * from _safe")
    con.unregister("_safe")


def _registry_seeds(registry: Registry) -> dict[str, pd.DataFrame]:
    """What the registry declares, as the `seed_*` relations the mart files read."""
    return {
        "seed_comparators": pd.DataFrame(
            [
                {"code": c.code, "name": c.name, "type": c.type, "parent": c.parent or None}
                for c in registry.comparators.values()
            ],
            columns=["code", "name", "type", "parent"],
        ),
        "seed_indicators": pd.DataFrame(
            [
                {
                    "id": i.id,
                    "title": i.title,
                    "short": i.short,
                    "theme": i.theme,
                    "unit": i.unit,
                    "polarity": i.polarity,
                    "source_id": i.source,
                    "vintage": i.vintage,
                    "geographies": ",".join(i.geographies),
                    "audience": i.audience,
                    "methodology": i.methodology,
                    "decimals": i.decimals,
                    "frequency": i.frequency,
                    "release_lag_months": i.release_lag_months,
                }
                for i in registry.indicators.values()
            ]
        ),
        "seed_sources": pd.DataFrame(
            [
                {
                    "id": s.id,
                    "title": s.title,
                    "publisher": s.publisher,
                    "licence": s.licence.name,
                    "licence_url": s.licence.url,
                    "attribution": s.licence.attribution,
                    "url": s.url,
                    "vintage": s.vintage,
                    "file": s.file,
                    "edition": s.edition,
                }
                for s in registry.sources.values()
            ]
        ),
        # When each indicator's next figure is due (11_freshness.sql): months from a period's start, the
        # source's grace period, and whether it is a risk index input or the index itself.
        "seed_schedule": pd.DataFrame(
            [
                {
                    "indicator_id": i.id,
                    "next_release_months": i.next_release_months,
                    "grace_days": registry.sources[i.source].grace_days or 0,
                    "risk_input": bool(registry.risk) and i.id in {r.indicator for r in registry.risk.inputs},
                    "risk_derived": bool(registry.risk)
                    and i.id in (registry.risk.indicator, registry.risk.decile_indicator),
                }
                for i in registry.indicators.values()
            ],
            columns=["indicator_id", "next_release_months", "grace_days", "risk_input", "risk_derived"],
        ).astype({"next_release_months": "Int64", "grace_days": "int64", "risk_input": bool, "risk_derived": bool}),
        "seed_targets": pd.DataFrame(
            [
                {
                    "id": t.id,
                    "indicator_id": t.indicator,
                    "area_code": t.area,
                    "value": t.value,
                    "direction": t.direction,
                    "target_date": t.by,
                    "commitment": t.commitment,
                    "publisher": t.publisher,
                    "url": t.url,
                    "note": t.note,
                }
                for t in registry.targets
            ],
            columns=[
                "id",
                "indicator_id",
                "area_code",
                "value",
                "direction",
                "target_date",
                "commitment",
                "publisher",
                "url",
                "note",
            ],
        ),
    }


def _write_marts(con, registry: Registry, log: list, messages: list[str], info: dict[str, str]) -> dict[str, int]:
    """Run the mart files (pipeline/build/marts) in order. Each file is one `select` that describes its
    table; the one step in Python, just before `observations`, scores the risk index from the marts so far
    and hands its rows over as relations that file and `sources` read."""
    con.execute(CORE_DDL)

    def risk_index_relations() -> dict[str, pd.DataFrame]:
        _check_marts(con, registry)
        relations = _score_risk_index(con, registry)
        if len(relations["derived_risk_scores"]):
            log.append(
                (
                    "derive",
                    None,
                    f"exclusion risk index v{registry.risk.version}",
                    len(relations["derived_risk_scores"]),
                    0.0,
                )
            )
        return relations

    seeds = _registry_seeds(registry)
    for name, frame in seeds.items():
        con.register(name, frame)
    risk = registry.risk
    params = {
        **info,
        **LOOKUP_VINTAGES,
        "risk_source_id": risk_index.SOURCE_ID,
        "risk_indicator": risk.indicator if risk else "",
        "risk_decile_indicator": risk.decile_indicator if risk else "",
    }
    # Not in a `finally`: a failed build closes this connection and removes its file, and unregistering
    # on an error would replace the build's own error with DuckDB's.
    ran = marts.run(con, params, before={"observations": risk_index_relations})
    for name in seeds:
        con.unregister(name)
    log.extend(("mart", None, name, rows, seconds) for name, rows, seconds in ran)
    for n, (stage, source_id, message, rows, seconds) in enumerate(log, 1):
        con.execute(
            "insert into build_log values (?, now(), ?, ?, ?, ?, ?)", [n, stage, source_id, message, rows, seconds]
        )
    for message in messages:
        con.execute("insert into build_log values (?, now(), 'note', null, ?, null, null)", [len(log) + 1, message])
    return {
        t: con.execute(f"select count(*) from {t}").fetchone()[0]
        for t in (
            "areas",
            "indicators",
            "observations",
            "sources",
            "projects",
            "facts",
            "age_bands",
            "lsoa_ward",
            "freshness",
            "targets",
            "figures",
        )
    }


def _check_marts(con, registry: Registry) -> None:
    """Every figure's area is known, the borough has its 21 current wards, and every target's area exists."""
    orphans = con.execute(
        "select count(*), any_value(area_code) from published where area_code not in (select code from areas)"
    ).fetchall()[0]
    if orphans[0]:
        raise BuildError(f"{orphans[0]} figure(s) refer to areas with no reference row (e.g. {orphans[1]})")
    wards = con.execute("select count(*) from areas where type = 'ward' and current").fetchall()[0][0]
    if wards != 21:
        raise BuildError(f"expected Stockport's 21 current wards, found {wards}")
    unknown = [
        t.id for t in registry.targets if not con.execute("select 1 from areas where code = ?", [t.area]).fetchall()
    ]
    if unknown:
        raise BuildError(f"target {unknown[0]}: its area is not in this build's areas")


def _score_risk_index(con, registry: Registry) -> dict[str, pd.DataFrame]:
    """Score LSOAs and wards with the registry's default weights, from the published figures, through
    the same inputs query and scoring function the dashboard uses for other weights: the index's rows
    (`derived_risk_scores`) and its source (`derived_risk_source`), empty when nothing can be scored."""
    # The columns of the tables these relations join, as CORE_DDL declares them (one place for each).
    observation_columns = [c[0] for c in con.execute("describe observations").fetchall()]
    source_columns = [c[0] for c in con.execute("describe sources").fetchall()]
    method = registry.risk
    inputs = risk_index.risk_inputs_frame(con, method) if method else None
    if inputs is None or inputs.empty:
        return {
            "derived_risk_scores": pd.DataFrame(columns=observation_columns),
            "derived_risk_source": pd.DataFrame(columns=source_columns),
        }
    result = risk_index.score(inputs, method)
    note = f"Index v{method.version}, default weights: {risk_index.shares_text(result)}"
    # The index's figures get a source of their own naming every input's publisher and share.
    licences = dict.fromkeys(registry.sources[registry.indicators[i.indicator].source].licence for i in result.used)
    source = pd.DataFrame(
        [
            {
                "id": risk_index.SOURCE_ID,
                "title": method.name,
                "publisher": f"One Stockport, from {risk_index.attribution(result, registry)}",
                "licence": " and ".join(dict.fromkeys(lic.name for lic in licences)),
                "licence_url": next(iter(licences)).url,
                "attribution": "; ".join(lic.attribution for lic in licences),
                "url": "",
                "vintage": f"index v{method.version}, default weights",
                "file": "",
                "retrieved_at": None,
                "sha256": None,
                "rows": None,
                "edition": None,
            }
        ],
        columns=source_columns,
    )
    rows = []
    for area, value, decile in [
        *((r.lsoa_code, r.score, r.decile) for r in result.lsoas.itertuples()),
        *((r.ward_code, r.score, None) for r in result.wards.itertuples()),
    ]:
        # Unrounded, as every derived figure is stored: pages round it once where shown (wording.rounded).
        rows.append({"indicator_id": method.indicator, "area_code": area, "value": float(value), "note": note})
        if decile is not None:
            rows.append({"indicator_id": method.decile_indicator, "area_code": area, "value": decile, "note": note})
    _, start, label = parse_period(RISK_PERIOD)
    for row in rows:
        row.update(
            period=RISK_PERIOD,
            period_start=start,
            period_label=label,
            status="derived",
            unit=registry.indicators[row["indicator_id"]].unit,
            lci_95=None,
            uci_95=None,
            source_id=risk_index.SOURCE_ID,
        )
    validate.figures(rows, registry)
    scores = pd.DataFrame(rows, columns=observation_columns)
    scores["period_start"] = pd.to_datetime(scores["period_start"])
    return {"derived_risk_scores": scores, "derived_risk_source": source}


def build(
    db_path: Path | None = None,
    raw_dir: Path | None = None,
    *,
    data_dir: Path | None = None,
    progress: Progress = lambda _: None,
    registry: Registry | None = None,
) -> BuildReport:
    """Build a new database from the official files in raw_dir (the bundled default, data/default,
    when None), then swap it in.

    One build at a time per database (others wait); files left by a build that died are removed
    first. A disk fault stops the build with a BuildError naming the folder, and removes this
    build's files."""
    started = time.perf_counter()
    registry = registry or load_registry()
    db_path = Path(db_path or paths.database_path())
    data_dir = Path(data_dir or paths.DATA_DIR)
    with build_lock.held(db_path):
        swept = build_lock.sweep(db_path)
        if swept:
            progress(f"Removed {len(swept)} file(s) left by an interrupted build: {', '.join(p.name for p in swept)}")
        mode, inputs = plan_inputs(registry, Path(raw_dir) if raw_dir else None, data_dir)
        report = BuildReport(db_path, mode)
        tmp = db_path.with_name(f"{build_lock.temp_prefix(db_path)}{os.getpid()}-{uuid.uuid4().hex[:8]}")
        try:
            _write_build(tmp, registry, mode, inputs, raw_dir, data_dir, report, progress)
        except (OSError, duckdb.Error) as exc:
            if isinstance(exc, OSError) or is_disk_fault(exc):  # DuckDB reports a full disk in several error types
                where = getattr(exc, "filename", None)  # an input that could not be read, say
                raise disk_error(exc, Path(where).parent if where else db_path.parent) from None
            raise
        finally:
            _remove(Path(str(tmp) + ".wal"))
        try:
            releases.publish(tmp, db_path, report.build_id)
        finally:
            _remove(tmp)  # gone already when published
    report.seconds = time.perf_counter() - started
    progress(f"Done in {report.seconds:.1f}s → {db_path}")
    return report


def _write_build(
    tmp: Path,
    registry: Registry,
    mode: str,
    inputs: list[Input],
    raw_dir: Path | None,
    data_dir: Path,
    report: BuildReport,
    progress: Progress,
) -> None:
    """Write and close the whole database at `tmp`; on any failure remove it."""
    con = None
    try:
        con = duckdb.connect(str(tmp))
        log: list = []
        progress(
            f"Building {report.db_path.name} from the {MODE_LABELS[mode]} in {inputs[0].path.parent} ({len(inputs)} files)"
        )
        ctx = stage_inputs(con, registry, inputs, progress, log)
        t = time.perf_counter()
        derived = derive_observations(con, registry, registry.sources["projects_register"].option("as_at"))
        insert_rows(con, "stg_observations", derived)
        log.append(("derive", None, "ward and LSOA figures", len(derived), time.perf_counter() - t))
        progress(f"[derive] {len(derived):,} derived figures")
        _apply_disclosure_control(con, registry)
        t = time.perf_counter()
        now = datetime.now(timezone.utc)
        report.build_id = f"{now:%Y%m%dT%H%M%S%fZ}"  # sorts by time; names the build's file
        info = {
            "built_at": now.isoformat(timespec="seconds"),
            "mode": mode,
            "raw_dir": str(inputs[0].path.parent),
            "retrieved_at": retrieved_dates(inputs),
            "build_id": report.build_id,
            "schema_version": SCHEMA_VERSION,
        }
        report.rows = _write_marts(con, registry, log, ctx.messages, info)
        con.execute("checkpoint")
        progress(f"[marts] {', '.join(f'{k} {v:,}' for k, v in report.rows.items())}  {time.perf_counter() - t:.2f}s")
        report.messages = ctx.messages
        con.close()
    except BaseException:
        if con is not None:
            try:
                con.close()
            except duckdb.Error:
                pass  # the file is removed next whatever state it is in
        _remove(tmp)
        raise


def check(
    raw_dir: Path | None = None,
    *,
    data_dir: Path | None = None,
    progress: Progress = lambda _: None,
    registry: Registry | None = None,
) -> dict[str, int]:
    """Read and validate every input into an in-memory database; writes nothing."""
    registry = registry or load_registry()
    mode, inputs = plan_inputs(registry, Path(raw_dir) if raw_dir else None, Path(data_dir or paths.DATA_DIR))
    con = duckdb.connect(":memory:")
    try:
        log: list = []
        stage_inputs(con, registry, inputs, progress, log)
        derived = derive_observations(con, registry, registry.sources["projects_register"].option("as_at"))
        return {"files": len(inputs), "rows": sum(r[3] for r in log), "derived": len(derived)}
    finally:
        con.close()


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass

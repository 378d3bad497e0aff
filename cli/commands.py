"""Command line: python -m cli build | check | info | changes | fetch | pin-default | sample | export-public | report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline import paths
from pipeline.errors import BuildError, InputError
from pipeline.registry import AUDIENCES, RegistryError


def _progress(line: str) -> None:
    print(line, flush=True)


def _default_raw(args) -> Path | None:
    """--raw DIR if given; else data/raw when fetch has filled it (a maintainer asked for newer files);
    else None: the bundled official extracts in data/default."""
    return Path(args.raw) if args.raw else paths.fetched_raw_dir()


def cmd_build(args) -> int:
    from pipeline.build.database import build

    report = build(Path(args.db) if args.db else None, _default_raw(args), progress=_progress)
    for message in report.messages:
        print(f"note: {message}")
    return 0


def cmd_check(args) -> int:
    from pipeline.build.database import check

    summary = check(_default_raw(args), progress=_progress)
    print(
        f"OK: {summary['files']} files, {summary['rows']:,} rows staged, {summary['derived']:,} derived figures; nothing written"
    )
    return 0


def cmd_info(args) -> int:
    from pipeline.ingest.bundle import describe_files
    from pipeline.store.queries import Database

    db = Database(Path(args.db) if args.db else paths.database_path())
    if not db.exists():
        print(f"No database at {db.path}; run `python -m cli build`", file=sys.stderr)
        return 1
    info = db.build_info()
    print(f"Database  {db.path}")
    print(f"Built     {info.get('built_at')} from the {describe_files(info)}: {info.get('raw_dir') or '?'}")
    print("\nTables")
    for table, rows in db.table_counts().items():
        print(f"  {table:<14} {rows:>9,}")
    import pandas as pd

    print("\nSources")
    for s in db.sources().itertuples():
        print(
            f"  {s.id:<26} {s.vintage[:42]:<42} rows {'-' if pd.isna(s.rows) else s.rows:>6}  "
            f"retrieved {'-' if pd.isna(s.retrieved_at) else s.retrieved_at}"
        )
    print("\nFigures by status")
    for status, rows in db.status_counts().items():
        print(f"  {status:<14} {rows:>9,}")
    _print_to_refresh(db)
    return 0


def _print_to_refresh(db) -> None:
    """The data team's list: figures whose update is late (publisher's schedule plus grace), with the command."""
    from pipeline.rules.freshness import by_source, to_refresh
    from pipeline.registry import load_registry

    late = by_source(to_refresh(load_registry(), db.freshness("internal")))
    print(f"\nData to refresh (as at {db.today:%d %b %Y})")
    if late.empty:
        print("  none: every figure is within its publisher's schedule and grace period")
    for r in late.itertuples():
        print(f"  {r.source_id}: update expected since {r.expected_next:%b %Y} ({r.held} held): {r.indicators}")
        print(f"    {r.command}")


def cmd_changes(args) -> int:
    from pipeline.store import changes
    from pipeline import clock
    from pipeline.store.queries import Database
    from pipeline.store.releases import resolve
    from pipeline.registry import load_registry

    live = Path(args.db) if args.db else paths.database_path()
    if not Database(live).exists():
        print(f"No database at {live}; run `python -m cli build`", file=sys.stderr)
        return 1
    registry, day = load_registry(), clock.today()
    try:
        if args.since:
            new = Database(resolve(live), args.audience, day)
            digest = changes.compare(
                new, Database(changes.find_build(live, args.since), args.audience, day), registry, day
            )
        else:
            digest = changes.since_last_update(live, args.audience, registry, day)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(digest.as_json(), end="")
        return 0
    from presentation.changes_text import digest_lines

    print("\n".join(digest_lines(digest)))
    return 0


def cmd_fetch(args) -> int:
    from pipeline.ingest.fetch import fetch

    fetch(
        Path(args.dest) if args.dest else paths.raw_dir(),
        base_url=args.base_url,
        timeout=args.timeout,
        progress=_progress,
    )
    return 0


def cmd_pin_default(args) -> int:
    from pipeline.build.pin import pin_default

    pin_default(Path(args.raw) if args.raw else paths.raw_dir(), progress=_progress)
    return 0


def cmd_sample(args) -> int:
    from pipeline.ingest.sample_data import write_sample

    path = write_sample()
    print(f"wrote {path}")
    return 0


def cmd_export_public(args) -> int:
    from publish.export_public import export_public

    report = export_public(Path(args.dir), Path(args.db) if args.db else paths.database_path())
    print(
        f"wrote {len(report.views)} public views and {len(report.csvs)} CSV files for {report.indicators} "
        f"public indicators to {report.dest} (index: {report.dest / 'index.html'}, API: {report.dest / 'api' / 'index.json'})"
    )
    return 0


def cmd_report(args) -> int:
    from publish.ward_report import write_reports

    if args.brief:
        from publish.leaders_brief import write_brief

        files = write_brief(
            Path(args.db) if args.db else paths.database_path(),
            Path(args.out),
            "internal" if args.internal else "public",
            pdf=not args.html_only,
            progress=_progress,
        )
        print(f"wrote {len(files)} files to {args.out}")
        return 0
    if not args.all and not args.wards:
        print("error: name a ward (code or name), give --all, or --brief", file=sys.stderr)
        return 2
    try:
        files = write_reports(
            Path(args.db) if args.db else paths.database_path(),
            Path(args.out),
            None if args.all else args.wards,
            "internal" if args.internal else "public",
            pdf=not args.html_only,
            progress=_progress,
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {len(files)} files to {args.out}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m cli", description="One Stockport data pipeline")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the database (atomically replaces the live one)")
    b.add_argument(
        "--raw",
        help="folder of official files (default: data/raw if fetched, else the bundled "
        "official extracts in data/default)",
    )
    b.add_argument("--db", help="database path (default: data/onestockport.duckdb or $ONE_STOCKPORT_DB)")
    b.set_defaults(func=cmd_build)
    c = sub.add_parser("check", help="validate the inputs without writing anything")
    c.add_argument("--raw", help="folder of official files")
    c.set_defaults(func=cmd_check)
    i = sub.add_parser("info", help="what the current database holds")
    i.add_argument("--db")
    i.set_defaults(func=cmd_info)
    d = sub.add_parser(
        "changes",
        help="what changed since the last update: new releases, revised figures, "
        "verdicts that changed and wards whose rank moved",
    )
    d.add_argument(
        "--since",
        help="compare with this kept build (its id, as `info` and the builds folder name it) "
        "instead of the one before the live build",
    )
    d.add_argument("--audience", choices=AUDIENCES, default="internal")
    d.add_argument("--json", action="store_true", help="the digest as JSON (as changes.json in the static export)")
    d.add_argument("--db")
    d.set_defaults(func=cmd_changes)
    f = sub.add_parser(
        "fetch", help="download the official files into data/raw (publishers' files cut to Stockport, or a mirror)"
    )
    f.add_argument("--dest", help="folder to fill (default data/raw)")
    f.add_argument(
        "--base-url",
        help="fetch every file from this mirror of the Stockport extracts (file name appended) "
        "instead of from each publisher",
    )
    f.add_argument("--timeout", type=float, default=20.0)
    f.set_defaults(func=cmd_fetch)
    m = sub.add_parser(
        "pin-default",
        help="check a fetched set of official files and make it the bundled default "
        "(data/default) with a fresh manifest, in one step",
    )
    m.add_argument("--raw", help="folder of fetched official files (default: data/raw)")
    m.set_defaults(func=cmd_pin_default)
    e = sub.add_parser(
        "export-public",
        help="write the public views as static pages, with the public figures as CSV "
        "and a JSON index, into DIR (no server needed)",
    )
    e.add_argument("dir", help="folder to write (new, empty, or an earlier export)")
    e.add_argument("--db", help="database to export (default: the live one)")
    e.set_defaults(func=cmd_export_public)
    r = sub.add_parser(
        "report", help="ward reports for councillors, or the leaders' brief: print-ready A4 HTML and tagged PDF"
    )
    r.add_argument("wards", nargs="*", help="ward codes or names")
    r.add_argument("--all", action="store_true", help="all 21 wards")
    r.add_argument(
        "--brief",
        action="store_true",
        help="the leaders' brief instead: the overview's judgements, needs attention and what changed, on A4",
    )
    r.add_argument("--out", default="reports", help="folder to write (default: reports)")
    r.add_argument(
        "--internal",
        action="store_true",
        help="include internal management information (inclusion activity); not for publication",
    )
    r.add_argument("--html-only", action="store_true", help="skip the PDFs (no Chromium needed)")
    r.add_argument("--db", help="database (default: the live one)")
    r.set_defaults(func=cmd_report)
    s = sub.add_parser("sample", help="regenerate the labelled sample programme activity")
    s.set_defaults(func=cmd_sample)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("Nothing was changed: the live database is as it was.", file=sys.stderr)
        return 2
    except (BuildError, RegistryError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("Nothing was changed: the live database is as it was.", file=sys.stderr)
        return 2

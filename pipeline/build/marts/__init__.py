"""The marts: one SQL file per table the pages read, run by the build in the order of their numbers.

As in dbt's models/marts, each file is one `select`; the name after its number is the table it fills
(`05_observations.sql` fills `observations`, whose shape schema.CORE_DDL declares). A file reads the
staging tables, the registry's seeds (`seed_*`, which the build registers) and the marts numbered
before it. Values from the build are named parameters (`$build_id`), bound by DuckDB, never pasted.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

import duckdb
import pandas as pd

from pipeline.errors import BuildError

FOLDER = Path(__file__).resolve().parent
_NAME = re.compile(r"(\d{2})_([a-z][a-z0-9_]*)\.sql")


@dataclass(frozen=True)
class Mart:
    path: Path

    @property
    def table(self) -> str:
        return _NAME.fullmatch(self.path.name).group(2)

    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8").strip().rstrip(";")


def ordered(folder: Path = FOLDER) -> list[Mart]:
    """Every .sql file in the folder, in the order the build runs them. A file the build could not
    place (no number, or a number another file has) stops the build rather than being skipped."""
    files = sorted(folder.glob("*.sql"))
    unnamed = [p.name for p in files if not _NAME.fullmatch(p.name)]
    if unnamed:
        raise BuildError(
            f"{folder}: mart file(s) {', '.join(unnamed)} not named NN_table.sql (NN its place in the order)"
        )
    numbers = [p.name[:2] for p in files]
    repeated = sorted({n for n in numbers if numbers.count(n) > 1})
    if repeated:
        raise BuildError(f"{folder}: two mart files share the number {repeated[0]}: the order would be ambiguous")
    return [Mart(p) for p in files]


def run(
    con: duckdb.DuckDBPyConnection,
    params: Mapping[str, object],
    before: Mapping[str, Callable[[], Mapping[str, pd.DataFrame]]] | None = None,
    folder: Path = FOLDER,
) -> list[tuple[str, int, float]]:
    """Fill each mart's table from its file, in order. `before[table]` is a Python step (figures derived
    from the marts so far) run just before that table's file: it writes nothing, and returns named
    relations that file and later ones read, as they read the seeds. Returns (file, rows, seconds) per file."""
    marts = ordered(folder)
    before = dict(before or {})
    unknown = set(before) - {m.table for m in marts}
    if unknown:
        raise BuildError(
            f"no mart file fills {', '.join(sorted(unknown))}: a step meant to run before it would never run"
        )
    done, derived = [], []
    for mart in marts:
        if mart.table in before:
            for name, frame in before[mart.table]().items():
                con.register(name, frame)
                derived.append(name)
        sql = mart.sql()
        names = set(re.findall(r"\$([a-z_]+)", sql))
        missing = names - set(params)
        if missing:
            raise BuildError(f"{mart.path}: parameter(s) {', '.join(sorted(missing))} not given by the build")
        started = time.perf_counter()
        con.execute(f"insert into {mart.table} by name (\n{sql}\n)", {k: params[k] for k in names})
        rows = con.execute(f"select count(*) from {mart.table}").fetchall()[0][0]
        done.append((mart.path.name, rows, time.perf_counter() - started))
    for name in derived:  # as the seeds: not in a `finally`, so a failed build keeps its own error
        con.unregister(name)
    return done

"""Regeneration and digital-inclusion facts: one sourced fact per row, kept as published."""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..registry import Source
from ..schema import insert_rows
from ..textfile import csv_rows, read_text, unique
from . import Context

COLUMNS = ["fact_id", "project", "metric", "value", "unit", "period", "statement", "source_url",
           "source_publisher", "source_date", "notes"]


def load(con, path: Path, source: Source, ctx: Context) -> int:
    _, rows = csv_rows(path, read_text(path), COLUMNS)
    for r in rows:
        if not re.fullmatch(r"F\d{3,}", r["fact_id"]):
            raise InputError(path, r.line, "fact_id", f"'{r['fact_id'][:40]}' is not a fact id (F001…)")
        if not r["source_url"].startswith(("https://", "http://")):
            raise InputError(path, r.line, "source_url", "every fact needs the web address it came from")
        for column in ("project", "metric", "value", "statement"):
            if not r[column]:
                raise InputError(path, r.line, column, "value is missing")
    unique(path, rows, lambda r: (r["fact_id"],), "fact_id", "fact")
    return insert_rows(con, "stg_facts", [{c: r[c] or None for c in COLUMNS} for r in rows])

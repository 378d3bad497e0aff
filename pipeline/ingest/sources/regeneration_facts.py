"""Regeneration and digital-inclusion facts: one sourced fact per row, kept as published."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.errors import InputError
from pipeline.registry import Source
from pipeline.store.schema import insert_rows
from pipeline.checks import validate
from pipeline.ingest.textfile import csv_rows, number, read_text, unique
from pipeline.ingest.sources.context import Context

# Units whose value is words or a date, kept as written; every other unit's value is a figure.
TEXT_UNITS = {"date", "name", "text"}
PERCENT_UNITS = {"percent", "percent of population"}
# Larger than any sum of money, area or count a Stockport fact could state, even in pounds.
LARGEST = 1e12


def _check_value(path: Path, r) -> None:
    """A fact's figure is a finite number, never negative, a percentage at most 100, a year not
    in the future."""
    unit = r["unit"].strip().lower()
    if unit in TEXT_UNITS:
        return
    if unit == "year":
        number(path, r, "value", integer=True, minimum=1800, maximum=validate.today().year)
    else:
        number(path, r, "value", minimum=0, maximum=100 if unit in PERCENT_UNITS else LARGEST)


COLUMNS = [
    "fact_id",
    "project",
    "metric",
    "value",
    "unit",
    "period",
    "statement",
    "source_url",
    "source_publisher",
    "source_date",
    "notes",
]


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
        _check_value(path, r)
    unique(path, rows, lambda r: (r["fact_id"],), "fact_id", "fact")
    return insert_rows(con, "stg_facts", [{c: r[c] or None for c in COLUMNS} for r in rows])

"""Nomis Census 2021 RM121 'Sex by age' extract: title/metadata lines, a header, footnotes."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.checks import validate
from pipeline.errors import InputError
from pipeline.registry import Source
from pipeline.store.schema import insert_rows
from pipeline.ingest.textfile import csv_rows, number, read_text, unique
from pipeline.ingest.sources.context import Context

AGE_65_PLUS = [
    "Aged 65 years",
    "Aged 66 to 69 years",
    "Aged 70 to 74 years",
    "Aged 75 to 79 years",
    "Aged 80 to 84 years",
    "Aged 85 years and over",
]
_LABEL = re.compile(r"^(E01\d{6}) : (.+)$")


def load(con, path: Path, source: Source, ctx: Context) -> int:
    text = read_text(path)
    geography = source.option("geography")  # the header of the codes column names the LSOA vintage
    lines = text.splitlines()
    if not lines[0].startswith("RM121"):
        raise InputError(path, 1, None, "expected a Nomis RM121 'Sex by age' extract (first line 'RM121 - Sex by age')")
    header_line = next((i + 1 for i, l in enumerate(lines) if l.startswith(geography)), None)
    if header_line is None:
        raise InputError(path, 1, geography, "header row not found anywhere in the file (Nomis layout changed?)")
    # Nomis puts one blank line under the header, then data until the next blank line (footnotes follow).
    _, rows = csv_rows(
        path,
        "\n".join(lines[:header_line] + lines[header_line + 1 :]),
        [geography, "Total", *AGE_65_PLUS],
        header_line=header_line,
        stop_at_blank=True,
    )
    known = ctx.known_codes("lsoa", source.option("lsoa_vintage"))
    out = []
    for r in rows:
        row_line = r.line + 1  # the blank line we skipped under the header
        m = _LABEL.match(r[geography])
        if not m:
            raise InputError(path, row_line, geography, f"'{r[geography][:40]}' is not 'E01… : name'")
        lsoa, name = m.groups()
        validate.not_retired(con, path, row_line, geography, lsoa, known)
        if not name.startswith("Stockport ") or (known is not None and lsoa not in known):
            raise InputError(
                path, row_line, geography, f"{lsoa} '{name}' is not a Stockport LSOA ({source.option('lsoa_vintage')})"
            )
        shifted = type(r)(row_line, r.cells)
        total = number(path, shifted, "Total", integer=True, minimum=0)
        validate.figure(path, row_line, "Total", ctx.registry.indicators["population"], total)
        older = sum(number(path, shifted, c, integer=True, minimum=0) for c in AGE_65_PLUS)
        if older > total:
            raise InputError(
                path, row_line, "Total", f"{lsoa}: residents aged 65+ ({older}) exceed the total ({total})"
            )
        out.append(
            {"lsoa21_code": lsoa, "lsoa21_name": name, "residents": total, "aged_65plus": older, "source_id": source.id}
        )
    unique(path, rows, lambda r: (r[geography],), geography, "LSOA")
    return insert_rows(con, "stg_census_lsoa", out)

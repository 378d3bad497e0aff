"""Nomis Census 2021 RM121 'Sex by age' extract: title/metadata lines, a header, footnotes."""
from __future__ import annotations

import re
from pathlib import Path

from .. import validate
from ..errors import InputError
from ..registry import Source
from ..schema import insert_rows
from ..textfile import csv_rows, number, read_text, unique
from . import Context

GEOGRAPHY = "2021 super output area - lower layer"
AGE_65_PLUS = ["Aged 65 years", "Aged 66 to 69 years", "Aged 70 to 74 years", "Aged 75 to 79 years",
               "Aged 80 to 84 years", "Aged 85 years and over"]
_LABEL = re.compile(r"^(E01\d{6}) : (.+)$")


def load(con, path: Path, source: Source, ctx: Context) -> int:
    text = read_text(path)
    lines = text.splitlines()
    if not lines[0].startswith("RM121"):
        raise InputError(path, 1, None, "expected a Nomis RM121 'Sex by age' extract (first line 'RM121 - Sex by age')")
    header_line = next((i + 1 for i, l in enumerate(lines) if l.startswith(GEOGRAPHY)), None)
    if header_line is None:
        raise InputError(path, 1, GEOGRAPHY, "header row not found anywhere in the file (Nomis layout changed?)")
    # Nomis puts one blank line under the header, then data until the next blank line (footnotes follow).
    _, rows = csv_rows(path, "\n".join(lines[:header_line] + lines[header_line + 1:]),
                       [GEOGRAPHY, "Total", *AGE_65_PLUS], header_line=header_line, stop_at_blank=True)
    known = ctx.known_codes("lsoa", "2021")
    out = []
    for r in rows:
        row_line = r.line + 1  # the blank line we skipped under the header
        m = _LABEL.match(r[GEOGRAPHY])
        if not m:
            raise InputError(path, row_line, GEOGRAPHY, f"'{r[GEOGRAPHY][:40]}' is not 'E01… : name'")
        lsoa, name = m.groups()
        validate.not_retired(con, path, row_line, GEOGRAPHY, lsoa, known)
        if not name.startswith("Stockport ") or (known is not None and lsoa not in known):
            raise InputError(path, row_line, GEOGRAPHY, f"{lsoa} '{name}' is not a Stockport LSOA (2021)")
        shifted = type(r)(row_line, r.cells)
        total = number(path, shifted, "Total", integer=True, minimum=0)
        validate.figure(path, row_line, "Total", ctx.registry.indicators["population"], total)
        older = sum(number(path, shifted, c, integer=True, minimum=0) for c in AGE_65_PLUS)
        if older > total:
            raise InputError(path, row_line, "Total", f"{lsoa}: residents aged 65+ ({older}) exceed the total ({total})")
        out.append({"lsoa21_code": lsoa, "lsoa21_name": name, "residents": total, "aged_65plus": older,
                    "source_id": source.id})
    unique(path, rows, lambda r: (r[GEOGRAPHY],), GEOGRAPHY, "LSOA")
    return insert_rows(con, "stg_census_lsoa", out)

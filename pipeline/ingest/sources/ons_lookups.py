"""ONS best-fit and statistical lookups (CSV) between output areas, LSOAs, MSOAs and wards."""

from __future__ import annotations

from pathlib import Path

from pipeline.checks import validate
from pipeline.errors import InputError
from pipeline.registry import Source
from pipeline.store.schema import insert_rows
from pipeline.ingest.textfile import code, csv_rows, read_text, stockport_lad, unique
from pipeline.ingest.sources.context import Context

# kind → (LSOA column, LSOA name column or None, ward code, ward name, LAD column); the
# geography vintages are the registry's options.
LSOA_WARD = {
    "lsoa21_ward25": ("lsoa21cd", "lsoa21nm", "wd25cd", "wd25nm", "lad25cd"),
    "lsoa21_ward22": ("lsoa21cd", "lsoa21nm", "wd22cd", "wd22nm", "lad22cd"),
    "lsoa11_ward17": ("lsoa11cd", None, "wd17cd", "wd17nm", "lad17cd"),
}
OA = {
    "oa21": ("oa21cd", "lsoa21cd", "lsoa21nm", "msoa21cd", "msoa21nm", "lad22cd"),
    "oa11": ("oa11cd", "lsoa11cd", "lsoa11nm", "msoa11cd", "msoa11nm", "lad11cd"),
}


def _one_code_per_name(path: Path, rows: list, code_column: str, name_column: str) -> None:
    """A ward has one code and one name throughout; the row that differs from the rest is the typo."""
    lines: dict[tuple[str, str], list[int]] = {}
    for r in rows:
        lines.setdefault((r[code_column], r[name_column]), []).append(r.line)
    for side, column in ((1, code_column), (0, name_column)):  # same name, two codes; same code, two names
        groups: dict[str, list[tuple[str, str]]] = {}
        for pair in lines:
            groups.setdefault(pair[side], []).append(pair)
        for pairs in groups.values():
            if len(pairs) > 1:
                usual, odd = sorted(pairs, key=lambda p: -len(lines[p]))[:2]
                what = (
                    f"{odd[0]} is not a Stockport ward code"
                    if column == code_column
                    else f"'{odd[1]}' is not the name of ward {odd[0]}"
                )
                raise InputError(
                    path,
                    lines[odd][0],
                    column,
                    f"{what}: the lookup's other rows give {usual[0]} '{usual[1]}' ({len(lines[usual])} rows)",
                )


def load(con, path: Path, source: Source, ctx: Context) -> int:
    kind = source.options["kind"]
    text = read_text(path)
    if kind in LSOA_WARD:
        lsoa, lsoa_nm, wd, wd_nm, lad = LSOA_WARD[kind]
        lsoa_v, ward_v = source.option("lsoa_vintage"), source.option("ward_vintage")
        required = [c for c in (lsoa, lsoa_nm, wd, wd_nm, lad) if c]
        _, rows = csv_rows(path, text, required)
        # Only a lookup to the current wards must hold current codes; the registry says which ward set is current.
        to_current = ward_v in {
            s.options.get("boundary_vintage")
            for s in ctx.registry.sources.values()
            if s.adapter == "ons_boundaries" and s.options.get("area_type") == "ward" and s.options.get("current")
        }
        out, checked = [], set()  # each ward code asked about once: a query a row took minutes on a huge file
        for r in rows:
            stockport_lad(path, r, lad)
            if to_current and r[wd] not in checked:
                validate.not_retired(con, path, r.line, wd, r[wd], None)
                checked.add(r[wd])
            out.append(
                {
                    "lsoa_code": code(path, r, lsoa, "E01", what="LSOA code"),
                    "lsoa_vintage": lsoa_v,
                    "lsoa_name": r.cells.get(lsoa_nm) if lsoa_nm else None,
                    "ward_code": code(path, r, wd, "E05", what="ward code"),
                    "ward_name": r[wd_nm],
                    "ward_vintage": ward_v,
                    "source_id": source.id,
                }
            )
        unique(path, rows, lambda r: (r[lsoa],), lsoa, "LSOA")
        # The lookups say which wards exist (boundary files are checked against them), so a
        # mistyped code shows as a ward name with two codes.
        _one_code_per_name(path, rows, wd, wd_nm)
        return insert_rows(con, "stg_lookup_lsoa_ward", out)
    if kind in OA:
        oa, lsoa, lsoa_nm, msoa, msoa_nm, lad = OA[kind]
        vintage = source.option("vintage")
        _, rows = csv_rows(path, text, [oa, lsoa, lsoa_nm, msoa, msoa_nm, lad])
        out = []
        for r in rows:
            stockport_lad(path, r, lad)
            if not r[lsoa_nm].startswith("Stockport "):
                raise InputError(path, r.line, lsoa_nm, f"'{r[lsoa_nm][:40]}' is not a Stockport LSOA name")
            out.append(
                {
                    "oa_code": code(path, r, oa, "E00", what="output area code"),
                    "lsoa_code": code(path, r, lsoa, "E01", what="LSOA code"),
                    "lsoa_name": r[lsoa_nm],
                    "msoa_code": code(path, r, msoa, "E02", what="MSOA code"),
                    "msoa_name": r[msoa_nm],
                    "vintage": vintage,
                    "source_id": source.id,
                }
            )
        unique(path, rows, lambda r: (r[oa],), oa, "output area")
        return insert_rows(con, "stg_lookup_oa", out)
    raise InputError(path, None, None, f"unknown lookup kind {kind} in registry")

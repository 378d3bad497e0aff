"""CSV injection: no CSV the product writes carries a text cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
import re
import unicodedata

import duckdb
import pandas as pd
import pytest

from pipeline.store import releases
from pipeline.build.database import build
from pipeline.ingest.csv_safety import neutralise, neutralise_cell, restore_cell, to_csv_bytes
from publish.export_public import export_public

FORMULAS = [
    '=HYPERLINK("http://evil.example","click")',
    "+1+1",
    "-1+cmd|' /C calc'!A0",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "-",
    "'=already quoted",
    "''@twice",
    # Spreadsheets skip leading spaces and read full-width signs as ASCII ones; | starts a DDE call.
    " =1+1",
    "  @SUM(A1:A2)",
    "\u3000=1+1",
    "\uff1d1+1",
    "\uff0b1+1",
    "\uff0d1+cmd",
    "\uff20SUM(A1)",
    "|calc",
    " |calc",
    "\uff5ccalc",
    "'\uff1d1",
]
HARMLESS = ["Library", "-3.5", "+44", "1e-5", "-.5", "'quoted", "", "a=b", "café", " -3.5", "a|b", "Stockport "]
DANGEROUS = re.compile(r"^[\t\r]|^\s*[=+\-@|]")
PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


@pytest.mark.parametrize("text", FORMULAS)
def test_a_text_cell_starting_like_a_formula_is_written_as_text_and_read_back_exactly(text):
    written = neutralise_cell(text)
    assert written == "'" + text and restore_cell(written) == text


@pytest.mark.parametrize("text", HARMLESS)
def test_plain_text_and_numbers_written_as_text_are_left_alone(text):
    assert neutralise_cell(text) == text and restore_cell(text) == text


def test_numbers_stay_numbers_and_only_text_columns_change():
    frame = pd.DataFrame(
        {"value": [-1.5, 2.0], "count": [-3, 4], "note": ["=1+1", None], "when": pd.to_datetime(["2026-01-01"] * 2)}
    )
    out = neutralise(frame)
    assert list(out["value"]) == [-1.5, 2.0] and list(out["count"]) == [-3, 4]
    assert out["note"][0] == "'=1+1" and pd.isna(out["note"][1]) and (out["when"] == frame["when"]).all()
    assert to_csv_bytes(frame).decode().splitlines()[1].startswith("-1.5,-3,'=1+1,")


def _unsafe_cells(text: str) -> list[str]:
    shown = [
        (cell, unicodedata.normalize("NFKC", cell)) for row in csv.reader(io.StringIO(text, newline="")) for cell in row
    ]
    return [cell for cell, seen in shown if DANGEROUS.match(seen) and not PLAIN_NUMBER.match(seen.strip())]


def test_every_dashboard_download_makes_formulas_inert(pinned_run):
    from ui.charts import csv_bytes  # every page's download button builds its CSV here

    frame = pd.DataFrame({"area_name": FORMULAS, "value": range(len(FORMULAS))})
    text = csv_bytes(frame).decode("utf-8")
    assert _unsafe_cells(text) == [] and "'=HYPERLINK" in text
    assert len(list(csv.reader(io.StringIO(text, newline="")))) == len(FORMULAS) + 1  # a CR inside a cell stays inside


@pytest.mark.slow
def test_the_public_export_makes_formulas_in_notes_and_area_names_inert(tmp_path):
    db = tmp_path / "live.duckdb"
    build(db)
    con = duckdb.connect(str(releases.resolve(db)))  # as if a publisher's note began with a formula
    # In the marts and in the figures mart that joins them, which the export's queries read.
    for table in ("observations", "figures"):
        con.execute(f"""update {table} set note = '=HYPERLINK("http://evil.example","Source")'
                        where indicator_id in (select id from indicators where audience = 'public')""")
    # Upstream ward names that only look harmless: a leading space, a full-width equals sign, a DDE pipe.
    for code, name in [("E05015014", " =1+1"), ("E05015015", "\uff1d1+1"), ("E05015016", "|calc")]:
        con.execute("update areas set name = ? where code = ?", [name, code])
        con.execute("update figures set area_name = ? where area_code = ?", [name, code])
    con.close()
    dest = tmp_path / "export"
    report = export_public(dest, db)
    texts = [(dest / path).read_bytes().decode("utf-8") for path in report.csvs]
    assert texts and all(_unsafe_cells(text) == [] for text in texts)
    assert any("'=HYPERLINK" in text for text in texts)
    assert all(any(f",'{name}," in text for text in texts) for name in [" =1+1", "\uff1d1+1", "|calc"])

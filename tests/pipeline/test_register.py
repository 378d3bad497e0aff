"""The inclusion register: row-by-row validation, changes preview, versions, restore, and the build."""

from __future__ import annotations

import time

import pytest

from pipeline.ingest import register
from pipeline.build.database import build
from pipeline.errors import InputError
from pipeline.paths import DATA_DIR
from pipeline.store.queries import Database

WARDS = {"E05015018": "Brinnington & Stockport Central", "E05015026": "Heatons North"}
HEADER = ",".join(register.COLUMNS)


def _csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


GOOD = _csv(
    "2026-05,E05015018,Library,2,5,40,3,2,published",
    "2026-05,Heatons North,Library,1,2,12,0,1,provisional",
    "2026-06,E05015018,Library,2,6,45,4,3,published",
)


def test_a_good_register_passes_and_ward_names_become_codes():
    rows, problems = register.validate(GOOD, WARDS, today="2026-11")
    assert problems == []
    assert list(rows.ward_code) == ["E05015018", "E05015026", "E05015018"]
    assert rows.residents_supported.sum() == 97


def test_every_bad_row_is_listed_with_its_row_and_column():
    raw = _csv(
        "2026-13,E05015018,Library,2,5,40,3,2,published",  # row 2: month
        "2026-05,Narnia,Library,2,5,40,3,2,published",  # row 3: ward
        "2026-05,E05015018,Library,-1,5,4.5,3,2,published",  # row 4: two counts
        "2026-05,E05015018,,2,5,40,3,2,published",  # row 5: partner
        "2026-05,E05015018,Library,2,5,40,3,2,final",  # row 6: status
        "2026-05,E05015018,Library,2,5,40,3,2,published",  # row 7: fine
        "2026-05,E05015018,library,2,5,40,3,2,published",  # row 8: duplicate of row 7
        "2027-01,E05015018,Library,2,5,40,3,2,published",  # row 9: future
        "2026-05,E05015018,Library,2",
    )  # row 10: short
    rows, problems = register.validate(raw, WARDS, today="2026-11")
    found = {(p.row, p.column) for p in problems}
    assert found == {
        (2, "month"),
        (3, "ward_code"),
        (4, "champions_active"),
        (4, "residents_supported"),
        (5, "partner"),
        (6, "status"),
        (8, "partner"),
        (9, "month"),
        (10, None),
    }
    assert "first on row 7" in next(p.message for p in problems if p.row == 8)
    assert len(rows) == 1


@pytest.mark.parametrize(
    "raw, words",
    [
        (b"", "column is missing"),
        ("month,ward\n".encode(), "column is missing"),
        (_csv()[:-1] + b"\n", "no rows"),
        (
            _csv("2026-05,E05015018,Caf\xe9,2,5,40,3,2,published".replace("\xe9", "X")).replace(b"X", b"\xe9"),
            "not UTF-8",
        ),
    ],
)
def test_unreadable_files_are_refused(raw, words):
    _, problems = register.validate(raw, WARDS, today="2026-11")
    assert problems and words in problems[0].message


def test_changes_lists_rows_added_changed_and_removed():
    old, _ = register.validate(GOOD, WARDS, today="2026-11")
    new, _ = register.validate(
        _csv(
            "2026-05,E05015018,Library,2,5,41,3,2,published",  # changed
            "2026-06,E05015018,Library,2,6,45,4,3,published",  # same
            "2026-07,E05015018,Library,2,6,45,4,3,published",
        ),  # added; Heatons removed
        WARDS,
        today="2026-11",
    )
    diff = register.changes(old, new)
    assert [len(diff[k]) for k in ("added", "changed", "removed")] == [1, 1, 1]
    assert diff["removed"].ward_code[0] == "E05015026" and diff["changed"].residents_supported[0] == 41


@pytest.mark.slow
def test_versions_are_kept_and_one_can_be_restored_and_the_build_reads_the_current_one(tmp_path, monkeypatch):
    monkeypatch.setenv("ONE_STOCKPORT_REGISTER_DIR", str(tmp_path / "register"))
    assert register.current_file() == DATA_DIR / register.SAMPLE_FILE
    db = tmp_path / "live.duckdb"
    build(db)
    sample_total = Database(db).series("inclusion_residents_supported", ["E08000007"], "internal").value.sum()
    first, _ = register.validate(GOOD, WARDS, today="2026-11")
    v1 = register.store(first, who="a.officer@stockport.gov.uk")
    build(db)
    series = Database(db).series("inclusion_residents_supported", ["E08000007"], "internal")
    assert list(series.value) == [52, 45] and set(series.status) == {"provisional", "published"}
    second = first.assign(residents_supported=first.residents_supported * 2)
    v2 = register.store(second)
    build(db)
    assert Database(db).series("inclusion_residents_supported", ["E08000007"], "internal").value.sum() == 194
    assert [v.id for v in register.versions()] == [v1.id, v2.id] and register.versions()[1].current
    register.make_current(v1.id)
    build(db)
    assert (
        Database(db).series("inclusion_residents_supported", ["E08000007"], "internal").value.sum()
        == 97
        != sample_total
    )
    with pytest.raises(FileNotFoundError):
        register.make_current("no-such-version")


@pytest.mark.slow
def test_a_bad_register_file_stops_the_build_naming_row_and_column(tmp_path, monkeypatch):
    folder = tmp_path / "register"
    monkeypatch.setenv("ONE_STOCKPORT_REGISTER_DIR", str(folder))
    (folder / "versions").mkdir(parents=True)
    (folder / "versions" / "v1.csv").write_bytes(_csv("2026-05,E05015018,Library,2,5,lots,3,2,published"))
    (folder / "current").write_text("v1\n")
    with pytest.raises(InputError) as info:
        build(tmp_path / "live.duckdb")
    assert (info.value.file, info.value.row, info.value.column) == ("v1.csv", 2, "residents_supported")


def test_clearing_the_pointer_goes_back_to_the_sample(tmp_path, monkeypatch):
    monkeypatch.setenv("ONE_STOCKPORT_REGISTER_DIR", str(tmp_path / "register"))
    rows, _ = register.validate(GOOD, WARDS, today="2026-11")
    register.store(rows)
    assert register.current_file() != DATA_DIR / register.SAMPLE_FILE
    register.clear_current()
    assert register.current_file() == DATA_DIR / register.SAMPLE_FILE and len(register.versions()) == 1


GOOD_ROW = "2026-05,E05015018,Library,2,5,40,3,2,published"


@pytest.mark.parametrize(
    "raw, row, column, words",
    [
        (("month,month," + HEADER[len("month,") :] + "\n").encode(), 1, "month", "appears twice"),
        (_csv("2026-05,E05015018,Lib\x00rary,2,5,40,3,2,published"), 2, "partner", "NUL byte"),
        (_csv('2026-05,E05015018,"Library\nAnnexe",2,5,40,3,2,published'), 2, "partner", "line break"),
        (_csv('2026-05,E05015018,"Library\rAnnexe",2,5,40,3,2,published'), 2, "partner", "line break"),
        (_csv('2026-05,E05015018,"Library\r\nAnnexe",2,5,40,3,2,published'), 2, "partner", "line break"),
        (_csv("2026-05,E05015018,Library,2,5,\u0663,3,2,published"), 2, "residents_supported", "digits other than 0-9"),
        (
            _csv("2026-05,E05015018,Library,2,5,4\u0660,3,2,published"),
            2,
            "residents_supported",
            "digits other than 0-9",
        ),
        (_csv("20\u0662\u0666-05,E05015018,Library,2,5,40,3,2,published"), 2, "month", "not a month"),
        (_csv('2026-05,E05015018,Library,2,5,"1,234",3,2,published'), 2, "residents_supported", "thousands separator"),
        (_csv(f"2026-05,E05015018,Library,2,5,{2**63},3,2,published"), 2, "residents_supported", "more than 1,000,000"),
        (
            _csv(f"2026-05,E05015018,Library,2,5,{10**400},3,2,published"),
            2,
            "residents_supported",
            "more than 1,000,000",
        ),
        (_csv(f"2026-05,E05015018,Library,{2**64},5,40,3,2,published"), 2, "champions_active", "more than 1,000,000"),
    ],
)
def test_cells_a_register_cannot_hold_are_refused_naming_row_and_column(raw, row, column, words):
    rows, problems = register.validate(raw, WARDS, today="2026-11")
    assert [(p.row, p.column) for p in problems] == [(row, column)] and words in problems[0].message
    assert rows.empty


@pytest.mark.parametrize(
    "raw, row, column, words",
    [
        (_csv(GOOD_ROW.replace("Library", "L" * 131_073)), 2, "partner", "131,073 characters long"),
        (_csv(GOOD_ROW.replace("Library", "L" * (register.MAX_PARTNER + 1))), 2, "partner", "at most 200"),
        (_csv(GOOD_ROW, GOOD_ROW.replace("Library", '"' + "Library\n" * 20_000 + '"')), 3, "partner", "line break"),
        (_csv(GOOD_ROW.replace("Library", "Libr\u200bary")), 2, "partner", "invisible character (U+200B"),
        (_csv(GOOD_ROW.replace("Library", "Libr\u2060ary")), 2, "partner", "invisible character (U+2060"),
        (_csv(GOOD_ROW.replace("E05015018", "E05015018\ufeff")), 2, "ward_code", "invisible character (U+FEFF"),
        (_csv(GOOD_ROW.replace("Library", "Libr\u0430ry")), 2, "partner", "Cyrillic '\u0430' (U+0430)"),
        (_csv(GOOD_ROW.replace("Library", "Lib\u03c1ary")), 2, "partner", "Greek"),
    ],
    ids=[
        "over-csv-field-limit",
        "over-partner-cap",
        "multi-line-over-field-limit",
        "zero-width-space",
        "word-joiner",
        "byte-order-mark-in-ward",
        "cyrillic-a",
        "greek-rho",
    ],
)
def test_long_invisible_and_look_alike_cells_are_refused_naming_row_and_column(raw, row, column, words):
    rows, problems = register.validate(raw, WARDS, today="2026-11")
    assert [(p.row, p.column) for p in problems] == [(row, column)] and words in problems[0].message
    assert len(rows) == (1 if row == 3 else 0)


def _wide(columns: list[str]) -> bytes:
    return (",".join([*register.COLUMNS, *columns]) + "\n" + GOOD_ROW + "," * len(columns) + "\n").encode()


@pytest.mark.parametrize(
    "raw, width, column",
    [
        (_wide([f"note{i}" for i in range(100_000)]), "100,009", "note91"),  # issue 30: 220 s to refuse
        # Near the widest a 5 MB file holds with a row, every name given many times.
        (_wide(["x"] * ((register.MAX_BYTES - 200) // 3)), f"{(register.MAX_BYTES - 200) // 3 + 9:,}", "x"),
    ],
    ids=["100k-distinct-columns", "5MB-of-repeated-columns"],
)
def test_a_header_too_wide_for_a_register_is_refused_at_once_naming_row_and_column(raw, width, column):
    """Every check is one pass and a header over MAX_COLUMNS is refused before its names are compared.
    The bound is a hundred times what it takes (0.02 s), and far below the minutes of a pairwise check."""
    started = time.process_time()
    rows, problems = register.validate(raw, WARDS, today="2026-11")
    assert time.process_time() - started < 10
    assert [(p.row, p.column) for p in problems] == [(1, column)] and rows.empty
    assert f"the header has {width} columns; a register has at most {register.MAX_COLUMNS}" in problems[0].message


def test_a_header_at_the_column_cap_is_read_and_its_repeated_names_reported():
    notes = [f"note{i}" for i in range(register.MAX_COLUMNS - len(register.COLUMNS))]
    rows, problems = register.validate(_wide(notes), WARDS, today="2026-11")
    assert problems == [] and len(rows) == 1
    _, problems = register.validate(_wide(notes[:-2] + ["status", "note0"]), WARDS, today="2026-11")
    assert [(p.row, p.column) for p in problems] == [(1, "note0"), (1, "status")]


def test_a_file_of_bad_rows_is_read_only_until_it_has_max_problems():
    raw = _csv(*["2026-13,E05015018,Library,2,5,40,3,2,published"] * 50_000)
    rows, problems = register.validate(raw, WARDS, today="2026-11")
    assert len(problems) == register.MAX_PROBLEMS + 1 and rows.empty
    assert (problems[-1].row, problems[-1].column) == (register.MAX_PROBLEMS + 2, None)
    assert "not read from here on" in problems[-1].message


def test_a_file_the_csv_module_cannot_read_is_a_message_with_its_row_not_a_traceback(monkeypatch):
    import csv

    monkeypatch.setattr(register, "FIELD_LIMIT", 1000)
    before = csv.field_size_limit(1000)
    try:
        _, problems = register.validate(_csv(GOOD_ROW, GOOD_ROW.replace("Library", "L" * 1001)), WARDS, today="2026-11")
    finally:
        csv.field_size_limit(before)
    assert [(p.row, p.column) for p in problems] == [(3, None)] and "cannot be read as CSV" in problems[0].message


def test_a_file_saved_with_carriage_return_line_ends_reads_as_rows():
    rows, problems = register.validate(GOOD.replace(b"\n", b"\r"), WARDS, today="2026-11")
    assert problems == [] and len(rows) == 3


@pytest.mark.parametrize(
    "second",
    ["The  Library", "the library", " The Library ", "The\u00a0Library", "\uff34\uff48\uff45 Library", "THE LIBRARY"],
)
def test_partner_names_differing_only_in_spacing_case_or_width_are_one_partner(second):
    raw = _csv(GOOD_ROW.replace("Library", "The Library"), GOOD_ROW.replace("Library", second))
    rows, problems = register.validate(raw, WARDS, today="2026-11")
    assert [(p.row, p.column) for p in problems] == [(3, "partner")] and "duplicate" in problems[0].message
    assert list(rows.partner) == ["The Library"]


def test_a_partner_name_is_stored_with_its_spacing_and_width_made_plain():
    rows, problems = register.validate(
        _csv(GOOD_ROW.replace("Library", "  Stockport\u3000 \uff2c\uff49brary ")), WARDS, today="2026-11"
    )
    assert problems == [] and list(rows.partner) == ["Stockport Library"]


def test_rows_after_a_cell_that_spans_lines_are_reported_at_their_own_line():
    raw = _csv(
        '2026-05,E05015018,"Library\nAnnexe",2,5,40,3,2,published',  # lines 2-3
        "2026-05,E05015018,Library,2,5,forty,3,2,published",
    )  # line 4
    _, problems = register.validate(raw, WARDS, today="2026-11")
    assert [(p.row, p.column) for p in problems] == [(2, "partner"), (4, "residents_supported")]


@pytest.mark.parametrize("name", ["NA", "null", "None", "N/A", "nan", "#N/A", "NULL"])
def test_partners_called_na_null_or_none_are_names_not_blanks(tmp_path, monkeypatch, name):
    monkeypatch.setenv("ONE_STOCKPORT_REGISTER_DIR", str(tmp_path / "register"))
    rows, problems = register.validate(_csv(GOOD_ROW.replace("Library", name)), WARDS, today="2026-11")
    assert problems == [] and list(rows.partner) == [name]
    stored = register.store(rows)
    back = register.read_rows(stored.path)
    assert list(back.partner) == [name] and register.changes(back, rows)["changed"].empty
    assert register.changes(back, rows)["added"].empty


FORMULAS = ['=HYPERLINK("http://evil.example","Library")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "=1", "|calc"]


@pytest.mark.parametrize("partner", FORMULAS)
def test_a_partner_written_as_a_formula_is_stored_inert_and_read_back_exactly(tmp_path, monkeypatch, partner):
    monkeypatch.setenv("ONE_STOCKPORT_REGISTER_DIR", str(tmp_path / "register"))
    quoted = '"' + partner.replace('"', '""') + '"'
    rows, problems = register.validate(_csv(GOOD_ROW.replace("Library", quoted)), WARDS, today="2026-11")
    assert problems == [] and list(rows.partner) == [partner]
    stored = register.store(rows)
    cell = stored.path.read_text(encoding="utf-8").splitlines()[1]
    assert ",'" + partner[:1] in cell or ",\"'" + partner[:1] in cell  # a spreadsheet shows it as text
    assert list(register.read_rows(stored.path).partner) == [partner]
    again, problems = register.validate(stored.path.read_bytes(), WARDS, today="2026-11")
    assert problems == [] and list(again.partner) == [partner]


def test_confirming_the_same_rows_twice_stores_one_version(tmp_path, monkeypatch):
    monkeypatch.setenv("ONE_STOCKPORT_REGISTER_DIR", str(tmp_path / "register"))
    rows, _ = register.validate(GOOD, WARDS, today="2026-11")
    first = register.store(rows)
    second = register.store(rows.copy())
    assert first.new and not second.new and second.id == first.id
    assert [v.id for v in register.versions()] == [first.id] and register.current_version_id() == first.id


@pytest.mark.slow
def test_a_huge_count_never_reaches_the_build(tmp_path, monkeypatch):
    folder = tmp_path / "register"
    monkeypatch.setenv("ONE_STOCKPORT_REGISTER_DIR", str(folder))
    (folder / "versions").mkdir(parents=True)
    (folder / "versions" / "v1.csv").write_bytes(_csv(f"2026-05,E05015018,Library,2,5,{2**63},3,2,published"))
    (folder / "current").write_text("v1\n")
    with pytest.raises(InputError) as info:
        build(tmp_path / "live.duckdb")
    assert (info.value.file, info.value.row, info.value.column) == ("v1.csv", 2, "residents_supported")

"""The inclusion register: row-by-row validation, changes preview, versions, restore, and the build."""
from __future__ import annotations

import pytest

from pipeline import register
from pipeline.build import build
from pipeline.errors import InputError
from pipeline.paths import DATA_DIR
from pipeline.queries import Database

WARDS = {"E05015018": "Brinnington & Stockport Central", "E05015026": "Heatons North"}
HEADER = ",".join(register.COLUMNS)


def _csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


GOOD = _csv("2026-05,E05015018,Library,2,5,40,3,2,published",
            "2026-05,Heatons North,Library,1,2,12,0,1,provisional",
            "2026-06,E05015018,Library,2,6,45,4,3,published")


def test_a_good_register_passes_and_ward_names_become_codes():
    rows, problems = register.validate(GOOD, WARDS, today="2026-11")
    assert problems == []
    assert list(rows.ward_code) == ["E05015018", "E05015026", "E05015018"]
    assert rows.residents_supported.sum() == 97


def test_every_bad_row_is_listed_with_its_row_and_column():
    raw = _csv("2026-13,E05015018,Library,2,5,40,3,2,published",      # row 2: month
               "2026-05,Narnia,Library,2,5,40,3,2,published",         # row 3: ward
               "2026-05,E05015018,Library,-1,5,4.5,3,2,published",    # row 4: two counts
               "2026-05,E05015018,,2,5,40,3,2,published",             # row 5: partner
               "2026-05,E05015018,Library,2,5,40,3,2,final",          # row 6: status
               "2026-05,E05015018,Library,2,5,40,3,2,published",      # row 7: fine
               "2026-05,E05015018,library,2,5,40,3,2,published",      # row 8: duplicate of row 7
               "2027-01,E05015018,Library,2,5,40,3,2,published",      # row 9: future
               "2026-05,E05015018,Library,2")                         # row 10: short
    rows, problems = register.validate(raw, WARDS, today="2026-11")
    found = {(p.row, p.column) for p in problems}
    assert found == {(2, "month"), (3, "ward_code"), (4, "champions_active"), (4, "residents_supported"),
                     (5, "partner"), (6, "status"), (8, "partner"), (9, "month"), (10, None)}
    assert "first on row 7" in next(p.message for p in problems if p.row == 8)
    assert len(rows) == 1


@pytest.mark.parametrize("raw, words", [
    (b"", "column is missing"),
    ("month,ward\n".encode(), "column is missing"),
    (_csv()[:-1] + b"\n", "no rows"),
    (_csv("2026-05,E05015018,Caf\xe9,2,5,40,3,2,published".replace("\xe9", "X")).replace(b"X", b"\xe9"), "not UTF-8"),
])
def test_unreadable_files_are_refused(raw, words):
    _, problems = register.validate(raw, WARDS, today="2026-11")
    assert problems and words in problems[0].message


def test_changes_lists_rows_added_changed_and_removed():
    old, _ = register.validate(GOOD, WARDS, today="2026-11")
    new, _ = register.validate(_csv("2026-05,E05015018,Library,2,5,41,3,2,published",   # changed
                                    "2026-06,E05015018,Library,2,6,45,4,3,published",   # same
                                    "2026-07,E05015018,Library,2,6,45,4,3,published"),  # added; Heatons removed
                               WARDS, today="2026-11")
    diff = register.changes(old, new)
    assert [len(diff[k]) for k in ("added", "changed", "removed")] == [1, 1, 1]
    assert diff["removed"].ward_code[0] == "E05015026" and diff["changed"].residents_supported[0] == 41


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
    assert Database(db).series("inclusion_residents_supported", ["E08000007"], "internal").value.sum() == 97 != sample_total
    with pytest.raises(FileNotFoundError):
        register.make_current("no-such-version")


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

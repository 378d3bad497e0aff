"""Area names are text, never Markdown: a hostile name reads as written and makes no link or emphasis."""

from __future__ import annotations

import re
import shutil

import duckdb
import pytest

from ui.md import md_text

HOSTILE = "**bold** [x](http://evil.example) :red[alarm] $x$ `code` <b>"
# Markdown that would act if a character were left bare: emphasis, links, colour directives, maths, code, HTML.
ACTIVE = re.compile(r"(?<!\\)[*_\[\]()`$<>#:|~!]")


@pytest.mark.parametrize(
    "name",
    [
        HOSTILE,
        "# Heading",
        "- list item",
        "1. numbered",
        "> quote",
        "a\nb",
        "&amp; entity",
        "back\\slash",
        "www.evil.example",
        ":material/warning:",
    ],
)
def test_a_name_escaped_for_markdown_has_no_bare_markup_and_reads_back_as_written(name):
    shown = md_text(name)
    assert not ACTIVE.search(shown) and "\n" not in shown
    assert re.sub(r"\\(.)", r"\1", shown) == name.replace("\n", " ")


def test_ordinary_ward_names_are_unchanged():
    assert md_text("Brinnington & Stockport Central") == "Brinnington & Stockport Central"


def test_the_ward_profile_shows_a_hostile_ward_name_escaped_in_its_title_and_notes(make_app, official_db, tmp_path):
    db = tmp_path / "hostile.duckdb"
    shutil.copy(official_db, db)
    with duckdb.connect(str(db)) as con:
        con.execute("update areas set name = ? where code = 'E05015014'", [HOSTILE])
        con.execute("update figures set area_name = ? where area_code = 'E05015014'", [HOSTILE])  # the mart's copy
    app = make_app(db, AUDIENCE="internal", TRUSTED_NETWORK="1")
    app.query_params["ward"] = "E05015014"
    app.switch_page("views/ward_profile.py").run()
    assert not app.exception
    assert app.title[0].value == f"Ward profile: {md_text(HOSTILE)}"
    markdown = [e.value for e in (*app.markdown, *app.caption)]
    assert any(md_text(HOSTILE) in v for v in markdown)
    assert not any(HOSTILE in v for v in markdown)


def test_the_inclusion_page_shows_a_facts_statement_as_text_with_only_its_source_as_a_link(
    make_app, official_db, tmp_path
):
    db = tmp_path / "hostile.duckdb"
    shutil.copy(official_db, db)
    with duckdb.connect(str(db)) as con:
        con.execute(
            "update facts set statement = ?, source_publisher = ? where fact_id = 'F043'", [HOSTILE, "[Evil](http://x)"]
        )
    app = make_app(db, AUDIENCE="internal", TRUSTED_NETWORK="1")
    app.query_params["section"] = "activity"  # the facts are listed under Programme activity
    app.switch_page("views/inclusion.py").run()
    assert not app.exception
    fact = next(e.value for e in app.markdown if md_text(HOSTILE) in e.value)
    assert fact.startswith(f"- {md_text(HOSTILE)} ([\\[Evil\\]\\(http\\://x\\)](https://")

"""Data and methods' tables in words, read without a browser from the bundled build."""

from __future__ import annotations

from pipeline.registry import load_registry
from pipeline.rules import freshness
from pipeline.store.queries import Database
from presentation import methods_tables


def test_each_table_speaks_words_and_keeps_every_row(default_db):
    db = Database(default_db)
    lists = methods_tables.indicator_lists(db.indicators())
    assert [t for t, _ in lists] and all("<li><details>" in html for _, html in lists)
    fresh = db.freshness()
    schedule = methods_tables.schedule_rows(fresh)
    assert list(schedule.columns) == [
        "Indicator",
        "Geography",
        "Latest figure held",
        "Publisher updates",
        "Next release",
    ]
    assert len(schedule) == len(fresh) and "ward" not in set(fresh.area_type) - set(schedule.Geography)
    sources = methods_tables.source_rows(db.sources())
    assert "Checksum (SHA-256)" in sources and len(sources) == len(db.sources())


def test_the_late_list_gives_the_refresh_command_to_the_data_team_only(default_db):
    late = freshness.by_source(freshness.to_refresh(load_registry(), _late(default_db)))
    assert len(late)
    public, team = methods_tables.late_rows(late, False), methods_tables.late_rows(late, True)
    assert "How to refresh" not in public and "How to refresh" in team and len(public) == len(team)


def _late(default_db):
    fresh = Database(default_db).freshness()
    return fresh.assign(out_of_date=fresh.expected_next.notna())  # every scheduled figure taken as late

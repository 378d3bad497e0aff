"""Right on any date: the same build read on the days the calendar turns on. The clock is the product's
one clock (pipeline/clock.py), moved as an operator would, by ONE_STOCKPORT_TODAY."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline import clock
from pipeline.rules import freshness, judgement as J
from pipeline.store.queries import Database
from pipeline.registry import STOCKPORT, load_registry
from presentation import tiles
from presentation.wording import release_words

REGISTRY = load_registry()
HEADLINES = [i for theme in ("connectivity", "investment", "inclusion", "context") for i in REGISTRY.overview[theme]]
# Ofcom's January 2026 figures: the next release is expected in Dec 2026 (period + 6 months + 5 months' lag);
# with the source's 60 days' grace after that month they are late from 2 Mar 2027. The projects register
# is as at Nov 2026: its review is expected in Dec 2026, late after 14 Jan 2027.
DAYS = {
    "the bundled extracts' retrieval": "2026-11-26",
    "the day Ofcom's release falls due": "2026-12-01",
    "a month after": "2027-01-05",
    "the projects register's grace ends": "2027-01-14",
    "the register is late": "2027-01-15",
    "the last day of Ofcom's grace": "2027-03-01",
    "Ofcom is late": "2027-03-02",
    "a year after": "2027-12-01",
    "several years on": "2031-06-01",
}
OFCOM_LATE_FROM, REGISTER_LATE_FROM = "2027-03-02", "2027-01-15"


@pytest.fixture(params=list(DAYS.values()), ids=list(DAYS))
def day(request, monkeypatch) -> str:
    monkeypatch.setenv(clock.ENV, request.param)
    return request.param


def _judged(db: Database) -> dict[str, J.Judgement]:
    comparators, districts = J.comparison_areas(REGISTRY)
    figures = db.judgement_figures(HEADLINES, [STOCKPORT, *comparators.values(), *districts], "internal")
    return J.assess(REGISTRY, HEADLINES, figures, db.targets(None, "internal"), db.today)


def test_the_clock_is_the_one_the_product_reads(day):
    assert clock.today() == date.fromisoformat(day) == Database("unused.duckdb").today


def test_a_release_is_late_only_after_its_month_and_its_grace(official_db, day):
    fresh = Database(official_db).freshness("internal").set_index(["indicator_id", "area_type"])
    ofcom, register = fresh.loc[("gigabit_broadband", "lad")], fresh.loc[("scheme_capital_gbp_m", "lad")]
    assert f"{ofcom.expected_next:%b %Y}" == "Dec 2026" and f"{register.expected_next:%b %Y}" == "Dec 2026"
    assert bool(ofcom.out_of_date) == (day >= OFCOM_LATE_FROM)
    assert bool(register.out_of_date) == (day >= REGISTER_LATE_FROM)  # a register as at last month is not late
    assert release_words(ofcom.expected_next, ofcom.out_of_date) == (
        "Update expected since Dec 2026" if day >= OFCOM_LATE_FROM else "Next update expected Dec 2026"
    )


def test_late_data_is_the_data_teams_list_never_a_leaders_concern(official_db, day):
    db = Database(official_db)
    found = _judged(db)
    listed = {a.judgement.indicator.id for a in J.needs_attention(list(found.values()))}
    for i, j in found.items():
        tile = tiles.judgement_tile(j, "#")
        assert not any("Update expected" in words for _, _, words in tile.lines)  # never a judgement line
        if i in listed:  # on the list for an outcome, never for lateness alone
            assert J.attention_tier(j) is not None
    # Said once per section, muted, beside its source: when late and only then.
    connectivity = [found[i] for i in REGISTRY.overview["connectivity"]]
    assert tiles.late_line(connectivity) == ("Update expected since Dec 2026" if day >= OFCOM_LATE_FROM else "")
    late = freshness.to_refresh(REGISTRY, db.freshness("internal"))
    assert set(late.indicator_id) >= {i for i, j in found.items() if j.out_of_date}
    assert late.command.str.len().gt(0).all()


def test_the_late_list_only_grows_as_the_calendar_moves(official_db):
    seen: set[str] = set()
    for when in sorted(DAYS.values()):
        now = set(
            freshness.to_refresh(
                REGISTRY, Database(official_db, today=date.fromisoformat(when)).freshness("internal")
            ).indicator_id
        )
        assert now >= seen, when
        seen = now
    assert {"gigabit_broadband", "scheme_capital_gbp_m"} <= seen


def test_a_target_date_that_has_passed_is_not_called_on_course(official_db, day):
    target = _judged(Database(official_db))["gigabit_broadband"].target  # at least 99% by Dec 2030, on Jan 2026's 94.9
    if day < "2030-12-01":
        assert target.status in (J.ON_COURSE, J.OFF_COURSE)
    else:  # the date has passed with no figure for it: not known to be missed, and never "on course"
        assert target.status == J.AWAITING


@pytest.mark.slow
def test_the_bundled_extracts_build_on_the_day_they_were_retrieved(tmp_path, raw_dir, monkeypatch):
    from pipeline.build.database import build

    monkeypatch.setenv(clock.ENV, "2026-12-05")  # the newest file (the recompiled Ofcom history) was pinned that day
    build(tmp_path / "db.duckdb", raw_dir, progress=lambda _: None)

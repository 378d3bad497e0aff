"""The overview's judgements on the bundled official data follow their rules: each expectation here is
worked out afresh from the raw figures (SQL and arithmetic), not by calling pipeline/rules/judgement.py."""

from __future__ import annotations

from datetime import date

import duckdb
import numpy as np
import pytest

from pipeline import clock
from pipeline.rules import judgement as J
from pipeline.store.queries import Database
from pipeline.registry import STOCKPORT, load_registry

REGISTRY = load_registry()
RULES = REGISTRY.judgement
HEADLINES = [i for theme in ("connectivity", "investment", "inclusion", "context") for i in REGISTRY.overview[theme]]
ENGLAND, GM = "E92000001", "E47000001"
TODAY = clock.today()  # the suite's fixed day (tests/conftest.py)


@pytest.fixture(scope="module")
def judged(default_db):
    db = Database(default_db)
    comparators, districts = J.comparison_areas(REGISTRY)
    figures = db.judgement_figures(HEADLINES, [STOCKPORT, *comparators.values(), *districts])
    found = J.assess(REGISTRY, HEADLINES, figures, db.targets(), TODAY)
    far = {
        i: J.far_wards(db.ward_gaps(i), REGISTRY.indicators[i], RULES)
        for i in HEADLINES
        if "ward" in REGISTRY.indicators[i].geographies
    }
    return found, J.needs_attention(list(found.values()), far)


@pytest.fixture(scope="module")
def raw(default_db):
    con = duckdb.connect(str(default_db), read_only=True)
    yield con
    con.close()


def _t(unit, r):
    return min(1.0, 0.1 * abs(r)) if unit.startswith("%") else 0.05 * abs(r)


def _r(i) -> float:
    """The publisher's rounding step, read from the registry's text (one step: rounding alone can make it)."""
    import re
    from pipeline.registry import REGISTRY_PATH

    block = REGISTRY_PATH.read_text(encoding="utf-8").split(f'id = "{i}"\n', 1)[1].split("[[", 1)[0]
    found = re.search(r"^published_decimals = (\d)", block, re.M)
    return 10.0 ** -int(found.group(1)) if found else 0.0


def _break(i):
    import re
    from pipeline.registry import REGISTRY_PATH

    block = REGISTRY_PATH.read_text(encoding="utf-8").split(f'id = "{i}"\n', 1)[1].split("[[", 1)[0]
    found = re.search(r'^breaks = \["(\d{4}-\d{2})"\]', block, re.M)
    return date.fromisoformat(found.group(1) + "-01") if found else None


def _judged(i):
    ind = REGISTRY.indicators[i]
    return ind.polarity != "neutral" and ind.theme != "context"


def _stockport(raw, i):
    """Stockport's figures of the latest edition since any method break, oldest first: (period, period_start, value)."""
    since = _break(i) or date(1900, 1, 1)
    return raw.execute(
        """
        with s as (select o.period, o.period_start, o.value, src.edition from observations o
                   join sources src on src.id = o.source_id where o.indicator_id = ? and o.area_code = ?)
        select period, period_start, value from s
        where edition is not distinct from (select edition from s order by period_start desc limit 1)
          and period_start >= ?
        order by period_start""",
        [i, STOCKPORT, since],
    ).fetchall()


def _worse_than(raw, i) -> list[str]:
    ind = REGISTRY.indicators[i]
    period, _, s = _stockport(raw, i)[-1]
    out = []
    for name, code in (("England", ENGLAND), ("GM", GM)):
        row = raw.execute(
            "select value from observations where indicator_id = ? and area_code = ? and period = ?", [i, code, period]
        ).fetchone()
        if row and abs(s - row[0]) > _t(ind.unit, row[0]) + _r(i) + 1e-9 and (s < row[0]) == (ind.polarity == "higher"):
            out.append(name)
    return out


def _getting_worse(raw, i) -> bool:
    ind = REGISTRY.indicators[i]
    rows = _stockport(raw, i)[-5:]
    if len(rows) < 3:
        return False
    x = np.array([d.year + (d.timetuple().tm_yday - 1) / 365.25 for _, d, _ in rows])
    y = np.array([v for _, _, v in rows])
    change = np.polyfit(x, y, 1)[0] * (x[-1] - x[0])
    return abs(change) > _t(ind.unit, y[-1]) + _r(i) + 1e-9 and (change < 0) == (ind.polarity == "higher")


def _off_course(raw, i) -> bool:
    rows = _stockport(raw, i)
    due = raw.execute(
        """select value, direction, target_date from targets where indicator_id = ? and area_code = ?
                         order by target_date >= ? desc, target_date""",
        [i, STOCKPORT, TODAY],
    ).fetchall()
    if not due or not rows:
        return False
    value, direction, by = due[0]  # the next target to come (else the first passed)
    meets = (lambda v: v >= value) if direction == "at least" else (lambda v: v <= value)
    if by < TODAY:
        return rows[-1][1] >= by and not meets(rows[-1][2])  # missed on a figure for the date
    # A percentage's gap to its ceiling closes at a steady rate: fit log(gap) over the last three years and
    # the last year; off course if either window misses (the cautious verdict).
    ceiling = 100.0 if direction == "at least" else 0.0
    last = rows[-1][1]
    years = lambda d: d.year + (d.timetuple().tm_yday - 1) / 365.25  # noqa: E731
    misses = []
    for window in (3, 1):
        recent = [(d, v) for _, d, v in rows if (last - d).days <= window * 365.25 + 1] or rows[-2:]
        x = np.array([years(d) for d, _ in recent])
        rate = np.polyfit(x, np.log([abs(v - ceiling) for _, v in recent]), 1)[0]
        projected = ceiling + (rows[-1][2] - ceiling) * np.exp(rate * (years(by) - years(last)))
        misses.append(not meets(projected))
    return any(misses)


def _late(raw, i) -> bool:
    """Past the month its update was expected plus its source's grace period, from the registry's schedule."""
    period, start, _ = _stockport(raw, i)[-1]
    ind = REGISTRY.indicators[i]
    months = ind.next_release_months
    if (
        months is None
        or raw.execute(
            "select 1 from freshness where indicator_id = ? and area_code = ? and period = ?", [i, STOCKPORT, period]
        ).fetchone()
        is None
    ):
        return False
    first_of_month_after = (np.datetime64(start, "M") + months + 1).astype("datetime64[D]").astype(object)
    grace = REGISTRY.sources[ind.source].grace_days
    return (first_of_month_after - TODAY).days + grace <= 0


def _far_wards(raw, i) -> set[str]:
    ind = REGISTRY.indicators[i]
    if not _judged(i) or ind.unit in RULES.area_totals or "ward" not in ind.geographies:
        return set()
    rows = raw.execute(
        """
        select w.area_code, w.value, b.value from observations w join areas a on a.code = w.area_code
        join observations b on b.indicator_id = w.indicator_id and b.period = w.period and b.area_code = ?
        where w.indicator_id = ? and a.type = 'ward' and a.current
          and w.period_start = (select max(o.period_start) from observations o join areas x on x.code = o.area_code
                                where o.indicator_id = ? and x.type = 'ward')""",
        [STOCKPORT, i, i],
    ).fetchall()
    concern = {"higher": lambda w, b: b - w, "lower": lambda w, b: w - b}[ind.polarity]
    return {code for code, w, b in rows if concern(w, b) > 10 * _t(ind.unit, b)}


def _expected_tier(raw, i) -> str | None:
    if not _judged(i):
        return None
    worse, worsening = _worse_than(raw, i), _getting_worse(raw, i)
    if _off_course(raw, i):
        return "off course"
    if len(worse) == 2:
        return "worse than both"
    if worse:
        return "worse than one and getting worse" if worsening else "worse than one"
    if worsening:
        return "getting worse"
    return None  # a late release is the data team's task, never a leader's concern


@pytest.mark.parametrize("tier", J.TIERS[:-1])
def test_each_needs_attention_rule_picks_exactly_the_indicators_the_raw_figures_say(judged, raw, tier):
    _, attention = judged
    listed = {a.judgement.indicator.id for a in attention if J.TIERS[a.tier] == tier}
    assert listed == {i for i in HEADLINES if _expected_tier(raw, i) == tier}


def test_late_data_is_never_a_reason_for_attention(judged, raw):
    found, attention = judged
    late = {i for i in HEADLINES if _late(raw, i)}
    assert "ev_chargers_per_100k" in late  # Apr 2026's figures: update expected Aug 2026, grace passed in Oct
    assert {i for i in HEADLINES if found[i].out_of_date} == late
    for a in attention:
        tier = J.TIERS[a.tier]
        assert tier == "wards far from the borough" or _expected_tier(raw, a.judgement.indicator.id) == tier


def test_the_ward_rule_lists_exactly_the_wards_far_from_the_borough_in_the_direction_of_concern(judged, raw):
    _, attention = judged
    listed = {
        a.judgement.indicator.id: {w.code for w in a.wards}
        for a in attention
        if J.TIERS[a.tier] == "wards far from the borough"
    }
    expected = {i: far for i in HEADLINES if (far := _far_wards(raw, i))}
    assert listed == expected and "imd_score" in expected  # Brinnington's IMD score is 65.3 against 20.8
    assert "E05015018" in expected["imd_score"]


def test_the_list_is_ordered_by_tier_then_by_gap_over_tolerance(judged):
    _, attention = judged
    keys = [(a.tier, -a.ratio) for a in attention]
    assert keys == sorted(keys)


def test_context_and_unjudged_figures_never_need_attention(judged):
    found, attention = judged
    listed = {a.judgement.indicator.id for a in attention}
    assert not listed & {i for i in HEADLINES if not _judged(i)}
    ev = found["ev_chargers_per_100k"]  # fewer chargers than England: "Lower", in context, never "Worse"
    assert ev.england.outcome == J.LOWER and not ev.judged


def test_benchmarks_on_the_real_data_follow_the_tolerance(judged, raw):
    found, _ = judged
    for i in HEADLINES:
        j = found[i]
        period, _, s = _stockport(raw, i)[-1]
        for b, code in ((j.england, ENGLAND), (j.gm, GM)):
            row = raw.execute(
                "select value from observations where indicator_id = ? and area_code = ? and period = ?",
                [i, code, period],
            ).fetchone()
            if row is None:
                assert b.outcome == J.NOT_COMPARED, (i, code)
            else:
                similar = abs(s - row[0]) <= _t(REGISTRY.indicators[i].unit, row[0]) + _r(i) + 1e-9
                assert (b.outcome == J.SIMILAR) == similar, (i, code, s, row[0])
    assert found["gigabit_broadband"].gm.outcome == J.SIMILAR  # 94.9 against 93.9: 1 point, and a 0.1 revision keeps it
    assert found["gigabit_broadband"].england.outcome == J.BETTER
    below = found["premises_below_30mbps"].gm  # 0.8 against 1.0: two of Ofcom's 0.1 steps, t = 0.1
    assert below.outcome == J.SIMILAR and below.within_rounding


def test_gm_ranks_on_the_real_data_count_ties_and_direction(judged, raw):
    found, _ = judged
    for i in ("gigabit_broadband", "coverage_5g", "premises_below_30mbps", "deri_highest_risk_pop_pct"):
        period = _stockport(raw, i)[-1][0]
        districts = J.comparison_areas(REGISTRY)[1]  # GM's ten, not every metropolitan district a file may hold
        values = dict(
            raw.execute(
                """select area_code, value from observations where indicator_id = ? and period = ?
                                     and list_contains(?, area_code)""",
                [i, period, districts],
            ).fetchall()
        )
        own = values[STOCKPORT]
        better = [v for v in values.values() if (v < own if REGISTRY.indicators[i].polarity == "lower" else v > own)]
        assert found[i].rank.position == len(better) + 1 and found[i].rank.of == 10
    assert found["coverage_5g"].rank.position == 7  # 0.02 points behind the leaders: ranked, never flagged


def test_the_gigabit_tile_reads_its_trend_step_and_target_from_the_real_data(judged):
    from presentation import verdicts as V

    g = judged[0]["gigabit_broadband"]
    assert V.trend_words(g.trend) == "Increasing and getting better"
    assert V.step_words(g.trend, "% of premises", 1) == "Up 0.5 percentage points since Jul 2025"
    # 94.9% in Jan 2026, the gap to 100% closing about a quarter a year: 98.7% by Dec 2030, short of 99%
    # (a straight line at +2.05 points a year said "on course", passing 100% in 2028).
    assert g.target.status == J.OFF_COURSE and g.target.value == 99
    assert judged[0]["coverage_4g"].target.status == J.MET
    five_g = judged[0]["coverage_5g"]  # Ofcom's 2025 method change: the trend starts at Jan 2025
    assert five_g.trend.since_break == "Jan 2025" and five_g.trend.first_label == "Jan 2025"
    assert V.trend_words(five_g.trend).endswith("since the Jan 2025 method change")
    imd = judged[0]["imd_score"]  # IoD2025 restarts the series: no trend, no step across editions
    assert imd.trend.direction == J.CANNOT and imd.trend.step is None

"""The overview's judgement rules (pipeline/rules/judgement.py, registry [judgement]) on hand-made figures."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from pipeline.rules import judgement as J
from pipeline.registry import JudgementRules, RegistryError, load_registry, parse_registry, REGISTRY_PATH
from presentation import verdicts as V

RULES = load_registry().judgement
PCT, COUNT = "% of premises", "per 100,000 population"


def series(values, start=2021, edition=None, months=6) -> pd.DataFrame:
    starts = pd.date_range(f"{start}-01-01", periods=len(values), freq=f"{months}MS")
    return pd.DataFrame(
        {"period_start": starts, "period_label": [f"{d:%b %Y}" for d in starts], "value": values, "edition": edition}
    )


def indicator(polarity="higher", unit=PCT, theme="connectivity", id="x"):
    return replace(load_registry().indicators["gigabit_broadband"], id=id, polarity=polarity, unit=unit, theme=theme)


# -- benchmark ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "s, r, polarity, unit, outcome",
    [
        (94.9, 93.9, "higher", PCT, J.SIMILAR),  # exactly t = 1.0 point: similar (tolerance edge)
        (95.0, 93.9, "higher", PCT, J.BETTER),  # just beyond t
        (92.8, 93.9, "higher", PCT, J.WORSE),
        (0.8, 1.0, "lower", PCT, J.BETTER),  # small values: t = 10% of 1.0 = 0.1, not 1 point
        (0.9, 1.0, "lower", PCT, J.SIMILAR),  # exactly 10% of R
        (105.0, 100.0, "higher", COUNT, J.SIMILAR),  # counts and rates: t = 5% of R
        (105.1, 100.0, "higher", COUNT, J.BETTER),
        (105.1, 100.0, "lower", COUNT, J.WORSE),  # polarity: lower is better
        (105.1, 100.0, "neutral", COUNT, J.HIGHER),  # no judgement: higher/lower, never better/worse
        (94.9, 100.0, "neutral", COUNT, J.LOWER),
        (50.0, None, "higher", PCT, J.NOT_COMPARED),  # no comparator figure for the period
    ],
)
def test_a_benchmark_follows_the_tolerance_and_the_polarity(s, r, polarity, unit, outcome):
    assert J.benchmark(s, r, unit, polarity, RULES).outcome == outcome


@pytest.mark.parametrize(
    "s, r, polarity, outcome, rounding",
    [
        (0.8, 1.0, "lower", J.SIMILAR, True),  # two 0.1 steps: within t (0.1) plus one step of Ofcom's rounding
        (0.7, 1.0, "lower", J.BETTER, False),  # three steps: beyond anything rounding could make
        (95.0, 93.9, "higher", J.SIMILAR, True),  # 1.1 against t = 1.0: a 0.1 revision could take it back to 1.0
        (95.1, 93.9, "higher", J.BETTER, False),
    ],
)
def test_no_verdict_rests_on_a_gap_the_publishers_rounding_could_make(s, r, polarity, outcome, rounding):
    b = J.benchmark(s, r, PCT, polarity, RULES, step=0.1)
    assert b.outcome == outcome and b.within_rounding == rounding
    if rounding:  # without the step, the same gap would have decided
        assert J.benchmark(s, r, PCT, polarity, RULES).outcome == J.BETTER


def test_a_method_break_ends_the_trend_and_the_step():
    s = series([50.0, 60.0, 70.0, 90.0, 90.2, 90.4], 2022)  # Jan 2022 … Jul 2024, a new method from Jul 2023
    broken = J.trend(s, PCT, "higher", RULES, breaks=("2023-07",))
    assert broken.since_break == "Jul 2023" and broken.first_label == "Jul 2023"
    assert broken.direction == J.NO_CLEAR_CHANGE  # 90.0 → 90.4 on the new method
    assert J.trend(s, PCT, "higher", RULES).direction == J.INCREASING  # across the break it would read as a rise
    assert list(J.comparable(s, ("2023-07",)).value) == [90.0, 90.2, 90.4]
    assert V.trend_words(broken) == "No clear change since the Jul 2023 method change"


def test_a_confidence_interval_decides_similarity_when_one_is_published():
    # R = 11.5 is 1.5 points away (beyond t = 1.0) but inside S's 95% interval: similar
    assert J.benchmark(10.0, 11.5, PCT, "higher", RULES, lci=8.0, uci=12.0).outcome == J.SIMILAR
    # R = 10.5 is within t but outside a narrow interval: the interval rules
    assert J.benchmark(10.0, 10.5, PCT, "higher", RULES, lci=9.9, uci=10.1).outcome == J.WORSE


def test_the_tolerance_is_read_from_the_registry_not_code():
    wider = JudgementRules(percentage_points=3.0, percentage_share=0.5)
    assert J.benchmark(96.0, 93.9, PCT, "higher", RULES).outcome == J.BETTER
    assert J.benchmark(96.0, 93.9, PCT, "higher", wider).outcome == J.SIMILAR


@pytest.mark.parametrize(
    "text, message",
    [
        ("percentage_points = -1", "positive number"),
        ("trend_minimum = 1", "trend_minimum"),
        ("area_totals = 3", "list of names"),
        ("no_such_rule = 1", "unknown setting"),
    ],
)
def test_a_bad_judgement_rule_in_the_registry_is_refused_by_name(text, message):
    key = text.split(" = ")[0]
    registry = REGISTRY_PATH.read_text(encoding="utf-8")
    registry = re.sub(rf"^{key} = .*$", "", registry, count=1, flags=re.M)  # the good value goes, the bad one comes in
    registry = registry.replace("[judgement]\n", f"[judgement]\n{text}\n", 1)
    with pytest.raises(RegistryError, match=message):
        parse_registry(registry)


# -- GM rank -------------------------------------------------------------------------------------
def test_a_gm_rank_shares_ties_and_counts_from_the_better_end():
    values = pd.Series({"A": 100.0, "B": 100.0, "C": 99.99, "S": 99.98, "D": 94.7})
    assert J.gm_rank(values, "S", "higher", 5) == J.Rank(4, 5, False, True)
    assert J.gm_rank(values, "A", "higher", 5) == J.Rank(1, 5, True, True)
    assert J.gm_rank(values, "D", "lower", 5) == J.Rank(1, 5, False, True)
    assert V.rank_words(J.gm_rank(values, "B", "higher", 5)) == "=1st best of 5 GM districts"
    assert V.rank_words(J.gm_rank(values, "S", "neutral", 5)) == "4th highest of 5 GM districts"


def test_no_rank_is_given_unless_every_district_publishes_the_figure():
    assert J.gm_rank(pd.Series({"A": 1.0, "S": 2.0, "B": None}), "S", "higher", 3) is None


# -- trend ----------------------------------------------------------------------------------------
def test_a_trend_needs_three_comparable_releases():
    assert J.trend(series([90.0, 92.0]), PCT, "higher", RULES).direction == J.CANNOT
    assert J.trend(series([90.0, 92.0, 94.0]), PCT, "higher", RULES).direction == J.INCREASING


def test_a_fitted_change_within_the_tolerance_is_no_clear_change():
    flat = J.trend(series([99.3, 99.3, 99.34, 99.64, 99.79, 99.98]), PCT, "higher", RULES)
    assert flat.direction == J.NO_CLEAR_CHANGE and flat.getting is None and flat.releases == 5


def test_a_trend_says_better_or_worse_by_polarity_and_uses_only_the_last_five_releases():
    rising = series([10.0, 50.0, 51.0, 52.0, 53.0, 54.0])  # the old jump from 10 is outside the five
    up = J.trend(rising, PCT, "lower", RULES)
    assert (up.direction, up.getting, up.releases, up.first_label) == (J.INCREASING, "worse", 5, "Jul 2021")
    assert up.fitted_change == pytest.approx(4.0, rel=1e-3)
    assert V.trend_words(up) == "Increasing and getting worse"
    assert V.trend_words(J.trend(rising, PCT, "neutral", RULES)) == "Increasing"


def test_a_new_edition_restarts_the_trend():
    old, new = series([30.0, 28.0, 26.0, 24.0], edition="IoD2019"), series([18.4, 18.0], 2024, edition="IoD2025")
    restarted = J.trend(pd.concat([old, new]), "score", "lower", RULES)
    assert restarted.direction == J.CANNOT and restarted.step_since == "Jan 2024"


def test_the_step_is_said_in_percentage_points_since_the_previous_release():
    t = J.trend(series([92.5, 94.2, 94.4, 94.9]), PCT, "higher", RULES)
    assert V.step_words(t, PCT, 1) == "Up 0.5 percentage points since Jan 2022"
    assert (
        V.step_words(J.trend(series([5.0, 4.0, 3.5]), COUNT, "lower", RULES), COUNT, 1)
        == "Down 0.5 per 100,000 population since Jul 2021"
    )


# -- target status ----------------------------------------------------------------------------------
def targets(value, by, direction="at least"):
    return pd.DataFrame(
        [{"value": value, "direction": direction, "target_date": by, "commitment": "c", "publisher": "p"}]
    )


@pytest.mark.parametrize(
    "values, value, by, status",
    [
        ([97.0, 98.0, 99.5], 99, "2030-12-31", J.MET),
        ([90.0, 92.0, 94.0], 99, "2030-12-31", J.ON_COURSE),  # the line reaches 99 well before 2030
        ([90.0, 90.2, 90.4], 99, "2026-12-31", J.OFF_COURSE),  # the line misses the date
        ([90.0, 92.0, 94.0], 99, "2025-12-31", J.AWAITING),  # the date has passed with no figure for it yet
        ([90.0, 92.0, 94.0], 99, "2024-12-31", J.MISSED),  # a figure after the date misses it
        ([90.0, 92.0, 99.5], 95, "2025-12-31", J.MET),  # passed and met
    ],
)
def test_target_status_is_met_on_course_or_off_course(values, value, by, status):
    got = J.target_status(series(values, 2024), targets(value, by), PCT, RULES, date(2026, 11, 26))
    assert got.status == status


def test_no_target_set_is_said_as_such():
    none = J.target_status(series([1.0, 2.0, 3.0]), targets(1, "2030-01-01").iloc[0:0], PCT, RULES, date(2026, 1, 1))
    assert none.status == J.NO_TARGET and V.target_words(none, PCT, 1) == "No target set"


def test_the_next_target_to_come_is_the_one_judged():
    both = pd.concat([targets(85, "2025-12-31"), targets(99, "2030-12-31")])
    got = J.target_status(
        series([88.0, 94.0, 97.0], 2025), both, PCT, RULES, date(2026, 11, 26)
    )  # gap halves a half-year
    assert got.value == 99 and V.target_words(got, PCT, 1) == "On course for at least 99% by Dec 2030"


# -- needs attention -----------------------------------------------------------------------------
def judgement(
    id,
    england=J.SIMILAR,
    gm=J.SIMILAR,
    getting=None,
    target=J.NO_TARGET,
    stale=False,
    ratio=1.0,
    polarity="higher",
    theme="connectivity",
):
    b = lambda o, name: J.Benchmark(o, name, 1.0, "Jan 2026", ratio)  # noqa: E731
    direction = J.INCREASING if getting else J.NO_CLEAR_CHANGE
    return J.Judgement(
        indicator(polarity, theme=theme, id=id),
        "E08000007",
        50.0,
        "Jan 2026",
        "official",
        stale,
        b(england, "England"),
        b(gm, "GM"),
        None,
        J.Trend(direction, getting, ratio=ratio),
        J.TargetStatus(target, ratio=ratio),
        judged=polarity != "neutral" and theme != "context",
    )


def test_needs_attention_orders_by_tier_then_gap_over_tolerance():
    items = J.needs_attention(
        [
            judgement("getting_worse", getting="worse", ratio=9.0),
            judgement("worse_one", england=J.WORSE, ratio=2.0),
            judgement("worse_one_more", gm=J.WORSE, ratio=5.0),
            judgement("worse_both", england=J.WORSE, gm=J.WORSE),
            judgement("worse_one_worsening", england=J.WORSE, getting="worse"),
            judgement("off_course", target=J.OFF_COURSE),
            judgement("stale", stale=True),
            judgement("fine", england=J.BETTER, getting="better"),
            judgement("neutral", england=J.HIGHER, polarity="neutral"),
            judgement("context", england=J.WORSE, theme="context"),
        ]
    )
    # A late release ("stale") is the data team's task, never a reason for a leader's attention.
    assert [a.judgement.indicator.id for a in items] == [
        "off_course",
        "worse_both",
        "worse_one_worsening",
        "worse_one_more",
        "worse_one",
        "getting_worse",
    ]
    assert [J.TIERS[a.tier] for a in items][:3] == ["off course", "worse than both", "worse than one and getting worse"]


def test_wards_far_from_the_borough_count_only_in_the_direction_of_concern():
    gaps = pd.DataFrame(
        {
            "area_code": ["W1", "W2", "W3"],
            "area_name": ["High", "Low", "Near"],
            "value": [45.0, 5.0, 25.0],
            "borough_value": [20.0, 20.0, 20.0],
            "period_label": "2019",
        }
    )
    score = indicator("lower", unit="score", theme="inclusion")
    far = J.far_wards(gaps, score, RULES)  # t = 1.0; far is more than 10 × t above (lower is better)
    assert [w.name for w in far] == ["High"]
    assert J.far_wards(gaps, indicator("neutral", unit="score"), RULES) == []
    assert J.far_wards(gaps, indicator("lower", unit="homes"), RULES) == []  # a ward total is never compared
    item = J.needs_attention([judgement("x", polarity="lower")], {"x": far})[0]
    assert J.TIERS[item.tier] == "wards far from the borough"
    assert "far worse than the borough" in V.attention_reason(item)


def test_with_nothing_to_flag_the_list_is_empty():
    assert J.needs_attention([judgement("fine", england=J.BETTER, gm=J.SIMILAR)]) == []


# -- a ward beside the borough ----------------------------------------------------------------------
def test_a_ward_is_judged_against_the_borough_unless_its_figure_is_a_ward_total():
    imd = load_registry().indicators["imd_score"]
    assert J.ward_beside_borough(65.3, 20.8, imd, RULES).outcome == J.WORSE  # lower is better
    older = load_registry().indicators["age_65plus_pct"]
    assert J.ward_beside_borough(11.2, 20.1, older, RULES).outcome == J.LOWER  # no judgement on age
    assert J.ward_beside_borough(635.0, 780.0, load_registry().indicators["scheme_capital_gbp_m"], RULES) is None


def test_the_direction_of_concern_for_a_ward_gap_follows_the_risk_index_then_polarity():
    registry = load_registry()
    assert J.concern_direction(registry.indicators["age_65plus_pct"], registry) == "higher"  # risk_when = higher
    assert J.concern_direction(registry.indicators["gigabit_broadband"], registry) == "lower"
    assert J.concern_direction(registry.indicators["imd_score"], registry) == "higher"


def test_an_attention_item_says_by_how_much():  # the comparator's figure; a target's goal beside the figure
    from presentation import verdicts as V

    worse_gm = J.Benchmark(J.WORSE, "GM", 95.2, "Jan 2026", 2.0)
    j = judgement("x", gm=J.WORSE)
    j = J.Judgement(
        j.indicator,
        j.area_code,
        93.0,
        "Jan 2026",
        "official",
        False,
        j.england,
        worse_gm,
        None,
        j.trend,
        J.TargetStatus(J.OFF_COURSE, 99.0, "at least", date(2030, 12, 31), ratio=1.0, projected=98.7),
        judged=True,
    )
    off = J.Attention(J.TIERS.index("off course"), j, 1.0)
    assert V.attention_reason(off) == "Off course for at least 99% by Dec 2030"  # its figure is beside it
    one = J.Attention(J.TIERS.index("worse than one"), j, 2.0)
    assert V.attention_reason(one) == "Worse than GM (95.2%)"

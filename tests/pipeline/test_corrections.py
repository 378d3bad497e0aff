"""Issue 15's corrections to figures shown wrong or mislabelled, checked on the official build."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.rules import risk_index
from pipeline.store.queries import Database
from pipeline.registry import load_registry
from presentation.wording import fmt, source_text

REGISTRY = load_registry()
DERI = [i for i in REGISTRY.indicators.values() if i.source == "gmca_deri"]
OWN_INDEX = [REGISTRY.indicators[REGISTRY.risk.indicator], REGISTRY.indicators[REGISTRY.risk.decile_indicator]]


# -- two "highest exclusion risk" figures, each named by its index ------------------------------


@pytest.mark.parametrize("indicator", DERI, ids=lambda i: i.id)
def test_gmcas_index_figures_are_named_as_gm_deri_in_title_and_short_label(indicator):
    assert "GM DERI" in indicator.title and "Great Britain" in indicator.title
    assert indicator.short.startswith("GM DERI")


@pytest.mark.parametrize("indicator", OWN_INDEX, ids=lambda i: i.id)
def test_the_projects_own_index_figures_are_named_as_one_stockports_in_title_and_short_label(indicator):
    assert indicator.title.startswith("One Stockport") and indicator.short.startswith("One Stockport")
    assert "DERI" not in indicator.short


def test_no_two_indicators_share_a_short_label():
    shorts = [i.short for i in REGISTRY.indicators.values()]
    assert len(shorts) == len(set(shorts))


# -- exclusion-risk attribution and one rounding -------------------------------------------------


@pytest.mark.parametrize(
    "weights",
    [
        {"a": 30, "b": 20, "c": 20, "d": 15, "e": 15},
        {"a": 1, "b": 1, "c": 1},
        {"a": 5, "b": 5, "c": 5, "d": 5, "e": 5, "f": 5, "g": 5},
        {"a": 50, "b": 5, "c": 5},
    ],
    ids=["defaults", "thirds", "sevenths", "uneven"],
)
def test_weight_shares_have_one_decimal_and_add_up_to_exactly_100(weights):
    shares = risk_index.weight_shares(weights)
    assert round(sum(shares.values()), 6) == 100
    assert all(round(v, 1) == v for v in shares.values())
    total = sum(weights.values())
    assert all(abs(shares[k] - 100 * w / total) < 0.1 for k, w in weights.items())


def test_the_risk_scores_source_line_names_census_2021_and_iod2019_with_their_shares(official_db):
    db = Database(official_db)
    values = db.latest_values("exclusion_risk_score", "ward")
    line = source_text(db.sources(), values.source_id)
    assert "Census 2021" in line and "English Indices of Deprivation 2019" in line
    assert "residents aged 65+: 30% of the weight" in line
    assert (
        "income deprivation, education and skills deprivation, health deprivation and disability, "
        "employment deprivation: 70% of the weight"
    ) in line
    attribution = db.sources().set_index("id").attribution[risk_index.SOURCE_ID]
    assert "Office for National Statistics" in attribution and "Ministry of Housing" in attribution


def test_the_builds_note_uses_the_same_rounded_shares_as_the_page(official_db):
    db = Database(official_db)
    result = risk_index.score(db.risk_inputs(), REGISTRY.risk)
    notes = set(db.observations("exclusion_risk_score").note)
    assert notes == {f"Index v{REGISTRY.risk.version}, default weights: {risk_index.shares_text(result)}"}
    assert "residents aged 65+ 30%, income deprivation 20%" in risk_index.shares_text(result)


def test_a_share_of_a_third_reads_the_same_in_parts_and_totals(official_db):
    db = Database(official_db)
    thirds = {"age": 10, "income": 10, "education": 10, "health": 0, "employment": 0}
    result = risk_index.score(db.risk_inputs(), REGISTRY.risk, thirds)
    assert risk_index.shares_text(result) == (
        "residents aged 65+ 33.4%, income deprivation 33.3%, education and skills deprivation 33.3%"
    )
    assert "(income deprivation, education and skills deprivation: 66.6% of the weight)" in risk_index.attribution(
        result, REGISTRY
    )


# -- residents supported: a rate whose denominator counts the same people ------------------------


def test_residents_supported_are_a_rate_per_1000_residents_not_per_1000_aged_65_plus(official_db):
    db = Database(official_db)
    residents = db.latest_values("population", "ward")
    rates = db.ward_reach(12, "internal").set_index("area_code")
    population = residents.set_index("area_code").value
    assert len(rates) == 21 and "supported_per_1000_aged_65plus" not in rates.columns
    for code, row in rates.iterrows():
        assert row.residents_census_2021 == population[code]
        assert row.supported_per_1000_residents == round(1000 * row.value / population[code], 1)


# -- ranks ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rank, areas, tied, value, indicator, shown",
    [
        (3, 21, 1, 2.0, None, "3 of 21"),
        (3, 21, 2, 2.0, None, "=3 of 21"),
        (10, 21, 12, 0.0, "lsoas_most_deprived_decile", "=10 of 21"),
        (3, 21, 19, 0.0, "scheme_capital_gbp_m", "no schemes"),
        (1, 21, 1, 635.0, "scheme_capital_gbp_m", "1 of 21"),
        (2, 21, 20, 0.0, "scheme_homes", "no homes in schemes"),
        (None, 21, 1, None, None, "—"),
    ],
    ids=["alone", "tied", "tied-zero-counts", "no-schemes", "with-schemes", "no-scheme-homes", "no-figure"],
)
def test_ranks_read_as_standard_competition_ranking_with_words_for_nothing_to_rank(
    rank, areas, tied, value, indicator, shown
):
    from presentation.wording import rank_text

    assert rank_text(rank, areas, tied, value, indicator) == shown


def test_the_ward_profile_query_gives_what_the_rank_words_need(official_db):
    from presentation.wording import borough_text, rank_text

    profile = Database(official_db).ward_profile("E05015016").set_index("indicator_id")  # Bredbury & Woodley
    shown = {i: rank_text(r["rank"], r.wards, r.tied, r.value, i) for i, r in profile.iterrows()}
    assert shown["lsoas_most_deprived_decile"] == "=3 of 21"  # 2 LSOAs, as Offerton
    assert shown["scheme_capital_gbp_m"] == "no schemes"
    assert shown["exclusion_risk_score"] == "3 of 21"
    risk = profile.loc["exclusion_risk_score"]
    assert (
        borough_text(risk.borough_value, risk.unit, int(risk.decimals), "exclusion_risk_score")
        == "not applicable (scored within Stockport)"
    )
    imd = profile.loc["imd_score"]
    assert borough_text(imd.borough_value, imd.unit, int(imd.decimals), "imd_score") == "20.8"


def test_map_tooltips_say_no_schemes_rather_than_a_rank(official_db):
    from presentation.wording import ranks_in

    values = Database(official_db).latest_values("scheme_capital_gbp_m", "ward")
    shown = dict(zip(values.area_name, ranks_in(values, "scheme_capital_gbp_m")))
    assert shown["Brinnington & Stockport Central"] == "1 of 21" and shown["Edgeley"] == "2 of 21"
    assert shown["Offerton"] == "no schemes" and list(shown.values()).count("no schemes") == 19


# -- editions that are not comparable -------------------------------------------------------------


def test_every_indices_of_deprivation_source_declares_its_edition():
    editions = {s.id: s.edition for s in REGISTRY.sources.values() if s.id.startswith(("iod", "mysociety"))}
    assert editions == {
        "iod2019_file1": "IoD2019",
        "iod2019_file2": "IoD2019",
        "iod2019_file6": "IoD2019",
        "iod2019_lad": "IoD2019",
        "iod2025_lad": "IoD2025",
        "mysociety_imd": "IoD2019",
    }


def test_the_headline_shows_no_change_between_iod2025_and_iod2019_and_says_why(official_db):
    from presentation.wording import change_words

    headline = Database(official_db).headline().set_index("indicator_id")
    imd = headline.loc["imd_score"]
    assert (imd.period, imd.edition, imd.not_comparable_with) == ("2025", "IoD2025", "IoD2019")
    assert pd.isna(imd.change) and pd.isna(imd.previous_value)
    delta, note = change_words(imd.to_dict())
    assert delta is None and note.startswith("IoD2025: not comparable with IoD2019")
    gigabit = change_words(headline.loc["gigabit_broadband"].to_dict())
    assert gigabit == ("+0.5 since Jul 2025", None)  # one continuous series: its change is still shown


def test_a_headline_from_an_edition_is_labelled_with_that_editions_vintage(official_db):
    """The IoD2025 borough score was captioned with the indicator's IoD2019 vintage."""
    headline = Database(official_db).headline().set_index("indicator_id")
    assert headline.vintage["imd_score"].startswith("IoD2025") and "IoD2019" not in headline.vintage["imd_score"]
    assert headline.vintage["lsoas_most_deprived_decile"].startswith("IoD2019")
    assert headline.vintage["gigabit_broadband"] == load_registry().indicators["gigabit_broadband"].vintage


def test_a_trend_joins_only_figures_of_the_latest_edition(official_db):
    from presentation.wording import left_out_note

    db = Database(official_db)
    imd = db.trend("imd_score", ["E08000007"])
    assert list(imd.period) == ["2025"] and set(imd.left_out) == {"IoD2019"}
    assert left_out_note(imd).startswith("IoD2025 figures only: IoD2019 figures are not comparable")
    gigabit = db.trend("gigabit_broadband", ["E08000007", "E92000001"])
    assert len(gigabit) == len(db.series("gigabit_broadband", ["E08000007", "E92000001"]))
    assert left_out_note(gigabit) is None


# -- town-centre schemes -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def projects(official_db):
    return Database(official_db).projects().set_index("name", drop=False)


@pytest.mark.parametrize(
    "name, shown",
    [
        ("Stockport Exchange", "On site when last reported (2020); status not confirmed since 2020"),
        ("Weir Mill", "On site when last reported (2020); status not confirmed since 2020"),
        ("Merseyway", "On site when last reported (2019); status not confirmed since 2019"),
        ("Stockport 8", "Approved (as reported Aug 2025)"),
        ("Stockport Interchange", "Complete (as reported Mar 2024)"),
    ],
)
def test_every_scheme_status_carries_the_date_of_the_report_behind_it(projects, name, shown):
    from presentation.schemes import status_text

    assert status_text(projects.loc[name]) == shown


def test_every_status_traces_to_a_dated_fact_of_its_own_scheme(official_db, projects):
    facts = Database(official_db).facts().set_index("fact_id")
    for p in projects.itertuples():
        assert p.status_fact in p.fact_ids.split(";")
        fact = facts.loc[p.status_fact]
        assert any(isinstance(d, str) and d.startswith(p.status_reported) for d in (fact.source_date, fact.period)), (
            p.name
        )


@pytest.mark.parametrize(
    "name, shown",
    [
        ("Stockport Exchange", "£145m (whole-scheme value under the outline consent)"),
        ("Merseyway", "£40m (planned refurbishment budget)"),
        ("Stockport 8", "£350m (value at planning approval)"),
        ("Town Centre West (Stockport MDC)", "not reported"),
    ],
)
def test_capital_figures_say_what_kind_of_figure_they_are(projects, name, shown):
    from presentation.schemes import capital_text

    assert capital_text(projects.loc[name]) == shown


def test_outline_floorspace_says_it_is_an_outline_consent(projects):
    from presentation.schemes import floorspace_text

    assert floorspace_text(projects.loc["Stockport Exchange"]) == "375,000 sq ft (offices under the outline consent)"


def test_partners_are_counted_under_one_name_each(projects):
    from presentation.schemes import partner_counts

    counted = partner_counts(projects.reset_index(drop=True)).set_index("partner").schemes
    assert counted["Stockport Council"] == 5  # Interchange, Stockport 8, Redrock, Exchange, Merseyway
    assert [p for p in counted.index if "Stockport Council" in p] == ["Stockport Council"]
    assert counted["Homes England"] == 1 and "Homes England (£7m)" not in counted.index


def test_a_partner_alias_named_twice_is_refused():
    from pipeline.registry import RegistryError, parse_registry
    from pipeline.registry import REGISTRY_PATH

    text = (
        REGISTRY_PATH.read_text(encoding="utf-8")
        + '\n[[partner_alias]]\nnamed = "Muse Developments"\npartners = ["Muse"]\n'
    )
    with pytest.raises(RegistryError, match="partner_alias Muse Developments: defined twice"):
        parse_registry(text)


def test_tiles_timeline_and_register_count_the_same_schemes_and_programmes_apart(projects):
    from presentation.schemes import counts, counts_text, timeline

    frame = projects.reset_index(drop=True)
    assert counts(frame) == {"schemes": 6, "programmes": 3} and counts_text(frame) == "6 schemes and 3 programmes"
    shown = timeline(frame)
    assert len(shown) == len(frame) and set(shown.project_id) == set(frame.project_id)
    assert list(shown.kind) == ["scheme"] * 6 + ["programme"] * 3
    redrock = shown.set_index("name").loc["Redrock"]
    assert redrock.start_text == "not reported" and redrock.completion_text == "Nov 2017"
    weir_mill, stockport_8 = shown.set_index("name").loc["Weir Mill"], shown.set_index("name").loc["Stockport 8"]
    assert (
        weir_mill.completion_text == "due 2024 (not confirmed)" and not weir_mill.complete
    )  # on site when last reported
    assert stockport_8.start_text == "planned Q1 2026"
    words = " ".join(shown.start_text) + " ".join(shown.completion_text) + " ".join(shown.status_shown)
    assert "nan" not in words.lower().split()


REGISTER_ROW = (
    "P90,Test scheme,scheme,E05015018,53.41,-2.16,Somewhere,On site,{fact},{reported},10,{basis},note,"
    "Stockport Council,,,,,,2020,,A test,F028,https://example.org/a\n"
)


@pytest.mark.parametrize(
    "fact, reported, basis, column",
    [
        ("", "2020", "budget", "status_fact"),
        ("F001", "2020", "budget", "status_fact"),  # not one of the row's fact_ids
        ("F028", "", "budget", "status_reported"),
        ("F028", "2023", "budget", "status_reported"),  # not the date of fact F028
        ("F028", "2020", "", "capital_basis"),
    ],
    ids=["no-status-fact", "fact-of-another-scheme", "no-status-date", "date-not-the-facts", "capital-without-basis"],
)
def test_a_register_row_whose_status_or_figure_does_not_trace_is_refused_naming_row_and_column(
    tmp_path, raw_dir, fact, reported, basis, column
):
    import duckdb

    from pipeline.errors import InputError
    from pipeline.store.schema import create_staging
    from pipeline.ingest.sources import ADAPTERS
    from pipeline.ingest.sources.context import Context

    con = duckdb.connect()
    create_staging(con)
    ctx = Context(REGISTRY, con)
    facts = REGISTRY.sources["regeneration_facts"]
    ADAPTERS["regeneration_facts"](con, raw_dir / facts.file, facts, ctx)
    for s in ("ons_wards_2023",):
        ADAPTERS[REGISTRY.sources[s].adapter](con, raw_dir / REGISTRY.sources[s].file, REGISTRY.sources[s], ctx)
    from pipeline.paths import DATA_DIR

    header = (DATA_DIR / "projects_register.csv").read_text(encoding="utf-8").splitlines()[0]
    path = tmp_path / "projects_register.csv"
    path.write_text(header + "\n" + REGISTER_ROW.format(fact=fact, reported=reported, basis=basis), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        ADAPTERS["projects_register"](con, path, REGISTRY.sources["projects_register"], ctx)
    assert caught.value.column == column and caught.value.row == 2 and "projects_register.csv" in str(caught.value)


def test_the_stored_risk_score_is_the_unrounded_score_and_pages_round_it_once_as_they_show_it(official_db):
    db = Database(official_db)
    result = risk_index.score(db.risk_inputs(), REGISTRY.risk)
    stored = db.latest_values("exclusion_risk_score", "ward").set_index("area_code").value
    for ward in result.wards.itertuples():
        assert stored[ward.ward_code] == pytest.approx(ward.score, abs=1e-9)  # full precision (issue 27)
    # Brinnington & Stockport Central: 70.054…, once stored as 70.05 and shown 70.0.
    assert fmt(stored["E05015018"], "score") == "70.1"


def test_the_risk_indexs_indicators_name_the_index_as_their_source_everywhere(official_db):
    """Data and methods and the freshness list read the indicator's source: it is the index (naming every
    input's publisher), not the Census file that happens to be its first input."""
    db = Database(official_db)
    indicators = db.indicators("internal").set_index("id")
    fresh = db.freshness("internal").set_index("indicator_id")
    for indicator in ("exclusion_risk_score", "exclusion_risk_decile"):
        for publisher in (indicators.publisher[indicator], *fresh.loc[[indicator], "publisher"]):
            assert publisher.startswith("One Stockport, from ")
            assert "Census 2021" in publisher and "Indices of Deprivation 2019" in publisher

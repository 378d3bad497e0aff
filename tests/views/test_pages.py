"""Page logic with Streamlit's AppTest: widgets set, figures checked against the database.

AppTest cannot see inside Plotly or pydeck elements; the browser tests cover what they draw. Maps arrive
as SVG in Markdown (`svg_maps`), which AppTest can read.
"""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st

from ui import state
from ui.md import md_text


def svg_maps(app) -> list[str]:
    """The server-drawn SVG maps of the page last run."""
    return [m.value for m in app.markdown if m.value.startswith("<svg") and 'class="os-map"' in m.value]


ROOT = Path(__file__).resolve().parents[2]
PAGES = [
    "views/overview.py",
    "views/ward_profile.py",
    "views/connectivity.py",
    "views/investment.py",
    "views/inclusion.py",
    "views/exclusion_risk.py",
    "views/data_methods.py",
]


@pytest.fixture()
def app(make_app, default_db):
    return make_app(default_db, AUDIENCE="internal", TRUSTED_NETWORK="1")  # officers' view, on a trusted network


@pytest.fixture()
def private_app(make_app, default_db):
    """The officers' view on a database of its own, for a test that writes to it or has the app rebuild it."""
    return make_app(default_db, private=True, AUDIENCE="internal", TRUSTED_NETWORK="1")


def _ward_pickers(app) -> list:
    return [s for s in app.selectbox if s.key == state.WARD_KEY]


def _ward_picker(app):
    """The shared "Ward" picker, drawn in the page above every page's content (not a sidebar)."""
    [picker] = _ward_pickers(app)
    assert picker.label == "Ward" and not app.sidebar.selectbox
    return picker


def _first_column(html_table: str) -> list[str]:
    """The first cell of each body row of an HTML table, unescaped."""
    import html
    import re

    body = html_table.split("<tbody>", 1)[1]
    return [
        html.unescape(re.search(r"<td[^>]*>(.*?)</td>", row).group(1)) for row in re.findall(r"<tr>(.*?)</tr>", body)
    ]


def _embed_codes(at) -> list[str]:
    """The embed snippets on the page, as a person copying them would get them (unescaped)."""
    return [
        html.unescape(code)
        for m in at.markdown
        for code in re.findall(r'<div class="os-code"[^>]*>(.*?)</div>', m.value)
    ]


def _html_table(at, caption: str) -> pd.DataFrame:
    """The data table (ui.charts.data_table) whose caption contains `caption`, read back as text cells."""
    for m in at.markdown:  # drawn on its own, or folded (ui/page_style.folded)
        found = re.search(r"<caption>(.*?)</caption>", m.value)
        if '<div class="os-table' in m.value and found and caption in html.unescape(found.group(1)):
            cells = lambda row, tag: [html.unescape(c) for c in re.findall(rf"<{tag}[^>]*>(.*?)</{tag}>", row)]  # noqa: E731
            head = cells(re.search(r"<thead>(.*?)</thead>", m.value, re.S).group(1), "th")
            body = re.search(r"<tbody>(.*?)</tbody>", m.value, re.S).group(1)
            return pd.DataFrame([cells(r, "td") for r in re.findall(r"<tr>(.*?)</tr>", body)], columns=head)
    raise AssertionError(f"no table captioned {caption!r}")


def _texts(at) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.caption] + [e.value for e in at.title]
    parts += [e.value for e in at.info] + [e.value for e in at.warning] + [e.value for e in at.subheader]
    parts += [e.value for e in at.header]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_without_exception(app, page):
    app.run()
    app.switch_page(page).run()
    assert not app.exception, app.exception
    assert app.title, "each page has a title"


def _tiles(at) -> dict[str, str]:
    """The overview's tiles by label: each tile's one accessible name, which reads every line."""
    import html
    import re

    names = [
        html.unescape(n)
        for m in at.markdown
        for n in re.findall(r'class="os-tile" role="group" aria-label="([^"]*)"', m.value)
    ]
    return {n.split(":")[0]: n for n in names}


def test_overview_tiles_match_the_database_and_the_judgement_rules(app):
    app.run()
    headline = app.db.headline().set_index("indicator_id")
    tiles = _tiles(app)
    assert f"{headline.value['gigabit_broadband']:.1f}%" == "94.9%"
    assert tiles["Gigabit broadband"] == (
        "Gigabit broadband: 94.9%, Jan 2026. Better than England (88.4%). Similar to GM (93.9%) · 5th best of 10 GM "
        "districts. Increasing and getting better · Up 0.5 percentage points since Jul 2025. Off course for at least "
        "99% by Dec 2030"
    )  # the gap to 100% closes about a quarter a year: 98.7% by Dec 2030 (docs/judgement.md)
    assert tiles["Aged 65+"].startswith("Aged 65+: 20.1%, 2021") and "better" not in tiles["Aged 65+"]
    assert tiles["Scheme capital value"].startswith("Scheme capital value: £780m")
    assert "Source: Ofcom, via ONS Explore Local Statistics" in _texts(app)
    assert not app.metric and not app.get("plotly_chart")  # tiles are HTML; no chart on the overview


def test_the_overview_benchmarks_connectivity_against_similar_councils_one_click_from_who_they_are(app):
    import html
    from pipeline.rules import similar
    from pipeline.registry import load_registry

    app.run()
    text = html.unescape(_texts(app))
    # Worked out afresh: each connectivity headline's Stockport figure against the members' median
    # (ONS Explore Local Statistics' 20 nearest neighbours), by the same rule as every benchmark.
    registry = load_registry()
    found = similar.group_benchmarks(app.db, registry, list(registry.overview["connectivity"]))
    outcomes = [found[i].benchmark.outcome for i in registry.overview["connectivity"]]
    assert len(outcomes) == 4 and "not compared" not in outcomes
    said = ", ".join(
        f"{o} on {outcomes.count(o)}" + (" of 4" if n == 0 else "")
        for n, o in enumerate(o for o in ("better", "similar", "worse") if o in outcomes)
    )
    assert f"Against 20 similar councils: {said}" in text
    assert 'href="/connectivity?section=similar"' in text and "who they are ›" in text


def test_overview_says_what_needs_attention_with_a_link_to_the_view_that_explains_it(app):
    app.run()
    text = _texts(app)
    assert "Needs attention (2)" in text
    assert "Gigabit broadband</b> 94.9% (Jan 2026): Off course for at least 99% by Dec 2030" in text
    # the wards' period only: the borough's IoD2025 figure beside IoD2019 wards would mix editions
    assert "IMD score</b>: 4 wards far worse than the borough&#39;s 20.8 (2019)" in text
    assert "18.4 (2025): 4 wards" not in text
    assert 'href="/ward_profile?ward=E05015018&amp;indicator=imd_score"' in text
    assert "Connectivity</dt><dd>Better than England on 3 of 4, similar on 1; 1 of 2 targets met or on course" in text


def test_choosing_a_ward_shows_it_beside_stockport_on_the_overview(app):
    app.run()
    assert not any("Brinnington" in t for t in _tiles(app).values())
    _ward_picker(app).set_value("E05015018").run()
    tiles = _tiles(app)
    # the ward's IoD2019 score beside the borough's IoD2019 one, both named: the tile's own figure is IoD2025
    imd = tiles["IMD score"]
    assert "Brinnington & Stockport Central: 65.3 (IoD2019). Worse than Stockport's IoD2019 score (20.8)" in imd
    assert imd.startswith("IMD score: 18.4 average score, IoD2025") and "(2019)" not in imd
    assert "Brinnington & Stockport Central: 11.2% (2021). Lower than Stockport (20.1%)" in tiles["Aged 65+"]
    import html

    text = html.unescape(_texts(app))
    assert "Brinnington & Stockport Central: no ward figures are published for these; Stockport shown." in text
    assert "**Brinnington & Stockport Central** shown beside Stockport where ward figures exist" in text


def _iod_summary(edition: str) -> pd.Series:
    """Stockport's IMD row of a bundled IoD local-authority summary, read straight from the file."""
    raw = pd.read_csv(ROOT / "data" / "default" / f"stockport_{edition.lower()}_lad_summary.csv")
    return raw[raw.index_domain == "Index of Multiple Deprivation"].iloc[0]


def test_the_overview_states_stockports_national_deprivation_position_naming_each_edition(app):
    import math

    app.run()
    imd = _tiles(app)["IMD score"]
    new, old = _iod_summary("IoD2025"), _iod_summary("IoD2019")
    assert (new.rank_average_score, old.rank_average_score) == (158, 130)
    # 296 local authorities in IoD2025 (2024 boundaries), 317 in IoD2019; decile = the tenth the rank falls in
    assert (math.ceil(158 * 10 / 296), math.ceil(130 * 10 / 317)) == (6, 5)
    assert imd == (
        "IMD score: 18.4 average score, IoD2025. Ranked 158th most deprived of 296 local authorities in "
        "England on average score (decile 6 of 10). IoD2019: 130th of 317 (decile 5), score 20.8. "
        "No target set"
    )
    assert f"{new.average_score:.1f}" == "18.4" and f"{old.average_score:.1f}" == "20.8"
    text = html.unescape(_texts(app))
    assert "Only Stockport's row of the summaries is bundled, so Greater Manchester's districts are not ranked" in text
    assert "IoD2025 (30 October 2025), LAD 2024" in text  # the rank's source, under the inclusion tiles


def _summary(at) -> str:
    """The overview's inclusion outcomes, risk and reach, as text."""
    [block] = [m.value for m in at.markdown if 'class="os-summary"' in m.value]
    return html.unescape(re.sub(r"<[^>]+>", " ", block.split('class="os-summary"', 1)[1]))


def test_the_overview_gives_inclusion_outcomes_with_age_and_source_beside_risk_and_reach(app):
    app.run()
    text = html.unescape(_texts(app))
    assert "Inclusion</dt><dd>13% never go online, 28% make limited use (Digital Stockport, c.2018)" in text
    assert " of 1 compared" not in text and "Better than GM on" not in text  # no comparison arithmetic for a leader
    facts = app.db.facts("Digital inclusion").set_index("metric")
    assert (facts.value["adults_offline"], facts.value["adults_limited_internet_use"]) == ("13", "28")
    summary = " ".join(_summary(app).split())
    assert (
        "Outcomes 13% of Stockport's residents never go online and 28% make only limited use of it. Source: "
        "Stockport Council (Digital Stockport), c.2018, about 8 years old"
    ) in summary  # the clock: 2026
    assert (
        "Risk 5.7% of residents live in the highest-risk tenth of GM's Digital Exclusion Risk Index, DERI v1.6 "
        "(November 2022), 2nd best of 10 GM districts"
    ) in summary
    assert "the highest-risk ward is Brinnington & Stockport Central, 70.1 of 100" in summary
    assert "8,425 people supported in the first two years (target 5,000). Source: Marketing Stockport, 2020" in summary
    register = app.db.series("inclusion_residents_supported", ["E08000007"], "internal").tail(12)
    assert f"Register (officers only): {register.value.sum():,.0f} residents supported, Aug 2025 to Jul 2026" in summary
    assert "SAMPLE data from the shipped register" in summary


def test_a_public_reader_of_the_overview_sees_no_register_figure(make_app, default_db):
    at = make_app(default_db, AUDIENCE="public").run()
    assert not at.exception
    summary = " ".join(_summary(at).split())
    internal = at.db.series("inclusion_residents_supported", ["E08000007"], "internal").tail(12).value.sum()
    assert "8,425 people supported" in summary and "13% of Stockport's residents never go online" in summary
    assert "Register" not in summary and "SAMPLE" not in summary and f"{internal:,.0f}" not in _texts(at)


def test_choosing_a_ward_puts_it_in_the_url_and_keeps_it_across_pages(app):
    app.run()
    _ward_picker(app).set_value("E05015018").run()
    assert app.query_params["ward"] == "E05015018"
    app.switch_page("views/ward_profile.py").run()
    assert app.title[0].value == "Ward profile: Brinnington & Stockport Central"
    assert app.query_params["ward"] == "E05015018"
    profile = _html_table(app, "with its rank among the 21 wards").set_index("Indicator")
    expected = app.db.ward_profile("E05015018").set_index("short")
    assert profile.loc["IMD score", "Rank"] == f"{int(expected['rank']['IMD score'])} of 21" == "1 of 21"
    assert profile.loc["Aged 65+", "Brinnington & Stockport Central"] == "11.2%"


def test_a_shared_url_opens_the_same_view(app):
    app.query_params["ward"] = "E05015026"
    app.query_params["indicator"] = "imd_score"
    app.switch_page("views/ward_profile.py").run()
    assert app.title[0].value == "Ward profile: Heatons North"
    assert app.selectbox(key="profile-indicator").value == "imd_score"


@pytest.mark.parametrize("bad", ["E05999999", "<script>alert(1)</script>", "' OR 1=1 --", "x" * 5000])
def test_unknown_ward_in_url_gives_a_friendly_note_and_the_default_view(app, bad):
    app.query_params["ward"] = bad
    app.run()
    assert not app.exception
    assert any("No Stockport ward matches" in i.value for i in app.info)
    assert _ward_picker(app).value == ""
    assert "<script>" not in _texts(app)


def test_unknown_indicator_in_url_falls_back(app):
    app.query_params["indicator"] = "no_such_indicator"
    app.switch_page("views/connectivity.py").run()
    assert not app.exception
    assert any("No connectivity indicator matches" in i.value for i in app.info)
    assert app.selectbox(key="connectivity-indicator").value == "gigabit_broadband"


def test_sample_figures_are_flagged(app):
    app.query_params["ward"] = "E05015018"
    app.switch_page("views/ward_profile.py").run()
    assert any("SAMPLE" in w.value for w in app.warning)
    shown = _html_table(app, "with its rank among the 21 wards").Indicator
    assert "Residents supported (SAMPLE)" in set(shown) and "IMD score" in set(shown)


def test_maps_on_the_default_build_draw_every_area_with_no_missing_boundary_note(app):
    for section in ("wards", "neighbourhoods"):  # the ward map, then the LSOA map, each in its own section
        app.query_params["section"] = section
        app.switch_page("views/inclusion.py").run()
        assert not app.exception
        assert len(svg_maps(app)) == 1 and not app.get("deck_gl_json_chart")  # no deck.gl on arrival
        assert not any("boundar" in i.value for i in app.info)


def test_a_map_without_official_boundaries_says_so_and_shows_the_table(private_app):
    import duckdb

    app = private_app
    live = Path(app.db.path).resolve()
    live.chmod(0o644)
    con = duckdb.connect(str(live))
    con.execute("update areas set geometry = null where type in ('ward', 'lsoa')")
    con.close()
    for page in ("views/exclusion_risk.py", "views/inclusion.py"):
        for section, kind in (("wards", "ward"), ("neighbourhoods", "LSOA")):  # each map in its own section
            app.query_params["section"] = section
            app.switch_page(page).run()
            assert not app.exception
            assert not svg_maps(app) and not app.get("deck_gl_json_chart")  # no invented shapes
            notes = [i.value for i in app.info]
            assert any(f"No map: there are no official {kind} boundaries to draw" in n for n in notes), (page, section)
            assert (
                any(
                    '<details class="os-fold" open><summary>Map data as a table</summary>' in m.value
                    for m in app.markdown
                )
                or page != "views/inclusion.py"
            )  # with no map, its table is open


def test_data_and_methods_lists_every_indicator_with_attribution(app):
    app.switch_page("views/data_methods.py").run()
    # Each indicator a native disclosure (one list per theme), its title and unit as the summary.
    titles = [
        html.unescape(t)
        for m in app.markdown
        if m.value.startswith('<ul class="os-register"')
        for t in re.findall(r"<summary>(.*?)</summary>", m.value)
    ]
    indicators = app.db.indicators("internal")
    assert sorted(titles) == sorted(f"{i.title} ({i.unit})" for i in indicators.itertuples())
    assert sum(m.value.startswith('<ul class="os-register"') for m in app.markdown) == indicators.theme.nunique()
    assert "Open Government Licence v3.0" in _texts(app)
    # Each indicator's attribution is its source's, said once in the list the licences require.
    app.button_group(key="methods-section").set_value("sources").run()
    assert not app.exception and app.query_params["section"] == "sources"
    shown = [m.value for m in app.markdown]
    attributions = shown[shown.index("**Attribution required by the licences**") + 1].splitlines()
    assert {f"- {md_text(a)}" for a in indicators.attribution} <= set(attributions)
    assert len(attributions) == len(set(attributions))
    assert not any(m.value.startswith('<ul class="os-register"') for m in app.markdown)  # one part at a time
    app.button_group(key="methods-section").set_value("accessibility").run()
    assert "Accessibility statement" in [h.value for h in app.header]
    assert any("WCAG) 2.2 at level AA" in m.value for m in app.markdown)


def test_embed_shows_one_public_view_and_no_ward_picker(app):
    app.query_params["view"] = "map"
    app.query_params["indicator"] = "inclusion_residents_supported"  # internal: not embeddable
    app.switch_page("views/embed.py").run()
    assert not app.exception
    assert not _ward_pickers(app)
    assert any("does not exist here" in i.value for i in app.info)
    assert "SAMPLE" not in _texts(app)


def test_a_public_server_shows_no_internal_or_sample_figures(app, monkeypatch):
    monkeypatch.setenv("ONE_STOCKPORT_AUDIENCE", "public")
    app.query_params["ward"] = "E05015018"
    app.switch_page("views/ward_profile.py").run()
    assert not app.exception
    profile = _html_table(app, "with its rank among the 21 wards")
    assert not profile["Indicator"].str.contains("SAMPLE").any()
    assert not any("SAMPLE" in w.value for w in app.warning)


def test_public_charts_and_maps_offer_an_iframe_with_a_title(app):
    app.query_params["ward"] = "E05015018"
    app.switch_page("views/inclusion.py").run()
    codes = _embed_codes(app)
    assert any(
        'src="/embed?view=map&indicator=age_65plus_pct&ward=E05015018&embed=true"' in c and 'title="' in c
        for c in codes
    ), codes
    app.switch_page("views/connectivity.py").run()
    assert any("view=trend&indicator=gigabit_broadband" in c for c in _embed_codes(app))


def test_the_comparison_chart_offers_the_comparison_embed_beside_it(app):
    app.query_params["section"] = "compare"
    app.switch_page("views/connectivity.py").run()
    assert not app.exception
    assert any(
        m.value.startswith("**Gigabit\\-capable broadband\\: Stockport against comparators") for m in app.markdown
    )
    assert any('src="/embed?view=compare&indicator=gigabit_broadband&embed=true"' in c for c in _embed_codes(app))


def test_with_a_static_address_set_embed_codes_point_at_the_static_export(app, monkeypatch):
    monkeypatch.setenv("ONE_STOCKPORT_STATIC_URL", "https://static.example/one-stockport/")
    app.query_params["section"] = "compare"
    app.switch_page("views/connectivity.py").run()
    codes = _embed_codes(app)
    assert any('src="https://static.example/one-stockport/embed/gigabit_broadband-compare.html"' in c for c in codes), (
        codes
    )
    assert not any("/embed?" in c for c in codes)
    app.query_params["ward"] = "E05015018"
    app.switch_page("views/ward_profile.py").run()
    codes = _embed_codes(app)
    assert any(
        'src="https://static.example/one-stockport/embed/age_65plus_pct-map-E05015018.html"' in c for c in codes
    ), codes
    assert all("one-stockport:height" in c for c in codes)  # the same sizing listener as a live embed's


def test_internal_indicators_offer_no_embed_code(app):
    app.query_params["ward"] = "E05015018"
    app.switch_page("views/ward_profile.py").run()
    assert _embed_codes(app) and not any("inclusion_residents_supported" in c for c in _embed_codes(app))


def test_the_default_server_is_public(app, monkeypatch):
    monkeypatch.delenv("ONE_STOCKPORT_AUDIENCE")
    app.query_params["section"] = "activity"
    app.switch_page("views/inclusion.py").run()
    assert not app.exception
    assert any("for officers" in c.value for c in app.caption)  # programme activity is internal


def test_internal_without_sign_in_or_trusted_network_refuses(app, monkeypatch):
    monkeypatch.delenv("ONE_STOCKPORT_TRUSTED_NETWORK")
    app.run()
    assert app.title[0].value == "One Stockport — not available"
    assert "no sign-in configured" in app.error[0].value
    assert not app.metric  # nothing else was drawn


def test_internal_with_an_auth_provider_asks_officers_to_sign_in(app, monkeypatch):
    monkeypatch.delenv("ONE_STOCKPORT_TRUSTED_NETWORK")
    app.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "x" * 32,
        "client_id": "one-stockport",
        "client_secret": "s",
        "server_metadata_url": "https://login.example/.well-known/openid-configuration",
    }
    app.run()
    assert [b.label for b in app.button] == ["Sign in"]
    assert not app.metric


def test_embeds_stay_public_and_open_on_an_internal_server(app, monkeypatch):
    monkeypatch.delenv("ONE_STOCKPORT_TRUSTED_NETWORK")
    app.query_params["view"] = "trend"
    app.switch_page("views/embed.py").run()
    assert not app.exception and not app.error


HOSTILE = [
    "' OR 1=1; DROP TABLE observations; --",
    "<script>alert(1)</script>",
    'gigabit_broadband"',
    "x" * 10000,
    "../../etc/passwd",
    "%00",
    "imd_score; select 1",
]


@pytest.mark.parametrize(
    "page, param, widget, default",
    [
        ("views/connectivity.py", "indicator", "connectivity-indicator", "gigabit_broadband"),
        ("views/inclusion.py", "driver", "inclusion-driver", "age_65plus_pct"),
        ("views/ward_profile.py", "indicator", "profile-indicator", "age_65plus_pct"),
    ],
)
def test_hostile_query_values_give_the_default_view_and_change_nothing(app, page, param, widget, default):
    before = hashlib.sha256(app.db.path.read_bytes()).hexdigest()
    for value in HOSTILE:
        app.query_params.clear()
        app.query_params[param] = value
        app.switch_page(page).run()
        assert not app.exception, (value, app.exception)
        assert app.selectbox(key=widget).value == default
        assert any("showing the default view" in i.value for i in app.info)
        assert value not in "\n".join(i.value for i in app.info) or value.isidentifier()
    assert hashlib.sha256(app.db.path.read_bytes()).hexdigest() == before


def test_repeated_keys_take_the_first_value(app):
    app.query_params["ward"] = ["E05015026", "E05015018"]
    app.switch_page("views/ward_profile.py").run()
    assert app.title[0].value == "Ward profile: Heatons North"


def test_exclusion_risk_weights_change_the_ranking(app):
    app.switch_page("views/exclusion_risk.py").run()
    assert not app.exception
    stored = app.db.query("""select a.name from observations o join areas a on a.code = o.area_code
        where o.indicator_id = 'exclusion_risk_score' and a.type = 'ward' order by o.value desc limit 1""").name[0]
    # The headline figures are HTML (htmldoc.figure), not Streamlit metrics: label, figure, what it means.
    metrics = {
        html.unescape(label): value
        for m in app.markdown
        for label, value in re.findall(
            r'<p class="os-figure-label">(.*?)</p><p class="os-figure-value">(.*?)</p>', m.value
        )
    }
    assert not app.metric
    assert f"Highest-risk ward: **{stored}**" in _texts(app) and stored == "Brinnington & Stockport Central"
    assert metrics["Top-decile LSOAs, GMCA's Digital Exclusion Risk Index"] == "9"
    assert metrics["Top-decile LSOAs, One Stockport digital exclusion risk index"] == "20 of 191"
    assert "a tenth of LSOAs by construction" in _texts(app)  # the decile basis, in words (it was a hover help)
    # Borough-level only: it cannot tell areas apart, so there is no weight for it, and the page says why.
    assert "risk-w-connectivity" not in [s.key for s in app.selectbox]
    assert "*Gigabit broadband coverage* is not used: not published below borough level" in _texts(app)
    # Age alone: the ward the index function puts first with those weights, and the page says how many wards moved.
    from pipeline.rules import risk_index
    from pipeline.registry import load_registry

    weights = {"age": 50, "income": 0, "education": 0, "health": 0, "employment": 0}
    assert not [s for s in app.selectbox if (s.key or "").startswith("risk-w-")]  # drawn when asked for
    app.toggle(key="risk-own-weights").set_value(True).run()
    for key, value in weights.items():
        app.selectbox(key=f"risk-w-{key}").set_value(value)
    app.run()
    inputs = app.db.risk_inputs()
    top = risk_index.score(inputs, load_registry().risk, weights).wards.ward_code.iloc[0]
    expected = dict(zip(inputs.ward_code, inputs.ward_name))[top]
    assert f"Highest-risk ward: **{expected}**" in _texts(app) and expected != stored
    assert "change rank from the default ordering" in _texts(app)
    assert "Your weights, as shares of the score: residents aged 65+ 100%" in _texts(app)
    app.button[0].click().run()  # reset
    assert f"Highest-risk ward: **{stored}**" in _texts(app)
    app.selectbox(key="risk-w-income").set_value(0).run()
    assert "Your weights" in _texts(app)
    app.toggle(key="risk-own-weights").set_value(False).run()  # turned off, the defaults apply again
    assert f"Highest-risk ward: **{stored}**" in _texts(app) and "Default weights, as shares" in _texts(app)
    assert not [s for s in app.selectbox if (s.key or "").startswith("risk-w-")]


def test_exclusion_risk_lists_a_wards_neighbourhoods(app):
    app.query_params["ward"] = "E05015018"
    app.query_params["section"] = "neighbourhoods"
    app.switch_page("views/exclusion_risk.py").run()
    lsoas = app.db.query("select lsoa_code from lsoa_ward where ward_code = 'E05015018'").lsoa_code
    ranked = _html_table(app, "Neighbourhoods ranked by risk in Brinnington & Stockport Central")
    ranks = ranked["Rank"].str.extract(r"^=?(\d+) of 191$")[0]  # '3 of 191', or '=3 of 191' when tied
    assert set(ranked["LSOA code"]) == set(lsoas) and ranks.notna().all() and ranks.astype(int).is_monotonic_increasing
    assert not [c for c in ranked.columns if "_" in c]  # column headings in words, not field names


def test_a_database_from_an_older_pipeline_is_rebuilt_on_start(private_app):
    import duckdb

    app = private_app
    con = duckdb.connect(str(app.db.path))
    con.execute("update build_info set value = 'old' where key = 'schema_version'")
    con.execute("drop table lsoa_ward")
    con.close()
    assert not app.db.is_current()
    app.switch_page("views/exclusion_risk.py").run()
    assert not app.exception, app.exception
    assert app.db.is_current()


def _two_register_versions(folder):
    from pipeline.ingest import register

    rows = register.read_rows(ROOT / "data" / register.SAMPLE_FILE).head(30).assign(status="published")
    first = register.store(rows, folder)
    second = register.store(rows.assign(residents_supported=rows.residents_supported + 1), folder)
    return first, second


def test_officers_restore_an_earlier_register_version_and_the_dashboard_rebuilds(private_app, tmp_path, monkeypatch):
    app = private_app
    from pipeline.ingest import register

    folder = tmp_path / "register"
    monkeypatch.setenv("ONE_STOCKPORT_REGISTER_DIR", str(folder))
    first, second = _two_register_versions(folder)
    app.switch_page("views/register.py").run()
    assert not app.exception, app.exception
    assert app.title[0].value == "Inclusion register"
    assert f"**{second.id}**: 30 rows" in _texts(app)
    before = app.db.build_info()["build_id"]
    app.button(key=f"restore-{first.id}").click().run()
    assert not app.exception, app.exception
    assert any(f"Restored version {first.id}" in s.value for s in app.success)
    assert register.current_version_id(folder) == first.id
    assert app.db.build_info()["build_id"] != before
    total = app.db.query("""select sum(value) s from observations where indicator_id = 'inclusion_residents_supported'
                            and area_code = 'E08000007'""").s[0]
    assert total == register.read_rows(first.path).residents_supported.sum()


def test_the_top_menu_lists_the_pages_hides_the_embed_and_has_officer_pages_only_on_internal_servers(app, monkeypatch):
    menus = []
    navigation = st.navigation

    def spy(pages, **kwargs):
        menus.append(
            (kwargs.get("position"), [p.title for p in pages if p.visibility == "visible"], [p.url_path for p in pages])
        )
        return navigation(pages, **kwargs)

    monkeypatch.setattr(st, "navigation", spy)
    monkeypatch.setenv("ONE_STOCKPORT_AUDIENCE", "public")
    app.run()
    position, shown, registered = menus[-1]
    assert position == "top"
    assert shown[0] == "Overview" and "Data and methods" in shown and not any("register" in t.lower() for t in shown)
    assert "embed" in registered and "Embed" not in shown  # reachable by its URL, never listed
    assert "register" not in registered
    monkeypatch.setenv("ONE_STOCKPORT_AUDIENCE", "internal")
    app.run()
    assert any("Inclusion register" in t for t in menus[-1][1])


def test_data_and_methods_lists_late_data_with_the_command_that_refreshes_it(app):
    app.query_params["section"] = "freshness"  # a link to that part of the page
    app.switch_page("views/data_methods.py").run()
    assert not app.exception
    late = app.db.freshness("internal")
    late = late[late.out_of_date]
    assert len(late)  # the real files hold figures later than their schedule (e.g. IoD2019 by LSOA)
    tables = [m.value for m in app.markdown if "Late releases" in m.value and "<table>" in m.value]
    assert len(tables) == 1 and len(_first_column(tables[0])) == late.source_id.nunique()  # a row per source
    import html

    assert all(title in html.unescape(tables[0]) for title in late.title)
    assert f"{late.indicator_id.nunique()} indicators" in _texts(app)
    assert "Data to refresh" in _texts(app)  # the officers' list, with its command
    assert "python -m cli fetch &amp;&amp; python -m cli check --raw data/raw" in tables[0]
    assert "update expected since" not in " ".join(late.title)  # the words are the table's, not the titles'


def test_headlines_later_than_their_schedule_are_said_once_on_their_sections_source_line(app):
    import html
    import re

    app.switch_page("views/overview.py").run()
    head = app.db.headline().set_index("indicator_id")
    assert head.out_of_date.any() and not head.out_of_date["gigabit_broadband"]
    assert not any("Update expected" in t for t in _tiles(app).values())  # never a line of a tile's judgement
    lines = [html.unescape(s) for m in app.markdown for s in re.findall(r'<div class="os-source">(.*?)</div>', m.value)]
    late = " ".join(s for line in lines for s in re.findall(r'<span class="os-late">(.*?)</span>', line))
    for row in head[head.out_of_date].itertuples():
        if row.short in _tiles(app):  # EV chargers (Apr 2026's figures) and GHG emissions, in context
            assert f"Update expected since {row.expected_next:%b %Y}" in late and row.short in late, row.Index
    assert sum('class="os-late"' in line for line in lines) <= len(lines)


def test_connectivity_trend_shows_its_targets_and_trajectory(app):
    app.query_params["indicator"] = "gigabit_broadband"
    app.switch_page("views/connectivity.py").run()
    assert not app.exception
    text = _texts(app)
    assert "Target: at least 99.0% by December 2030" in text
    assert "Project Gigabit" in text and ("**on track**" in text or "**not on track**" in text)
    app.selectbox(key="connectivity-indicator").set_value("coverage_5g").run()
    assert "Target:" not in _texts(app)  # no commitment recorded for 5G area coverage


def test_as_a_table_is_an_accessible_html_table_of_the_charts_rows(app):
    app.query_params["indicator"] = "gigabit_broadband"
    app.switch_page("views/connectivity.py").run()
    tables = [m.value for m in app.markdown if '<div class="os-table' in m.value]  # folded under "As a table"
    trend = [t for t in tables if "over time" in t][0]
    assert trend.startswith('<details class="os-fold"><summary>As a table</summary>')
    expected = app.db.series("gigabit_broadband", ["E08000007", "E47000001", "E12000002", "E92000001"])
    assert trend.count("<tr>") == len(expected) + 1  # a header row and one per figure
    assert "<caption>" in trend and 'scope="col"' in trend and 'tabindex="0"' in trend and 'role="region"' in trend
    # The sources are said once, in the source line under the chart; the CSV carries them on every row.
    head = re.search(r"<thead>(.*?)</thead>", trend, re.S).group(1)
    assert "value" in head and not {"attribution", "licence", "publisher", "source_id"} & set(
        re.findall(r">(\w+)</th>", head)
    )
    assert "Source: Ofcom Connected Nations" not in trend
    assert any("Ofcom" in c.value for c in app.caption)


def test_overview_tiles_show_the_next_target_not_a_passed_one(app):
    app.run()
    tiles = _tiles(app)
    assert "Off course for at least 99% by Dec 2030" in tiles["Gigabit broadband"]
    assert "85%" not in tiles["Gigabit broadband"]  # the 2025 interim target has passed (and was met)
    assert "Target met: at least 95% by Dec 2025" in tiles["4G coverage"]
    assert "No target set" in tiles["5G coverage"]


def test_connectivity_headlines_are_judged_tiles_under_one_source_line(app):
    """The four headline figures say how they compare (England, GM and its rank) and their target, as on
    the overview, with the source said once rather than under each figure."""
    app.switch_page("views/connectivity.py").run()
    tiles = _tiles(app)
    assert set(tiles) == {"Gigabit broadband", "Below 30 Mbit/s", "4G coverage", "5G coverage"}
    assert tiles["Gigabit broadband"].startswith("Gigabit broadband: 94.9%, Jan 2026")
    assert (
        "Better than England (88.4%)" in tiles["Gigabit broadband"] and "5th best of 10" in tiles["Gigabit broadband"]
    )
    assert "Target met" in tiles["4G coverage"]
    assert not app.metric
    headlines = next(m.value for m in app.markdown if 'class="os-grid"' in m.value)
    assert headlines.count('class="os-source"') == 1 and "Source: Ofcom" in headlines


@pytest.mark.parametrize(
    "page, key, section",
    [
        ("views/ward_profile.py", "map-profile-imd_score", None),
        ("views/exclusion_risk.py", "map-risk-lsoas", "neighbourhoods"),
    ],
)
def test_a_map_switched_to_zoom_and_pan_draws_the_deck_map_in_place_of_the_svg(app, page, key, section):
    app.query_params["ward"] = "E05015018"
    app.query_params["indicator"] = "imd_score"
    if section:  # the LSOA map is in its own section
        app.query_params["section"] = section
    app.switch_page(page).run()
    assert not app.exception
    before = len(svg_maps(app))
    assert before >= 1 and not app.get("deck_gl_json_chart")
    app.toggle(key=f"{key}-zoom").set_value(True).run()
    assert not app.exception
    assert len(app.get("deck_gl_json_chart")) == 1 and len(svg_maps(app)) == before - 1


def test_the_ward_profile_lists_the_wards_schemes_in_one_list_of_disclosures(app):
    app.query_params["ward"] = "E05015018"  # Brinnington & Stockport Central: the town centre
    app.switch_page("views/ward_profile.py").run()
    assert not app.exception
    lists = [m.value for m in app.markdown if m.value.startswith('<ul class="os-register"')]
    expected = app.db.projects("E05015018")
    assert len(lists) == 1 and len(expected) > 3
    names = [html.unescape(n) for n in re.findall(r'<span class="os-register-name">(.*?)</span>', lists[0])]
    assert sorted(names) == sorted(expected.name)
    assert "in the chosen ward" not in lists[0]  # every scheme listed is in it


def test_the_overviews_notes_on_judgement_are_a_disclosure_drawn_with_its_html(app):
    """Not a Streamlit expander: one drawn before the HTML above it was pushed off a phone's first screen."""
    app.run()
    assert not app.exception and not [e for e in app.expander if e.label == "About these figures"]
    about = [m.value for m in app.markdown if "<summary>About these figures</summary>" in m.value]
    assert len(about) == 1 and about[0].startswith('<details class="os-fold">')
    assert "How figures are judged." in about[0] and 'href="/data_methods"' in about[0]
    assert "<strong>Sources.</strong> " in about[0] and "Ofcom" in about[0]
    assert "Sources.</strong> Source:" not in about[0]  # said once


def test_every_weight_at_zero_says_so_and_draws_the_default_weights_wards(app):
    app.switch_page("views/exclusion_risk.py").run()
    default_chart = [m.value for m in app.markdown if "os-svg-chart" in m.value]
    app.toggle(key="risk-own-weights").set_value(True).run()
    for weight in app.selectbox:
        if weight.key and weight.key.startswith("risk-w-"):
            weight.set_value(0)
    app.run()
    assert not app.exception
    assert any("Every weight is 0" in w.value for w in app.warning)
    assert [m.value for m in app.markdown if "os-svg-chart" in m.value] == default_chart


# What a page sends as HTML in Markdown, all of which the browser parses and draws on arrival: a
# table of 32 KB cost this 2-core machine 137 ms of script and 225 ms of main-thread work (issue 18).
# Every page sends well under this today (the largest, exclusion risk, about 58 KB); the tables' per-row
# sources alone took exclusion risk to 95 KB, and data and methods sent 71 KB before it was in sections.
ARRIVAL_MARKUP_CHARS = 80_000


@pytest.mark.parametrize("page", PAGES)
def test_a_page_sends_no_more_markup_on_arrival_than_its_budget(app, page):
    app.query_params["ward"] = "E05015018"  # the busiest case: a ward chosen, its map outlined
    app.switch_page(page).run()
    assert not app.exception
    sent = sum(len(m.value) for m in app.markdown)
    assert 0 < sent <= ARRIVAL_MARKUP_CHARS, f"{page}: {sent:,} characters of Markdown and HTML"

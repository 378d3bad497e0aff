"""Digital inclusion: maps of the drivers of exclusion (age 65+, deprivation), GM DERI, programme activity."""

import streamlit as st

from pipeline.registry import STOCKPORT
from pipeline.ingest.sources.inclusion_register import ACTIVITY
from presentation.tables import supported_per_1000_all_wards
from ui import data, sections, state
from ui.blocks import GM_DISTRICTS, GREATER_MANCHESTER, bar_block, ward_map, ward_ranking_chart
from ui.charts import chart_block, fmt, scatter_chart, source_line
from ui.scope import follows_ward
from ui.md import md_text


DRIVERS = ["age_65plus_pct", "imd_score", "lsoas_most_deprived_decile", "age_65plus_count"]
LSOA_DRIVERS = [
    "age_65plus_pct",
    "imd_score",
    "imd_decile",
    "income_deprivation_decile",
    "education_deprivation_decile",
]

notices = state.page_notices()
st.title("Digital inclusion")
meta = data.indicators().set_index("id")
headline = data.headline(STOCKPORT).set_index("indicator_id")
said = {
    i: fmt(headline.value[i], meta.unit[i], int(meta.decimals[i])) if i in headline.index else "no figure"
    for i in ("age_65plus_pct", "deri_highest_risk_pop_pct")
}
st.markdown(
    f"Age and deprivation drive digital exclusion: **{said['age_65plus_pct']} of Stockport's residents are "
    f"aged 65 or over and {said['deri_highest_risk_pop_pct']} live in neighbourhoods in the highest-risk tenth** "
    "of Greater Manchester's Digital Exclusion Risk Index. The sections below show where, ward by ward and "
    "neighbourhood by neighbourhood, the age profile, Greater Manchester's index and the programme's activity."
)
ward = state.current_ward()
ward_name = follows_ward(
    "highlighted on the ward map and charts; its programme activity is under *Programme activity*.",
    "Choose a ward in the Ward menu above to highlight it and see its programme activity.",
)

# Each section's own choice stays in the URL while another section is shown.
driver = state.url_choice("driver", DRIVERS, "age_65plus_pct", "inclusion-driver", "ward indicator")
lsoa_driver = state.url_choice("lsoa", LSOA_DRIVERS, "imd_decile", "inclusion-lsoa", "neighbourhood indicator")
officers = not data.series("inclusion_residents_supported", [STOCKPORT]).empty  # activity figures this audience sees
measure = (
    state.url_choice("activity", ACTIVITY, ACTIVITY[0], "inclusion-activity", "activity measure") if officers else None
)
# One section at a time (the ward map and its ranking on arrival): an unchosen section's charts, maps and queries
# do not run.
section = sections.choose(
    {
        "wards": "Wards",
        "neighbourhoods": "Neighbourhoods",
        "ages": "Age",
        "deri": "Greater Manchester index",
        "activity": "Programme activity",
        **({"reach": "Reach"} if officers else {}),
    },
    key="inclusion-section",
)

if section == "wards":
    driver = st.selectbox("Ward map", DRIVERS, format_func=lambda i: meta.title[i], key="inclusion-driver")
    # One above the other: in a side column the 21 ward names left the bars a sliver of width.
    ward_map(driver, ward, key=f"inclusion-ward-{driver}")
    ward_ranking_chart(driver, ward, key=f"inclusion-rank-{driver}")

elif section == "neighbourhoods":
    st.header("Neighbourhoods (LSOA 2021)")
    lsoa_driver = st.selectbox(
        "Neighbourhood map", LSOA_DRIVERS, format_func=lambda i: meta.title[i], key="inclusion-lsoa"
    )
    ward_map(lsoa_driver, None, key=f"inclusion-lsoa-{lsoa_driver}", area_type="lsoa")

elif section == "ages":
    st.header("Age")
    ages = data.age_bands(STOCKPORT)
    if ages.empty:
        st.caption("No age bands in this build.")
    else:
        ages = ages.assign(age_band=ages.age_band.str.replace("Aged ", "").str.replace(" years", ""))
        bar_block(
            ages,
            "age_band",
            "residents",
            f"Stockport residents by age, Census {ages.period.iloc[0]} (people)",
            "people",
            0,
            "inclusion-age-bands",
            highlight={b for b in ages.age_band if b[:2].isdigit() and int(b[:2]) >= 65},
            note="Highlighted: age bands from 65 up, the group most at risk of digital exclusion.",
        )

elif section == "deri":
    st.header("Greater Manchester Digital Exclusion Risk Index")
    deri = data.series("deri_highest_risk_pop_pct", GM_DISTRICTS + [GREATER_MANCHESTER]).sort_values("value")
    bar_block(
        deri,
        "area_name",
        "value",
        "Residents in the highest-risk decile of GM DERI v1.6, by district (lowest first)",
        "% of residents",
        1,
        "inclusion-deri",
        rows=deri.drop(columns=["period_start"]),
        highlight={"Stockport"},
        note="GMCA scored every LSOA against Great Britain; decile 10 is the highest risk.",
    )

elif section == "activity":
    st.header("Programme activity")
    for f in data.facts("Digital inclusion").itertuples():
        # The facts file's words are text; only the link to its source is markup (the adapter requires http(s)).
        dated = f", {md_text(f.source_date)}" if isinstance(f.source_date, str) else ""
        st.markdown(f"- {md_text(f.statement)} ([{md_text(f.source_publisher)}]({f.source_url}){dated})")
    if not officers:
        st.caption("Programme activity by ward is for officers (internal audience) until the council publishes it.")
    else:
        measure = st.selectbox("Activity", ACTIVITY, format_func=lambda i: meta.title[i], key="inclusion-activity")
        area = ward or STOCKPORT  # the chosen ward's own months, else the borough's
        series = data.series(measure, [area])
        sample = (series.status == "sample").any()
        if sample:
            st.warning(
                "The activity figures below are SAMPLE data from the shipped register, not real programme "
                "records. Officers replace them by uploading the council's register.",
                icon=":material/science:",
            )
        where = f"in {ward_name}" if ward_name else "across Stockport"
        bar_block(
            series,
            "period_label",
            "value",
            f"{meta.title[measure]} {where}, by month{' (SAMPLE)' if sample else ''}",
            meta.unit[measure],
            0,
            f"inclusion-activity-{measure}",
            rows=series.drop(columns=["period_start"]),
        )

else:
    st.header("Are we reaching the right places?")
    reach = data.ward_reach(12)
    flag = " (SAMPLE)" if (reach.status == "sample").any() else ""
    if flag:
        st.warning(
            "The activity figures below are SAMPLE data from the shipped register, not real programme "
            "records. Officers replace them by uploading the council's register.",
            icon=":material/science:",
        )
    period = f"{reach.first_period.mode().iloc[0]} to {reach.last_period.mode().iloc[0]}"
    chosen = set(reach.loc[reach.area_code == ward, "area_name"]) if ward else set()
    borough_rate = supported_per_1000_all_wards(reach)
    for r in reach[reach.area_code == ward].itertuples():
        st.markdown(
            f"**{md_text(r.area_name)}**: {r.value:,.0f} residents supported from {period}, "
            f"{fmt(r.supported_per_1000_residents, '', 1)} per 1,000 residents (all wards: "
            f"{fmt(borough_rate, '', 1)}); exclusion risk score {fmt(r.exclusion_risk_score, 'score', 1)} of 100{flag}."
        )
    fig = scatter_chart(
        reach,
        "exclusion_risk_score",
        "supported_per_1000_residents",
        "area_name",
        f"Residents supported per 1,000 residents ({period}) against the One Stockport exclusion "
        f"risk score, by ward{flag}",
        "One Stockport digital exclusion risk score (0–100)",
        "Residents supported per 1,000 residents",
        chosen,
    )
    table = reach.rename(columns={"value": "residents_supported_12_months"})[
        [
            "area_code",
            "area_name",
            "residents_supported_12_months",
            "residents_census_2021",
            "supported_per_1000_residents",
            "exclusion_risk_score",
            "first_period",
            "last_period",
            "status",
            "source_id",
        ]
    ]
    chart_block(
        fig,
        table,
        key="inclusion-reach",
        note="Wards to the right have higher exclusion risk; higher up means more residents supported for "
        "the ward's size. High-risk wards low down are where the programme is reaching least. "
        f"Per 1,000 usual residents ({source_line(data.latest_values('population', 'ward').source_id)}).",
    )
state.finish(notices, driver=driver, lsoa=lsoa_driver, activity=measure, section=section)

"""Demographics: who lives in a borough, against England and the GM average, with sources."""

from __future__ import annotations

import streamlit as st

from gmcore.schema import ENGLAND
from gmdash import demographics as demo
from gmdash.charts import demographics as charts
from gmdash.provenance import Provenance
from gmdash.ui import components, data, widgets
from gmdash.ui.shell import boroughs

IMD = "Index of Multiple Deprivation"
ONS = "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration"
IOD = "https://www.gov.uk/government/collections/english-indices-of-deprivation"

components.header(
    "Demographics",
    "Who lives in each borough — age, ethnicity, deprivation and "
    "the Census 2021 topics — against England and the GM average.",
)
gm = boroughs()
area = widgets.borough(gm, key="demographics_area")
version = data.manifest().version
years = {
    code: demo.latest_sex_split_year(data.query("population_years", area_code=code))
    for code in (area, ENGLAND)
}
borough_bands = demo.pyramid_bands(
    data.query("population_pyramid", area_code=area, year=years[area]), gm[area]
)
england_bands = demo.pyramid_bands(
    data.query("population_pyramid", area_code=ENGLAND, year=years[ENGLAND]), "England"
)
older = demo.age_shares(
    data.query(
        "population_age_share",
        area_codes=(area, ENGLAND),
        year=max(y for y in years.values() if y),
        min_age=65,
    )
)
left, right = st.columns([3, 1])
with right:
    st.subheader("Aged 65 and over")
    for code in (area, ENGLAND):
        st.metric(f"{older[code].area_name} ({older[code].source})", older[code].text())
    st.subheader("Deprivation rank")
    for edition in (2019, 2025):
        rank = demo.deprivation_rank(
            data.query("deprivation_districts", edition=edition, domain=IMD), area
        )
        st.metric(
            f"IMD {edition}",
            rank.short() if rank else "not ranked",
            help=rank.text() if rank else None,
        )
    st.caption(
        "Rank of average score among English districts; 1 = the most deprived. IMD 2025 ranks the 296 "
        "districts after the 2023 reorganisation, so the two ranks are of different sets."
    )
with left:
    summary = (
        f"Aged 65 and over: {older[area].area_name} {older[area].text()} "
        f"({older[area].source}), England {older[ENGLAND].text()} "
        f"({older[ENGLAND].source})."
    )
    components.chart_block(
        charts.pyramid_chart(
            borough_bands,
            england_bands,
            description=charts.pyramid_alt_text(borough_bands, england_bands, summary),
        ),
        demo.pyramid_table(borough_bands, england_bands),
        key="demographics:pyramid",
        alt_text=charts.pyramid_alt_text(borough_bands, england_bands, summary),
        filename=f"population_pyramid_{area}.csv",
        provenance=Provenance(
            sources=(("ONS Census 2021 and mid-year population estimates", ONS),),
            extract_version=version,
            method="Shares of each area's whole population, 5-year bands.",
        ),
        context={"area_code": area},
    )
deciles = demo.decile_view(data.query("lsoa_decile_counts", area_codes=(area,), domain=IMD))
components.chart_block(
    charts.decile_chart(deciles, domain=IMD, description=charts.decile_alt_text(deciles, IMD)),
    deciles,
    key="demographics:deciles",
    alt_text=charts.decile_alt_text(deciles, IMD),
    filename=f"lsoa_deciles_{area}.csv",
    provenance=Provenance(
        sources=(("English Indices of Deprivation 2019", IOD),),
        extract_version=version,
        method="Count of 2011 LSOAs per decile.",
    ),
    context={"area_code": area, "domain": IMD},
)
st.subheader("Census 2021")
topics = data.query("census_topics").set_index("topic")
topic = widgets.choice(
    "Census topic",
    list(topics.index),
    key="demographics_topic",
    default="ethnic_group",
    format_func=demo.topic_title,
)
rows = data.query("census_topic", topic=topic, measure=str(topics.loc[topic, "measures"]))
if topic == "ethnic_group":
    rows = demo.broad_ethnic_groups(rows)
view = demo.census_comparison(rows, area)
title = demo.topic_title(topic)
components.chart_block(
    charts.census_chart(view, title=title, description=charts.census_alt_text(view, title)),
    view,
    key=f"demographics:{topic}",
    alt_text=charts.census_alt_text(view, title),
    filename=f"census2021_{topic}_{area}.csv",
    provenance=Provenance(
        sources=(
            (
                f"ONS Census 2021, table {view['table_code'].iloc[0]}",
                str(topics.loc[topic, "source_url"]),
            ),
        ),
        extract_version=version,
        method="Shares of the borough's total.",
    ),
    context={"area_code": area, "topic": topic},
)

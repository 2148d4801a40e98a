"""Borough profile: one borough on every indicator, against England and the range of areas."""

from __future__ import annotations

import streamlit as st

from gmdash import overview, profile
from gmdash.charts.spine import spine_alt_text, spine_chart
from gmdash.ui import components, data, shell, widgets

components.header(
    "Borough profile",
    "One borough on every indicator with borough figures: how it compares with England and "
    "with other areas, how sure we can be, and which way it is heading.",
)
names = shell.boroughs()
left, _ = st.columns([2, 5])
with left:
    area_code = widgets.borough(names, key="profile:area")
area = names[area_code]
catalogue = data.query("indicator_catalogue")
trends = overview.recent_trends(data.query("gm_borough_series"), catalogue)
borough = profile.borough_profile(data.query("latest_values_gm"), catalogue, trends, area_code)
spine = profile.spine_frame(borough, data.query("england_distribution_latest"))
illustrative = bool(borough["indicator_illustrative"].any())
if illustrative:
    components.illustrative_banner()
components.chart_block(
    spine_chart(spine, area_name=area, illustrative=illustrative),
    profile.profile_download(borough),
    key="profile:spine",
    alt_text=spine_alt_text(spine, area_name=area, illustrative=illustrative),
    filename=f"profile_{area.lower()}.csv",
    provenance=overview.provenance(catalogue, borough, data.manifest().version),
    context={"area": area, "comparator": "England", "sex": "Persons"},
)
for note in profile.spine_notes(borough, spine):
    st.caption(note)
st.subheader("Indicator by indicator")
st.table(profile.profile_table(borough, area).set_index("Indicator"))
st.subheader("In plain English")
for title, sentences in profile.profile_sentences(borough, area):
    st.markdown(f"**{title}** — " + " ".join(sentences))

"""Demographics: who lives in a borough, against England and the GM average, with sources."""

from __future__ import annotations

import streamlit as st

from gmdash.ui import components, data, shell, widgets
from gmdash.views import demographics as view

components.header(
    "Demographics",
    "Who lives in each borough — age, ethnicity, deprivation and "
    "the Census 2021 topics — against England and the GM average.",
)
boroughs = shell.boroughs()
area = widgets.borough(boroughs, key="demographics.area")
version = data.manifest().version
residents = data.ask.memo(view.residents, area, boroughs[area], version)
left, right = st.columns([3, 1])
with right:
    st.subheader("Aged 65 and over")
    for metric in residents.older:
        st.metric(metric.label, metric.value)
    st.subheader("Deprivation rank")
    for metric in residents.ranks:
        st.metric(metric.label, metric.value, help=metric.help)
    st.caption(view.RANK_NOTE)
with left:
    components.show(residents.pyramid)
components.show(residents.deciles)

st.subheader("Census 2021")
topics = view.census_topics(data.ask)
topic = widgets.choice(
    "Census topic",
    list(topics),
    key="demographics.topic",
    default="ethnic_group",
    format_func=lambda t: topics[t],
)
components.show(data.ask.memo(view.census_figure, str(topic), area, version))

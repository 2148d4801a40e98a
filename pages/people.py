"""People in treatment: who a borough's service reaches, how they arrive, wait and leave."""

from __future__ import annotations

import streamlit as st

from gmdash.people import SUBSTANCES
from gmdash.ui import components, data, shell, widgets
from gmdash.views import people as view

components.header(
    "People in treatment",
    "Who is in drug and alcohol treatment — age, sex and ethnicity against the borough's "
    "residents and England — where referrals come from, how long people wait and why they "
    "leave, from NDTMS ViewIt.",
)
boroughs = shell.boroughs()
first, second, third, fourth = st.columns([3, 3, 2, 2])
with first:
    area = widgets.borough(boroughs, key="people.area")
with second:
    substance = widgets.choice(
        "Substance group",
        list(SUBSTANCES),
        key="people.substance",
        default=view.DEFAULT_SUBSTANCE,
        format_func=lambda s: SUBSTANCES[s],
    )
with fourth:
    # Both sources publish every breakdown by sex, so this page offers all three.
    sex = widgets.sex(view.SEXES, key="people.sex")
years = data.ask.memo(view.periods, area, substance)
with third:
    period = widgets.choice("Year", list(reversed(years)), key="people.period", default=years[-1])
version = data.manifest().version
choice = view.Choice(area, boroughs[area], substance, sex, period)
components.render(data.ask.memo(view.summary, choice, version))

st.header("How people arrive, wait and leave")
measures = data.ask.memo(view.measure_options, area)
if measures:
    measure = widgets.choice(
        "Breakdown",
        list(measures),
        key="people.measure",
        default=view.DEFAULT_MEASURE,
        format_func=lambda m: measures[m],
    )
    choice = view.Choice(area, boroughs[area], substance, sex, period, measure)
components.render(data.ask.memo(view.detail, choice, version))

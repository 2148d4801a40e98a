"""People in treatment: who a borough's service reaches, how they arrive, wait and leave."""

from __future__ import annotations

import streamlit as st

from gmdash.people import SUBSTANCES
from gmdash.ui import components, data, profile_uploads, shell, widgets
from gmdash.views import people as view

components.header(
    "People in treatment",
    "Who is in drug and alcohol treatment — age, sex and ethnicity against the borough's "
    "residents and England — where referrals come from, how long people wait and why they "
    "leave, from NDTMS ViewIt.",
)
boroughs = shell.boroughs()
profile_uploads.control("people")
ask = profile_uploads.ask()  # the app's data, with any export uploaded in this session over it
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
years = ask.memo(view.periods, area, substance)
with third:
    period = widgets.choice("Year", list(reversed(years)), key="people.period", default=years[-1])
version = data.manifest().version
choice = view.Choice(area, boroughs[area], substance, sex, period)
components.render(ask.memo(view.summary, choice, version))

st.header("How people arrive, wait and leave")
measures = ask.memo(view.measure_options, area)
if measures:
    measure = widgets.choice(
        "Breakdown",
        list(measures),
        key="people.measure",
        default=view.DEFAULT_MEASURE,
        format_func=lambda m: measures[m],
    )
    choice = view.Choice(area, boroughs[area], substance, sex, period, measure)
components.render(ask.memo(view.detail, choice, version))

"""Data and methods: what each indicator is, how the statistics work, the data and its licences."""

from __future__ import annotations

import datetime

import streamlit as st

from gmdash import db, methods
from gmdash.ui import components, data, shell, widgets
from gmdash.views import methods as view

components.header(
    "Data and methods",
    "What each indicator measures and where it comes from, how the statistics are worked out, "
    "which data files the dashboard runs on, and the licences and downloads.",
)
st.header("Indicators")
search = st.text_input(
    "Search the indicators", key="methods.search", placeholder="e.g. deaths, alcohol, completions"
)
components.render(data.ask.memo(view.catalogue_part, search))
chosen = widgets.indicator(shell.indicator_titles(), key="methods.indicator")
components.render(data.ask.memo(view.indicator_part, chosen))

st.header("Methods in plain English")
for method in methods.METHODS:
    with st.expander(method.title):
        st.markdown(method.body)

st.header("Data, sources and downloads")
# The year is part of the key: the licence line names the current one.
year = datetime.date.today().year
components.render(data.ask.memo(view.reference_part, str(db.data_dir()), year))

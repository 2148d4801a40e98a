"""Data and methods: what each indicator is, how the statistics work, the data and its licences."""

from __future__ import annotations

import streamlit as st

from gmdash import methods, queries
from gmdash.ui import components, data, shell, widgets
from gmdash.views import methods as view

components.header(
    "Data and methods",
    "What each indicator measures and where it comes from, how the statistics are worked out, "
    "which data files the dashboard runs on, and the licences and downloads.",
)
catalogue = data.ask(queries.indicator_catalogue)
st.header("Indicators")
search = st.text_input(
    "Search the indicators", key="methods.search", placeholder="e.g. deaths, alcohol, completions"
)
components.render(view.catalogue_blocks(catalogue, search))
chosen = widgets.indicator(shell.indicator_titles(), key="methods.indicator")
components.render([view.indicator_block(catalogue, chosen)])

st.header("Methods in plain English")
for method in methods.METHODS:
    with st.expander(method.title):
        st.markdown(method.body)

st.header("Data, sources and downloads")
components.render(view.reference_blocks(data.ask, catalogue, data.manifest()))

"""Data and methods: what each indicator is, how the statistics work, the data and its licences."""

from __future__ import annotations

import datetime

import streamlit as st

from gmdash import methods
from gmdash.export import to_csv_bytes
from gmdash.ui import components, data, shell, widgets

components.header(
    "Data and methods",
    "What each indicator measures and where it comes from, how the statistics are worked out, "
    "which data files the dashboard runs on, and the licences and downloads.",
)
catalogue = data.query("indicator_catalogue")
manifest = data.manifest()
if catalogue["is_illustrative"].any():
    components.illustrative_banner()

st.header("Indicators")
search = st.text_input(
    "Search the indicators", key="methods_search", placeholder="e.g. deaths, alcohol, completions"
)
view = methods.catalogue_view(catalogue, search)
if view.empty:
    st.info(
        f"No indicator matches “{search}”. Clear the search to see all {len(catalogue)} indicators."
    )
else:
    st.dataframe(
        view,
        hide_index=True,
        width="stretch",
        key="methods_catalogue",
        column_config={
            "Source link": st.column_config.LinkColumn("Source link", display_text="open source")
        },
    )
chosen = widgets.indicator(shell.indicator_titles())
title, detail = methods.indicator_detail(catalogue, chosen)
st.subheader(title)
st.markdown(detail)

st.header("Methods in plain English")
for method in methods.METHODS:
    with st.expander(method.title):
        st.markdown(method.body)

st.header("Illustrative data")
st.markdown(methods.illustrative_markdown())

st.header("Figures quoted in council reports")
st.markdown(methods.REPORTED_NOT_PLOTTED)
st.dataframe(
    methods.reported_view(data.query("reported_figures"), catalogue),
    hide_index=True,
    width="stretch",
    column_config={"source_url": st.column_config.LinkColumn("Source", display_text="open source")},
)

st.header("The data files")
st.markdown(f"Extracts version **`{manifest.version}`**: one row per file the app reads.")
st.dataframe(methods.manifest_table(manifest), hide_index=True, width="stretch")

st.header("Licences and attribution")
st.markdown(methods.attribution_markdown(manifest, datetime.date.today().year))

st.header("Downloads")
values = methods.values_download(data.query("gm_indicator_values"))
st.download_button(
    "Download every indicator for the GM boroughs and comparators (CSV)",
    data=to_csv_bytes(values, {"extract_version": manifest.version}),
    file_name=f"gm_indicator_values_{manifest.version}.csv",
    mime="text/csv",
    key="download:methods:values",
    icon=":material/download:",
)
st.download_button(
    "Download the indicator catalogue (CSV)",
    data=to_csv_bytes(methods.catalogue_download(catalogue), {"extract_version": manifest.version}),
    file_name=f"indicator_catalogue_{manifest.version}.csv",
    mime="text/csv",
    key="download:methods:catalogue",
    icon=":material/download:",
)
st.caption(
    "Suppressed cells are empty with the reason in suppression_note (never zero); every "
    "row carries data_status saying whether it is illustrative."
)

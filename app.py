"""Router and shared frame: navigation over pages/, shared filters from the URL, data freshness."""

from __future__ import annotations

import logging

import streamlit as st

from gmdash.db import ExtractsMissing
from gmdash.ui import components, state
from gmdash.ui.shell import start_session

st.set_page_config(
    page_title="GM drug and alcohol treatment",
    page_icon=":material/monitoring:",
    layout="wide",
)

PAGES = {
    "Dashboard": [
        st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
        st.Page(
            "pages/overview.py", title="Overview", icon=":material/grid_on:", url_path="overview"
        ),
        st.Page(
            "pages/profile.py",
            title="Borough profile",
            icon=":material/person_pin_circle:",
            url_path="profile",
        ),
        st.Page(
            "pages/compare.py",
            title="Compare boroughs",
            icon=":material/bar_chart:",
            url_path="compare",
        ),
        st.Page("pages/trends.py", title="Trends", icon=":material/show_chart:", url_path="trends"),
        st.Page("pages/map.py", title="Map", icon=":material/map:", url_path="map"),
    ],
    "Context": [
        st.Page(
            "pages/demographics.py",
            title="Demographics",
            icon=":material/groups:",
            url_path="demographics",
        ),
        st.Page(
            "pages/funding.py", title="Funding", icon=":material/payments:", url_path="funding"
        ),
        st.Page(
            "pages/methods.py",
            title="Data and methods",
            icon=":material/menu_book:",
            url_path="methods",
        ),
    ],
}

navigation = st.navigation(PAGES, position="sidebar")
try:
    start_session()
    components.freshness()
    state.show_notices()
    navigation.run()
    state.publish()
    components.footer()
except ExtractsMissing as exc:
    st.error(f"The dashboard's data extracts are missing or damaged: {exc}")
except Exception:
    logging.getLogger("gmdash").exception("page failed")
    st.error(
        "Sorry, this view could not be drawn. Nothing has been changed. Try another selection, "
        "or reload the page; if it keeps happening, report the link you were using."
    )

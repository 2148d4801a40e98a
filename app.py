"""Router and shared frame: navigation over pages/, shared filters from the URL, data freshness."""

from __future__ import annotations

import logging

import streamlit as st

from gmdash.db import REBUILD_HELP, ExtractsMissing
from gmdash.ui import data

# The extracts' snapshot is built while the modules below (and the page's) load.
data.open_early()

from gmdash.ui import components, shell, state  # noqa: E402

st.set_page_config(
    page_title="GM drug and alcohol treatment",
    page_icon=":material/monitoring:",
    layout="wide",
)

navigation = st.navigation(shell.pages(), position="sidebar")
try:
    shell.start_session()
    components.freshness()
    state.show_notices()
    navigation.run()
    state.publish()
    components.footer()
except ExtractsMissing as exc:
    st.title("The dashboard's data could not be loaded")
    st.error(f"The data extracts are missing or damaged: {exc}", icon=":material/error:")
    st.markdown(REBUILD_HELP)
except Exception:
    logging.getLogger("gmdash").exception("page failed")
    st.error(
        "Sorry, this view could not be drawn. Nothing has been changed. Try another selection, "
        "or reload the page; if it keeps happening, report the link you were using."
    )

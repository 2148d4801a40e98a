"""Router and shared frame: navigation over pages/, shared filters from the URL, data freshness."""

from __future__ import annotations

import logging

import streamlit as st

from gmdash import db

# The extracts' snapshot is built while every module below (and the page's) loads: started
# before pandas and the views are imported, as the first chart waits for it.
db.open_early()

from gmdash.db import REBUILD_HELP, ExtractsMissing  # noqa: E402
from gmdash.ui import components, presentation, printing, shell, state  # noqa: E402
from gmdash.ui.turns import TURNS  # noqa: E402

st.set_page_config(
    page_title="GM drug and alcohol treatment",
    page_icon=":material/monitoring:",
    layout="wide",
)

# One page run at a time has the interpreter (gmdash.ui.turns): runs queue, not time-slice.
with TURNS.turn():
    presenting = presentation.requested()
    navigation = st.navigation(shell.pages(), position="hidden" if presenting else "sidebar")
    try:
        shell.start_session()
        if presenting:
            # One view per screen, stepped by keys; the page's own controls are not drawn.
            presentation.run(navigation.url_path)
        else:
            freshness = st.sidebar.container()
            state.show_notices()
            print_header = printing.slot()
            navigation.run()
            # The page (and its first chart) is drawn before the sidebar's freshness panel.
            components.freshness(freshness)
            state.publish()
            printing.page_header(print_header, navigation.title, navigation.url_path)
            components.footer()
    except ExtractsMissing as exc:
        st.title("The dashboard's data could not be loaded")
        st.error(f"The data extracts are missing or damaged: {exc}", icon=":material/error:")
        st.markdown(REBUILD_HELP)
    except Exception:
        logging.getLogger("gmdash").exception("page failed")
        st.error(shell.FAILED)

"""Funding: every sourced public health and drug treatment allocation, with its gaps and sources."""

from __future__ import annotations

import streamlit as st

from gmdash import funding, queries
from gmdash.ui import components, data, shell, widgets
from gmdash.views import funding as view

components.header(
    "Funding",
    "Every public health and drug treatment funding figure this project could source for the "
    "GM boroughs, by grant and year — in cash terms, with each figure's source, and with gaps "
    "shown as gaps.",
)
boroughs = shell.boroughs()
with st.expander("Read before using these figures", expanded=True, icon=":material/info:"):
    st.markdown(funding.caveats_markdown())
left, right = st.columns(2)
with left:
    grant = widgets.choice(
        "Grant",
        funding.grant_order(data.ask(queries.funding_grants)["grant"].tolist()),
        key="funding.grant",
        default=funding.PUBLIC_HEALTH_GRANT,
        format_func=funding.grant_option,
    )
with right:
    area = widgets.borough(boroughs, key="funding.area")
components.render(data.ask.memo(view.blocks, str(grant), area, boroughs, data.manifest().version))

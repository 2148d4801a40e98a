"""Overview: the GM "tartan rug" — every borough on every indicator against a comparator."""

from __future__ import annotations

import streamlit as st

from gmdash.ui import components, data, widgets
from gmdash.views import overview

components.header(
    "Overview",
    "Every indicator with borough figures, for all ten boroughs at once: where each stands "
    "against a comparator, and where a borough is worse and getting worse.",
)
left, _ = st.columns([2, 5])
with left:
    comparator = widgets.comparator(key="overview.comparator")
components.render(data.ask.memo(overview.blocks, comparator, data.manifest().version))

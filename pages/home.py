"""Home: what the dashboard is for, and real GM headline figures with their periods and sources."""

from __future__ import annotations

import streamlit as st

from gmdash.ui import components, data
from gmdash.views import home

GUIDE = {
    "pages/overview.py": "every borough and indicator at a glance",
    "pages/profile.py": "one borough, in plain English",
    "pages/compare.py": "one indicator, all boroughs, with uncertainty",
    "pages/trends.py": "change over time and pooled groups",
    "pages/map.py": "boroughs and neighbourhood deprivation",
    "pages/methods.py": "sources, definitions and downloads",
}

components.header(
    "Drug and alcohol treatment in Greater Manchester",
    "How the ten boroughs compare with England on treatment, need and harm — with the "
    "uncertainty shown, the sources named, and small numbers protected.",
)
version = data.manifest().version
tiles, charts = st.columns(len(home.HEADLINES)), st.columns(len(home.HEADLINES))
# Each headline is drawn as soon as it is worked out: the first chart never waits for the second.
for tile, chart, indicator in zip(tiles, charts, home.HEADLINES, strict=True):
    view = data.ask.memo(home.headline_of, indicator, version)
    if view.tile:
        tile.metric(
            f"Greater Manchester · {view.tile.label} · {view.tile.period}",
            view.tile.value,
            view.tile.comparison,
            delta_color="off",
            delta_arrow="off",
            border=True,
        )
    with chart:
        components.show(view.figure)

st.subheader("Explore")
for column, (path, purpose) in zip(st.columns(3) * 2, GUIDE.items(), strict=True):
    column.page_link(path, label=purpose[0].upper() + purpose[1:])

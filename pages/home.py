"""Home: what the dashboard is for, and real GM headline figures with their periods and sources."""

from __future__ import annotations

import streamlit as st

from gmdash.ui import components, data
from gmdash.views import home

GUIDE = {
    "Explore": {
        "pages/overview.py": "every borough and indicator at a glance",
        "pages/profile.py": "one borough, in plain English",
        "pages/compare.py": "one indicator, all boroughs, with uncertainty",
        "pages/trends.py": "change over time, boroughs and groups",
        "pages/map.py": "boroughs and neighbourhood deprivation",
    },
    "Ask what if": {
        "pages/whatif.py": "what it would take to reach a target",
        "pages/funding_split.py": "a pot split per head, by need or equally",
        "pages/whatif_scenarios.py": "what-ifs saved under a name",
    },
    "Take it further": {
        "pages/pack.py": "a committee pack as PowerPoint and PDF",
        "pages/people.py": "who is in treatment, from ViewIt exports",
        "pages/demographics.py": "the residents: age, sex, ethnicity, deprivation",
        "pages/funding.py": "the grants behind treatment",
        "pages/methods.py": "sources, definitions and downloads",
    },
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

for column, (section, links) in zip(st.columns(len(GUIDE)), GUIDE.items(), strict=True):
    column.subheader(section)
    for path, purpose in links.items():
        column.page_link(path, label=purpose[0].upper() + purpose[1:])

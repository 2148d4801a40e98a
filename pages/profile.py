"""Borough profile: one borough on every indicator, against England and the range of areas."""

from __future__ import annotations

import streamlit as st

from gmdash.ui import components, data, groups, shell, widgets
from gmdash.views import profile

components.header(
    "Borough profile",
    "One borough on every indicator with borough figures: how it compares with England and "
    "with other areas, how sure we can be, and which way it is heading.",
)
boroughs = shell.boroughs()
group = groups.editor(boroughs, "profile")
left, right = st.columns([2, 5])
with left:
    area = widgets.borough(boroughs, key="profile.area")
with right:
    pooled = group is not None and widgets.toggle(
        f"Show the profile of {group.name} (pooled) instead", key="profile.group"
    )
version = data.manifest().version
shown = group if pooled else None
components.render(data.ask.memo(profile.blocks, area, boroughs[area], version, shown))

"""What-if: what it would take for every GM borough to reach a target you choose."""

from __future__ import annotations

import streamlit as st

from gmdash import views
from gmdash.ui import components, data, groups, scenarios, shell, uploads, widgets
from gmdash.views import whatif
from gmdash.whatif.uploads import lookups

components.header(
    "What if?",
    "Choose a target and see, for every borough at once, how many more (or fewer) successful "
    "outcomes it would take to be statistically similar to it, and to match it.",
)
scenarios.arrive()
boroughs = shell.boroughs()
catalogue = whatif.proportions(views.borough_catalogue(data.ask))
titles = views.picker_titles(catalogue)
group = groups.editor(boroughs, "whatif")
look = data.ask.memo(lookups)
uploads.control(look, titles, "whatif")
first, second, third = st.columns([3, 2, 2])
with first:
    indicator_id = widgets.indicator(titles, key="whatif.indicator")
periods = uploads.with_periods(
    views.borough_periods(data.ask, indicator_id, "Persons"), indicator_id
)
with second:
    period = widgets.period(periods, key="whatif.period")
with third:
    area = widgets.borough(boroughs, key="whatif.area")
target_column, percent_column = st.columns([3, 2])
with target_column:
    kind = widgets.choice(
        "Target",
        whatif.target_kinds(group),
        key="whatif.target",
        default=whatif.DEFAULT_TARGET,
        kind="radio",
        format_func=lambda k: whatif.target_label(k, group),
    )
with percent_column:
    percent = (
        widgets.percent("Target percentage (0 to 100)", key="whatif.percent")
        if kind == "percent"
        else None
    )
mine = uploads.figures_for(look, indicator_id, period, "whatif")
choice = whatif.Choice(indicator_id, period, kind, area, percent, group)
meta = views.indicator_meta(catalogue, indicator_id)
version = data.manifest().version
components.render(
    whatif.blocks(data.ask, meta, choice, version, mine)
    if mine is not None  # a reader's own upload is theirs: drawn for them, never shared
    else data.ask.memo(whatif.blocks, meta, choice, version)
)
scenarios.save_box("whatif")

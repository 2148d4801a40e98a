"""Compare boroughs: one indicator across the boroughs, with intervals, a funnel plot and ranks."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from gmdash import views
from gmdash.ui import components, data, groups, shell, uploads, widgets
from gmdash.views import compare
from gmdash.whatif.groups import PooledGroup
from gmdash.whatif.uploads import lookups

components.header(
    "Compare boroughs",
    "One indicator across Greater Manchester's ten boroughs, against a comparator, with the "
    "uncertainty in each figure and in each borough's rank.",
)
catalogue = views.borough_catalogue(data.ask)
group = groups.editor(shell.boroughs(), "compare")


# What is measured: a change redraws this part, not the sidebar, header or group editor.
@shell.fragment
def measure(group: PooledGroup | None) -> None:
    first, second, third = st.columns([3, 2, 2])
    with first:
        indicator_id = widgets.indicator(views.picker_titles(catalogue), key="compare.indicator")
    meta = views.indicator_meta(catalogue, indicator_id)
    with third:
        sex = widgets.sex(views.sexes(meta), key="compare.sex")
    periods = views.borough_periods(data.ask, indicator_id, sex)
    with second:
        period = widgets.period(periods, key="compare.period") if periods else ""
    if not period:
        st.info(
            f"{meta['short_title']} has no borough values for {sex.lower()}; choose another "
            "indicator or sex."
        )
    else:
        settings_and_view(meta, indicator_id, period, sex, group)


# How it is compared and shown: a change (of comparator, above all) redraws only this part.
@shell.fragment
def settings_and_view(
    meta: pd.Series, indicator_id: str, period: str, sex: str, group: PooledGroup | None
) -> None:
    comparator_column, view_column, centre_column, area_column = st.columns([3, 2, 2, 2])
    with comparator_column:
        comparator = widgets.comparator(key="compare.comparator", group=group)
    with view_column:
        view = widgets.choice(
            "View", compare.VIEWS, key="compare.view", default=compare.BARS, kind="segmented"
        )
    with centre_column:
        options = compare.centre_options(comparator, group)
        centre = (
            widgets.choice(
                "Centre line", options, key="compare.centre", default=options[0], kind="radio"
            )
            if view == compare.FUNNEL
            else options[0]
        )
    with area_column:
        area = widgets.borough(shell.boroughs(), key="compare.area")
    mine = uploads.figures_for(data.ask.memo(lookups), indicator_id, period, "compare")
    choice = compare.Choice(indicator_id, period, sex, comparator, view, centre, area, group)
    version = data.manifest().version
    components.render(
        compare.blocks(data.ask, meta, choice, version, mine)
        if mine is not None  # a reader's own upload is theirs: drawn for them, never shared
        else data.ask.memo(compare.blocks, meta, choice, version)
    )


measure(group)

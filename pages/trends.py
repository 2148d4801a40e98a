"""Trends: one indicator over time for chosen boroughs against a comparator, with recent trends."""

from __future__ import annotations

import streamlit as st

from gmcore.schema import COMPARATORS
from gmdash import views
from gmdash.ui import components, data, groups, shell, state, widgets
from gmdash.views import trends

components.header(
    "Trends",
    "How an indicator has changed over time in the boroughs you choose, against a comparator, "
    "and whether the change is larger than the uncertainty.",
)
boroughs = shell.boroughs()
catalogue = views.borough_catalogue(data.ask)
group = groups.editor(boroughs, "trends")
first, second, third = st.columns([3, 2, 2])
with first:
    indicator_id = widgets.indicator(views.picker_titles(catalogue), key="trends.indicator")
meta = views.indicator_meta(catalogue, indicator_id)
with second:
    sex = widgets.sex(views.sexes(meta), key="trends.sex")
with third:
    comparator = widgets.comparator(key="trends.comparator")
areas_column, also_column = st.columns([4, 3])
with areas_column:
    areas = widgets.areas(boroughs, default=[state.current().area], key="trends.areas")
with also_column:
    also = widgets.several(
        "Show also",
        trends.also_options(comparator),
        key="trends.also",
        default=trends.default_also(comparator),
        format_func=COMPARATORS.__getitem__,
    )
known = trends.periods(data.ask, indicator_id, sex)
pool_column, baseline_column = st.columns([3, 2])
with pool_column:
    pool = widgets.toggle(
        f"Show {group.name} as one series" if group else "Pool the chosen boroughs as one series",
        key="trends.pool",
        disabled=group is None and len(areas) < 2,
        help="Name a pooled group above, or choose two or more boroughs to pool them.",
    )
with baseline_column:
    baseline = (
        widgets.choice(
            "Baseline period",
            known.baselines(),
            key="trends.baseline",
            default=known.default_baseline(),
        )
        if known.labels
        else ""
    )
pooled = trends.series_group(group, areas, boroughs) if pool else None
choice = trends.Choice(indicator_id, sex, comparator, areas, pooled, str(baseline), also)
components.render(data.ask.memo(trends.blocks, meta, choice, boroughs, data.manifest().version))

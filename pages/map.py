"""Map: the GM boroughs coloured by an indicator, with England's districts and GM deprivation."""

from __future__ import annotations

import streamlit as st

from gmdash import geo, queries, views
from gmdash.ui import components, data, groups, shell, widgets
from gmdash.views import map as view

components.header(
    "Map",
    "Where the boroughs stand on an indicator, and where deprivation is "
    "concentrated within Greater Manchester.",
)
catalogue = views.borough_catalogue(data.ask)
version = data.manifest().version
group = groups.editor(shell.boroughs(), "map")
filters = st.columns(4)
with filters[0]:
    indicator = widgets.indicator(views.picker_titles(catalogue), key="map.indicator")
meta = views.indicator_meta(catalogue, indicator)
with filters[1]:
    period = widgets.period(views.borough_periods(data.ask, indicator, "Persons"), key="map.period")
with filters[2]:
    comparator = widgets.comparator(key="map.comparator", group=group)
with filters[3]:
    scheme = widgets.choice(
        "Colour boroughs by",
        geo.SCHEMES,
        key="map.scheme",
        default=geo.BENCHMARK_SCHEME,
        kind="segmented",
        format_func=lambda s: geo.SCHEME_NAMES[s],
    )
components.render(
    data.ask.memo(view.borough_blocks, meta, indicator, period, comparator, scheme, version, group)
)

st.subheader("Deprivation by neighbourhood")
domains = data.ask(queries.lsoa_domains)["domain"].tolist()
domain = widgets.choice("Deprivation domain", domains, key="map.domain", default=geo.DEFAULT_DOMAIN)
components.show(data.ask.memo(view.deprivation_figure, domain, version))

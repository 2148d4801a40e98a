"""Map: the GM boroughs coloured by an indicator, with England's districts and GM deprivation."""

from __future__ import annotations

import streamlit as st

from gmdash import geo
from gmdash.analysis import comparator_value
from gmdash.charts import maps
from gmdash.provenance import Provenance, suppression_summary
from gmdash.ui import components, data, state, widgets

components.header(
    "Map",
    "Where the boroughs stand on an indicator, and where deprivation is "
    "concentrated within Greater Manchester.",
)
catalogue = data.query("indicator_catalogue")
catalogue = catalogue[catalogue["has_gm_boroughs"].astype(bool)].set_index("indicator_id")
filters = st.columns(4)
with filters[0]:
    indicator = widgets.indicator(dict(catalogue["short_title"]), key="map_indicator")
meta = catalogue.loc[indicator]
periods = data.query("indicator_periods", indicator_id=indicator)
with filters[1]:
    period = widgets.period(
        periods.loc[periods["has_gm_boroughs"], "period"].tolist(), key="map_period"
    )
with filters[2]:
    comparator = widgets.comparator(key="map_comparator")
with filters[3]:
    scheme = widgets.choice(
        "Colour boroughs by",
        geo.SCHEMES,
        key="map_scheme",
        default=geo.BENCHMARK_SCHEME,
        kind="segmented",
        format_func=lambda s: geo.SCHEME_NAMES[s],
    )
values = data.query("indicator_values_gm", indicator_id=indicator, period=period)
illustrative = bool(values["is_illustrative"].any())
if illustrative:
    components.illustrative_banner()
frame, legend = geo.map_categories(
    values[values["area_type"] == "local_authority"],
    scheme=scheme,
    unit=str(meta["unit"]),
    polarity=str(meta["polarity"]),
    comparator_value=comparator_value(values, comparator),
    comparator_name=state.COMPARATORS[comparator],
    reference=data.query("quintile_areas", indicator_id=indicator, period=period),
)
view = geo.map_view(frame)
chart = maps.borough_map(
    view.features,
    view.context,
    scheme=scheme,
    legend_title=legend,
    title=str(meta["short_title"]),
    period=period,
    polarity=str(meta["polarity"]),
    comparator_name=state.COMPARATORS[comparator],
    attribution=view.attribution,
    illustrative=illustrative,
    description=maps.borough_map_alt_text(
        frame,
        title=str(meta["short_title"]),
        period=period,
        legend_title=legend,
        illustrative=illustrative,
    ),
)
if scheme == geo.BENCHMARK_SCHEME and comparator_value(values, comparator) is None:
    st.info(
        f"There is no {state.COMPARATORS[comparator]} value for {period}, so the boroughs "
        "are not compared: choose another comparator, or colour by quintiles."
    )
components.chart_block(
    chart,
    geo.map_table(frame, unit=str(meta["unit"]), legend_title=legend),
    key=f"map:{indicator}",
    alt_text=chart.description or "",
    filename=f"{indicator}_{period.replace('/', '-')}_gm_map.csv",
    provenance=Provenance(
        sources=(
            (str(meta["source_name"]), str(meta["source_url"])),
            ("ONS boundaries (Open Geography Portal)", ""),
        ),
        extract_version=data.manifest().version,
        method=str(meta["definition"]),
        suppression=suppression_summary(frame["suppression_note"].fillna("").tolist()),
        illustrative=illustrative,
    ),
    context={"indicator": indicator, "period": period, "colouring": legend},
)
st.subheader("Deprivation by neighbourhood")
domains = data.query("lsoa_domains")["domain"].tolist()
domain = widgets.choice("Deprivation domain", domains, key="map_domain", default=geo.DEFAULT_DOMAIN)
lsoas = geo.lsoa_frame(data.query("gm_lsoa_deprivation", domain=domain))
lsoa_view = geo.lsoa_map_view(lsoas)
components.chart_block(
    maps.deprivation_map(
        lsoa_view.features,
        lsoa_view.context,
        domain=domain,
        attribution=lsoa_view.attribution,
        description=maps.deprivation_map_alt_text(lsoas, domain=domain),
    ),
    lsoas,
    key="map:lsoa",
    alt_text=maps.deprivation_map_alt_text(lsoas, domain=domain),
    filename="gm_lsoa_deprivation_iod2019.csv",
    provenance=Provenance(
        sources=(
            (
                "English Indices of Deprivation 2019 (MHCLG)",
                "https://www.gov.uk/government/statistics/english-indices-of-deprivation-2019",
            ),
        ),
        extract_version=data.manifest().version,
        method="National rank and decile of each 2011 LSOA (1 = most deprived).",
    ),
    context={"domain": domain},
)

"""Funding: every sourced public health and drug treatment allocation, with its gaps and sources."""

from __future__ import annotations

import streamlit as st

from gmdash import funding
from gmdash.charts.funding import england_totals_chart, funding_grid_chart, per_head_chart
from gmdash.ui import components, data, shell, widgets

components.header(
    "Funding",
    "Every public health and drug treatment funding figure this project could source for the "
    "GM boroughs, by grant and year — in cash terms, with each figure's source, and with gaps "
    "shown as gaps.",
)
boroughs = shell.boroughs()
areas = data.query("gm_areas")
allocations = data.query("funding_allocations", area_codes=tuple(areas["area_code"]))
grants = data.query("funding_grants")["grant"].tolist()
version = data.manifest().version
links = {"source_url": st.column_config.LinkColumn("Source", display_text="open source")}
with st.expander("Read before using these figures", expanded=True, icon=":material/info:"):
    st.markdown(funding.caveats_markdown())

left, right = st.columns(2)
with left:
    grant = str(
        widgets.choice(
            "Grant",
            grants,
            key="funding_grant",
            default=funding.PUBLIC_HEALTH_GRANT,
            format_func=funding.grant_label,
        )
    )
with right:
    area = widgets.borough(boroughs)


st.subheader(f"{funding.grant_label(grant)} by borough and year")
grid = funding.gap_grid(allocations, grant, funding.grid_areas(boroughs))
components.chart_block(
    funding_grid_chart(grid, grant=grant),
    grid,
    key=f"funding:grid:{grant}",
    alt_text=funding.grid_alt_text(grid, grant),
    filename=f"funding_{grant}_gm_grid.csv",
    provenance=funding.provenance(
        version,
        "Published figures as found; nothing estimated, interpolated or "
        "deflated. Empty cells mean no published figure was found.",
    ),
    context={"grant": grant, "terms": funding.CASH_TERMS},
)

st.subheader(f"Every figure found for {boroughs[area]}")
detail = funding.borough_figures(allocations, area)
if detail.empty:
    st.info(f"No funding figure was found for {boroughs[area]} in the sources searched.")
else:
    st.dataframe(
        detail, hide_index=True, width="stretch", column_config=links, key="funding_borough_table"
    )

st.subheader("Per resident")
per_head = funding.per_head_view(
    data.query("funding_per_head", area_codes=tuple(areas["area_code"])), grant
)
if per_head.empty:
    st.info(
        f"No {funding.grant_label(grant)} figure has a population estimate for the same "
        "year, so no per-resident figure is shown."
    )
else:
    components.chart_block(
        per_head_chart(per_head, grant=grant),
        per_head,
        key=f"funding:per_head:{grant}",
        alt_text=funding.per_head_alt_text(per_head, grant),
        filename=f"funding_{grant}_per_resident.csv",
        provenance=funding.provenance(
            version,
            "Amount divided by the ONS mid-year population estimate for the "
            "mid-year in which the financial year starts (e.g. 2015/16 uses "
            "mid-2015).",
        ),
        context={"grant": grant, "terms": funding.CASH_TERMS},
    )

st.subheader("England public health grant over time")
totals = funding.england_totals(allocations)
components.chart_block(
    england_totals_chart(totals),
    totals,
    key="funding:england",
    alt_text=funding.england_alt_text(totals),
    filename="funding_england_public_health_grant.csv",
    provenance=funding.provenance(
        version, "England totals as published, cash terms (not adjusted for inflation)."
    ),
    context={"area_code": "E92000001", "area_name": "England", "terms": funding.CASH_TERMS},
)

with st.expander("Every sourced figure (all grants, areas and years)"):
    st.dataframe(
        funding.figures_table(allocations),
        hide_index=True,
        width="stretch",
        column_config=links,
        key="funding_all_table",
    )

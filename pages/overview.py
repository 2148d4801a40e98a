"""Overview: the GM "tartan rug" — every borough on every indicator against a comparator."""

from __future__ import annotations

import streamlit as st

from gmdash import overview
from gmdash.charts.rug import rug_alt_text, rug_chart
from gmdash.ui import components, data, state, widgets

components.header(
    "Overview",
    "Every indicator with borough figures, for all ten boroughs at once: where each stands "
    "against a comparator, and where a borough is worse and getting worse.",
)
left, _ = st.columns([2, 5])
with left:
    comparator_code = widgets.comparator(key="overview:comparator")
comparator = state.COMPARATORS[comparator_code]
catalogue = data.query("indicator_catalogue")
trends = overview.recent_trends(data.query("gm_borough_series"), catalogue)
rug = overview.rug_frame(
    data.query("latest_values_gm"),
    catalogue,
    trends,
    comparator_code=comparator_code,
    comparator_name=comparator,
)
illustrative = bool(rug["indicator_illustrative"].any())
if illustrative:
    components.illustrative_banner()
components.chart_block(
    rug_chart(rug, comparator_name=comparator, illustrative=illustrative),
    overview.rug_table(rug, comparator),
    key="overview:rug",
    alt_text=rug_alt_text(rug, comparator_name=comparator, illustrative=illustrative),
    filename=f"gm_overview_vs_{comparator.lower().replace(' ', '_')}.csv",
    provenance=overview.provenance(catalogue, rug, data.manifest().version),
    context={"comparator": comparator, "sex": "Persons"},
)
st.subheader("How to read the rug")
st.markdown(overview.how_to_read(comparator))
st.subheader("Needs attention")
st.caption(
    f"Borough figures significantly worse than {comparator} that are also getting "
    "significantly worse over their last five annual points."
)
sentences = overview.attention_sentences(rug, comparator)
st.markdown(
    "\n".join(f"- {s}" for s in sentences)
    if sentences
    else f"No borough figure is both significantly worse than {comparator} and getting "
    "significantly worse."
)
st.caption(overview.trend_coverage(rug))

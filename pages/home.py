"""Home: what the dashboard is for, and real GM headline figures with their periods and sources."""

from __future__ import annotations

import streamlit as st

from gmdash.analysis import borough_comparison, table_view
from gmdash.charts.bars import bars_alt_text, interval_bars
from gmdash.provenance import Provenance, suppression_summary
from gmdash.ui import components, data
from gmdata.schema import ENGLAND

HEADLINES = ("alcohol_met_need", "drug_poisoning_death_rate")

components.header(
    "Drug and alcohol treatment in Greater Manchester",
    "How the ten boroughs compare with England on treatment, need and harm — with the "
    "uncertainty shown, the sources named, and small numbers protected.",
)
catalogue = data.query("indicator_catalogue").set_index("indicator_id")
version = data.manifest().version
columns = st.columns(len(HEADLINES))
for column, indicator_id in zip(columns, HEADLINES, strict=True):
    meta = catalogue.loc[indicator_id]
    period = str(meta["latest_gm_period"])
    frame = data.query("indicator_values_gm", indicator_id=indicator_id, period=period)
    boroughs, england = borough_comparison(frame, str(meta["polarity"]), ENGLAND)
    with column:
        st.subheader(str(meta["short_title"]))
        st.markdown(f"**{period}** · {meta['unit']} · compared with England")
        chart = interval_bars(
            boroughs,
            title=str(meta["short_title"]),
            unit=str(meta["unit"]),
            comparator_name="England",
            comparator_value=england,
            period=period,
            illustrative=bool(meta["is_illustrative"]),
        )
        components.chart_block(
            chart,
            table_view(boroughs, str(meta["unit"])),
            key=f"home:{indicator_id}",
            alt_text=bars_alt_text(
                boroughs,
                title=str(meta["short_title"]),
                unit=str(meta["unit"]),
                period=period,
                comparator_name="England",
                comparator_value=england,
                illustrative=bool(meta["is_illustrative"]),
            ),
            filename=f"{indicator_id}_{period.replace('/', '-')}_gm_boroughs.csv",
            provenance=Provenance(
                sources=((str(meta["source_name"]), str(meta["source_url"])),),
                extract_version=version,
                method=str(meta["definition"]),
                suppression=suppression_summary(
                    boroughs.get("suppression_note", []).tolist()  # type: ignore[union-attr]
                ),
                illustrative=bool(meta["is_illustrative"]),
            ),
            context={"indicator": indicator_id, "period": period, "comparator": "England"},
        )

"""Home: what the dashboard is for, and real GM headline figures with their periods and sources."""

from __future__ import annotations

import streamlit as st

from gmcore.schema import ENGLAND
from gmdash.analysis import borough_comparison, table_view
from gmdash.charts.bars import bars_alt_text, interval_bars
from gmdash.headlines import gm_headline
from gmdash.provenance import Provenance, suppression_summary
from gmdash.ui import components, data

HEADLINES = ("alcohol_met_need", "drug_poisoning_death_rate")
GUIDE = {
    "pages/overview.py": "every borough and indicator at a glance",
    "pages/profile.py": "one borough, in plain English",
    "pages/compare.py": "one indicator, all boroughs, with uncertainty",
    "pages/trends.py": "change over time and pooled groups",
    "pages/map.py": "boroughs and neighbourhood deprivation",
    "pages/methods.py": "sources, definitions and downloads",
}

components.header(
    "Drug and alcohol treatment in Greater Manchester",
    "How the ten boroughs compare with England on treatment, need and harm — with the "
    "uncertainty shown, the sources named, and small numbers protected.",
)
catalogue = data.query("indicator_catalogue").set_index("indicator_id")
version = data.manifest().version
frames = {}
for indicator_id in HEADLINES:
    period = str(catalogue.loc[indicator_id, "latest_gm_period"])
    frames[indicator_id] = (
        period,
        data.query("indicator_values_gm", indicator_id=indicator_id, period=period),
    )

for column, (indicator_id, (period, frame)) in zip(
    st.columns(len(HEADLINES)), frames.items(), strict=True
):
    meta = catalogue.loc[indicator_id]
    tile = gm_headline(frame, str(meta["short_title"]), str(meta["unit"]), period)
    if tile:
        column.metric(
            f"Greater Manchester · {tile.label} · {tile.period}",
            tile.value,
            tile.comparison,
            delta_color="off",
            delta_arrow="off",
            border=True,
        )

for column, (indicator_id, (period, frame)) in zip(
    st.columns(len(HEADLINES)), frames.items(), strict=True
):
    meta = catalogue.loc[indicator_id]
    title, unit = str(meta["short_title"]), str(meta["unit"])
    illustrative = bool(meta["is_illustrative"])
    boroughs, england = borough_comparison(frame, str(meta["polarity"]), ENGLAND)
    with column:
        st.subheader(f"{title} by borough")
        chart = interval_bars(
            boroughs,
            title=title,
            unit=unit,
            comparator_name="England",
            comparator_value=england,
            period=period,
            illustrative=illustrative,
        )
        components.chart_block(
            chart,
            table_view(boroughs, unit),
            key=f"home:{indicator_id}",
            alt_text=bars_alt_text(
                boroughs,
                title=title,
                unit=unit,
                period=period,
                comparator_name="England",
                comparator_value=england,
                illustrative=illustrative,
            ),
            filename=f"{indicator_id}_{period.replace('/', '-')}_gm_boroughs.csv",
            provenance=Provenance(
                sources=((str(meta["source_name"]), str(meta["source_url"])),),
                extract_version=version,
                method=str(meta["definition"]),
                suppression=suppression_summary(boroughs["suppression_note"].tolist()),
                illustrative=illustrative,
            ),
            context={"indicator": indicator_id, "period": period, "comparator": "England"},
        )

st.subheader("Explore")
for column, (path, purpose) in zip(st.columns(3) * 2, GUIDE.items(), strict=True):
    column.page_link(path, label=purpose[0].upper() + purpose[1:])

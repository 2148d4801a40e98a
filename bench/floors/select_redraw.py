"""Benchmark floor: one select that redraws one small Altair chart (no data layer at all)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

st.set_page_config(page_title="Benchmark floor: select and redraw", layout="wide")
st.title("Select and redraw")
OPTIONS = ["England", "North West", "Greater Manchester"]
chosen = st.selectbox("Compare with", OPTIONS, key="floor:comparator")
shift = OPTIONS.index(chosen)
frame = pd.DataFrame({"area": [f"Area {i}" for i in range(10)], "value": range(shift, shift + 10)})
chart = alt.Chart(frame, title=f"Synthetic values against {chosen}").mark_bar()
st.altair_chart(
    chart.encode(x="value:Q", y="area:N"),
    width="stretch",
    alt=f"Bar chart of synthetic values for ten areas. Against {chosen}.",
)

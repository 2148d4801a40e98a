"""Benchmark floor: the least a page can do, one small Altair chart of synthetic bars.

Pages are measured against this app in the same run, so the ratio holds on any machine.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

st.set_page_config(page_title="Benchmark floor: one chart", layout="wide")
st.title("One chart")
frame = pd.DataFrame({"area": [f"Area {i}" for i in range(10)], "value": range(10, 20)})
chart = alt.Chart(frame, title="Synthetic values").mark_bar().encode(x="value:Q", y="area:N")
st.altair_chart(chart, width="stretch", alt="Bar chart of synthetic values for ten areas.")

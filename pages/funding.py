"""Funding page: being written now (replaced before this lands)."""

import streamlit as st

st.title("Funding")

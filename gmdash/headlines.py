"""Headline figures for the home page: GM against England for an indicator's latest GM period."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from gmcore.schema import ENGLAND, GREATER_MANCHESTER


@dataclass(frozen=True)
class Headline:
    """One GM figure with England beside it, ready for a metric tile."""

    label: str
    value: str
    comparison: str
    period: str


def gm_headline(frame: pd.DataFrame, label: str, unit: str, period: str) -> Headline | None:
    """GM's value and England's from an indicator_values_gm frame; None when GM has no value."""
    by_area = frame.set_index("area_code")["value"]
    gm, england = by_area.get(GREATER_MANCHESTER), by_area.get(ENGLAND)
    if gm is None or pd.isna(gm):
        return None
    suffix = "%" if unit == "%" else f" {unit}"
    comparison = (
        f"England {england:,.1f}{suffix}" if england is not None and pd.notna(england) else ""
    )
    return Headline(label=label, value=f"{gm:,.1f}{suffix}", comparison=comparison, period=period)

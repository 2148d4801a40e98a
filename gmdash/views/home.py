"""The Home view: GM headline figures against England, and each indicator's borough bars."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from gmcore.schema import ENGLAND
from gmdash import queries
from gmdash.analysis import borough_comparison, table_view
from gmdash.charts.bars import interval_bars
from gmdash.figure import Figure, slug
from gmdash.headlines import Headline, gm_headline
from gmdash.provenance import Provenance
from gmdash.queries import Ask
from gmdash.views import borough_catalogue, indicator_meta

# Real indicators only: the home page is the first thing a reader sees.
HEADLINES = ("alcohol_met_need", "drug_poisoning_death_rate")


@dataclass(frozen=True)
class HeadlineView:
    """One headline indicator: the GM tile (None when GM has no value) and the borough bars."""

    tile: Headline | None
    figure: Figure


def headline(ask: Ask, meta: pd.Series, indicator_id: str, version: str) -> HeadlineView:
    """GM against England in the indicator's latest GM period, and every borough's bar."""
    period = str(meta["latest_gm_period"])
    title, unit = str(meta["short_title"]), str(meta["unit"])
    frame = ask(queries.indicator_values_gm, indicator_id, period)
    rows, england = borough_comparison(frame, str(meta["polarity"]), ENGLAND)
    provenance = Provenance.for_indicators(meta.to_frame().T, rows, version)
    chart = interval_bars(
        rows,
        title=title,
        unit=unit,
        comparator_name="England",
        comparator_value=england,
        period=period,
        illustrative=provenance.status.has_generated,
    )
    figure = Figure(
        key=f"home.{indicator_id}",
        chart=chart,
        table=table_view(rows, unit),
        provenance=provenance,
        name=f"gm-boroughs_{slug(title)}_{slug(period)}_vs-england",
        heading=f"{title} by borough",
        context={"indicator": indicator_id, "period": period, "comparator": "England"},
    )
    return HeadlineView(gm_headline(frame, title, unit, period), figure)


def headline_of(ask: Ask, indicator_id: str, version: str) -> HeadlineView:
    """`headline` for one indicator, read from the catalogue."""
    return headline(
        ask, indicator_meta(borough_catalogue(ask), indicator_id), indicator_id, version
    )


def headlines(ask: Ask, version: str) -> list[HeadlineView]:
    """Every headline indicator's view, in HEADLINES order."""
    catalogue = ask(queries.indicator_catalogue).set_index("indicator_id")
    return [headline(ask, indicator_meta(catalogue, i), i, version) for i in HEADLINES]

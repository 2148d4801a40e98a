"""Demographic charts: population pyramid against England, Census shares, deprivation deciles."""

from __future__ import annotations

from typing import Literal

import altair as alt
import pandas as pd

from gmdash.charts import COMPARATOR_COLOUR, SERIES_COLOURS, TEXT, require_columns, subtitle
from gmdash.charts.maps import DECILE_COLOURS

BOROUGH_COLOUR = SERIES_COLOURS[0]
GM_AVERAGE_COLOUR = "#5F5F5F"


def pyramid_chart(
    borough: pd.DataFrame, england: pd.DataFrame, *, description: str
) -> alt.LayerChart:
    """Borough bars (males left, females right) with England's shape as a black outline.

    Both frames come from gmdash.demographics.pyramid_bands; their sources and years are named
    in the subtitle because the latest data with a sex split differ (Census vs mid-year).
    """
    columns = ["sex", "band", "band_start", "signed_share", "share", "area", "source_label"]
    require_columns(borough, columns, "pyramid_chart")
    require_columns(england, columns, "pyramid_chart")
    order = sorted(
        borough["band"].unique(), key=lambda b: int(b.rstrip("+").split("–")[0]), reverse=True
    )
    limit = float(max(borough["share"].max(), england["share"].max())) * 1.1
    y = alt.Y("band:O", sort=order, title="Age (years)", axis=alt.Axis(labelFontSize=12))
    x_scale = alt.Scale(domain=[-limit, limit])
    tooltip = [
        alt.Tooltip("area:N", title="Area"),
        alt.Tooltip("sex:N", title="Sex"),
        alt.Tooltip("band:N", title="Age"),
        alt.Tooltip("share:Q", title="% of all residents", format=".2f"),
        alt.Tooltip("source_label:N", title="Source"),
    ]
    bars = (
        alt.Chart(borough)
        .mark_bar(color=BOROUGH_COLOUR, opacity=0.85)
        .encode(
            y=y,
            x=alt.X(
                "signed_share:Q",
                scale=x_scale,
                title="% of all residents (males left, females right)",
                axis=alt.Axis(labelExpr="abs(datum.value) + '%'"),
            ),
            tooltip=tooltip,
        )
    )
    outline = (
        alt.Chart(england)
        .mark_tick(color=COMPARATOR_COLOUR, thickness=3, size=18)
        .encode(
            y=y,
            x=alt.X("signed_share:Q", scale=x_scale),
            tooltip=tooltip,
        )
    )
    sides: tuple[tuple[float, str, Literal["left", "right"]], ...] = (
        (-limit * 0.97, "Males", "left"),
        (limit * 0.97, "Females", "right"),
    )
    labels = [
        alt.Chart(pd.DataFrame({"x": [x], "text": [text]}))
        .mark_text(
            fontWeight="bold",
            fontSize=13,
            color=TEXT,
            baseline="top",
            align=align,
        )
        .encode(x=alt.X("x:Q", scale=x_scale), y=alt.value(2), text="text:N")
        for x, text, align in sides
    ]
    area = str(borough["area"].iloc[0])
    lines = [
        f"Bars: {area}, {borough['source_label'].iloc[0]}. Black marks: England, "
        f"{england['source_label'].iloc[0]} (the latest years with a split by sex).",
        "Shares of each area's whole population, so areas of different sizes compare by shape.",
    ]
    return alt.LayerChart(
        layer=[bars, outline, *labels],
        title=alt.TitleParams(
            f"Population by age and sex: {area} and England",
            subtitle=subtitle(lines, False),
            anchor="start",
        ),
        width="container",
        height=alt.Step(20),
        description=description,
    )


def pyramid_alt_text(borough: pd.DataFrame, england: pd.DataFrame, older: str) -> str:
    """The pyramid in words: which bands the borough has more or fewer of than England."""
    both = borough.groupby("band")["share"].sum() - england.groupby("band")["share"].sum()
    more, fewer = str(both.idxmax()), str(both.idxmin())
    return (
        f"Population pyramid of {borough['area'].iloc[0]} "
        f"({borough['source_label'].iloc[0]}) against England "
        f"({england['source_label'].iloc[0]}). The largest excess over England is at ages "
        f"{more} ({both[more]:+.1f} percentage points); the largest shortfall at {fewer} "
        f"({both[fewer]:+.1f}). {older}"
    )


def census_chart(frame: pd.DataFrame, *, title: str, description: str) -> alt.LayerChart:
    """A Census topic: the borough's share of each category as bars, the GM average as ticks."""
    require_columns(
        frame,
        ["category", "borough", "gm_average", "area_name", "unit", "census_date", "table_code"],
        "census_chart",
    )
    unit = str(frame["unit"].iloc[0])
    area = str(frame["area_name"].iloc[0])
    long = frame.melt(
        id_vars=["category"],
        value_vars=["borough", "gm_average"],
        var_name="series",
        value_name="shown",
    )
    long["series"] = long["series"].map({"borough": area, "gm_average": "GM average"})
    y = alt.Y(
        "category:N",
        sort=frame["category"].tolist(),
        title=None,
        axis=alt.Axis(labelLimit=360, labelFontSize=12),
    )
    label = "% of residents" if unit == "%" else unit
    tooltip = [
        alt.Tooltip("category:N", title="Category"),
        alt.Tooltip("series:N", title="Area"),
        alt.Tooltip("shown:Q", title=label, format=",.1f"),
    ]
    colour = alt.Color(
        "series:N",
        scale=alt.Scale(domain=[area, "GM average"], range=[BOROUGH_COLOUR, GM_AVERAGE_COLOUR]),
        legend=alt.Legend(title=None, orient="top", labelFontSize=13),
    )
    bars = (
        alt.Chart(long[long["series"] == area])
        .mark_bar()
        .encode(
            y=y,
            x=alt.X("shown:Q", title=label),
            color=colour,
            tooltip=tooltip,
        )
    )
    ticks = (
        alt.Chart(long[long["series"] == "GM average"])
        .mark_tick(thickness=3, size=18)
        .encode(y=y, x="shown:Q", color=colour, tooltip=tooltip)
    )
    lines = [
        f"Census 2021 ({frame['census_date'].iloc[0]}), ONS table "
        f"{frame['table_code'].iloc[0]}. Bars: {area}; grey marks: GM average "
        "(mean of the ten boroughs)."
    ]
    return alt.LayerChart(
        layer=[bars, ticks],
        title=alt.TitleParams(title, subtitle=subtitle(lines, False), anchor="start"),
        width="container",
        height=alt.Step(24),
        description=description,
    )


def census_alt_text(frame: pd.DataFrame, title: str) -> str:
    """The Census chart in words: the borough's largest categories against the GM average."""
    unit = "%" if frame["unit"].iloc[0] == "%" else f" {frame['unit'].iloc[0]}"
    top = frame.head(3)
    parts = [
        f"{r.category} {r.borough:,.1f}{unit} (GM average {r.gm_average:,.1f}{unit})"
        for r in top.itertuples()
    ]
    return (
        f"Bar chart of {title} in {frame['area_name'].iloc[0]}, Census 2021, against the GM "
        f"average. Largest: " + "; ".join(parts) + "."
    )


def decile_chart(frame: pd.DataFrame, *, domain: str, description: str) -> alt.LayerChart:
    """Share of the borough's LSOAs in each national decile, against England's 10% line."""
    require_columns(
        frame, ["area_name", "decile", "lsoas", "share", "england_share"], "decile_chart"
    )
    area = str(frame["area_name"].iloc[0])
    x = alt.X(
        "decile:O",
        title="National decile (1 = most deprived 10% of England)",
        axis=alt.Axis(labelAngle=0, labelFontSize=13),
    )
    bars = (
        alt.Chart(frame)
        .mark_bar(stroke=TEXT, strokeWidth=0.5)
        .encode(
            x=x,
            y=alt.Y("share:Q", title=f"% of {area}'s neighbourhoods"),
            color=alt.Color(
                "decile:O",
                scale=alt.Scale(domain=list(range(1, 11)), range=DECILE_COLOURS),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("decile:O", title="Decile"),
                alt.Tooltip("lsoas:Q", title="Neighbourhoods (LSOAs)"),
                alt.Tooltip("share:Q", title="% of borough", format=".1f"),
            ],
        )
    )
    # The subtitle names the dashed line: a text mark at a numeric datum on this ordinal axis
    # would add a phantom category.
    rule = alt.Chart(pd.DataFrame({"y": [10.0]}))
    line = rule.mark_rule(color=COMPARATOR_COLOUR, strokeDash=[6, 3], strokeWidth=2).encode(
        y="y:Q", tooltip=[alt.Tooltip("y:Q", title="England: % in each decile")]
    )
    lines = [
        f"English Indices of Deprivation 2019, {domain}; 2011 LSOAs (neighbourhoods of "
        "about 1,500 people). Dashed line: England, where each decile holds 10%."
    ]
    return alt.LayerChart(
        layer=[bars, line],
        title=alt.TitleParams(
            f"{area}'s neighbourhoods by national deprivation decile",
            subtitle=subtitle(lines, False),
            anchor="start",
        ),
        width="container",
        height=300,
        description=description,
    )


def decile_alt_text(frame: pd.DataFrame, domain: str) -> str:
    """The decile chart in words: the share in the most and least deprived deciles."""
    area = frame["area_name"].iloc[0]
    first = frame.loc[frame["decile"] == 1].iloc[0]
    last = frame.loc[frame["decile"] == 10].iloc[0]
    return (
        f"{first['share']:.1f}% of {area}'s {int(frame['lsoas'].sum())} neighbourhoods are "
        f"in England's most deprived 10% on {domain} (IoD 2019), and {last['share']:.1f}% in "
        "the least deprived 10%; in England each decile holds 10%."
    )

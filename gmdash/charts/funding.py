"""Funding charts: the borough x year gap grid, England totals in cash terms, and per-head bars."""

from __future__ import annotations

import altair as alt
import pandas as pd

from gmdash.charts import GM_COLOUR, SERIES_COLOURS, TEXT, Chart, require_columns, subtitle
from gmdash.funding import (
    CASH_TERMS,
    CELL_STATUSES,
    FINAL,
    INDICATIVE,
    NO_FIGURE,
    england_alt_text,
    grant_label,
    grid_alt_text,
    money,
    per_head_alt_text,
)

# Final and indicative share a light fill (dark text stays >= 4.5:1); indicative is also paler
# with a dashed outline and says "indicative"; gaps are neutral grey and say so in words.
GRID_FILLS = {FINAL: "#56B4E9", INDICATIVE: "#D4ECFA", NO_FIGURE: "#EBEBEB"}
GRID_ROWS = (
    "area_code",
    "area_name",
    "financial_year",
    "amount_gbp",
    "cell_status",
    "source_note",
    "source_url",
)
TOTALS_ROWS = (
    "financial_year",
    "amount_gbp",
    "cell_status",
    "comparable",
    "source_note",
    "source_url",
)
PER_HEAD_ROWS = (
    "area_name",
    "financial_year",
    "per_head_gbp",
    "status",
    "population_basis",
    "source_url",
)
COMPARABLE = "Public health grant (final)"
NOT_COMPARABLE = "Consolidated grant – not comparable"


def _source_tooltip() -> list[alt.Tooltip]:
    return [
        alt.Tooltip("source_note:N", title="Source note"),
        alt.Tooltip("source_url:N", title="Source"),
    ]


def funding_grid_chart(grid: pd.DataFrame, *, grant: str) -> Chart:
    """Area x financial-year cells for one grant: figure and status in words, gaps in grey.

    `grid` is gmdash.funding.gap_grid output: every cell present, gaps as "no published figure
    found" rows with no amount. The tooltip carries each figure's source note and link.
    """
    require_columns(grid, GRID_ROWS, "funding_grid_chart")
    data = grid.copy()
    data["cell_text"] = [
        "no figure\nfound" if s == NO_FIGURE else f"{money(float(a))}\n{s}"
        for a, s in zip(data["amount_gbp"], data["cell_status"], strict=True)
    ]
    # A cell with both an indicative and a final figure names both, one per line, not added.
    keys = ["area_code", "financial_year"]
    both = data.groupby(keys)["cell_text"].transform("size") > 1
    data.loc[both, "cell_text"] = [t.replace("\n", " ") for t in data.loc[both, "cell_text"]]
    data["cell_text"] = data.groupby(keys)["cell_text"].transform("\n".join)
    data["stack"] = data.groupby(keys).cumcount()
    years = list(dict.fromkeys(data["financial_year"]))
    areas = list(dict.fromkeys(data["area_name"]))
    x = alt.X(
        "financial_year:O",
        sort=years,
        title="Financial year",
        axis=alt.Axis(orient="top", labelAngle=0, labelFontSize=12, labelOverlap=False),
    )
    y = alt.Y(
        "area_name:N", sort=areas, title=None, axis=alt.Axis(labelLimit=260, labelFontSize=12)
    )
    tooltip = [
        alt.Tooltip("area_name:N", title="Area"),
        alt.Tooltip("financial_year:N", title="Financial year"),
        alt.Tooltip("amount_gbp:Q", title="Amount (£, cash)", format=",.0f"),
        alt.Tooltip("cell_status:N", title="Status"),
        *_source_tooltip(),
    ]
    base = alt.Chart(data).encode(x=x, y=y, tooltip=tooltip)
    cells = base.mark_rect(stroke="#FFFFFF", strokeWidth=2).encode(
        color=alt.Color(
            "cell_status:N",
            scale=alt.Scale(domain=list(CELL_STATUSES), range=list(GRID_FILLS.values())),
            legend=alt.Legend(title="Status", orient="bottom"),
        ),
    )
    # A decorative overlay (the status is in the colour, the text and the tooltip): hidden from
    # assistive technology, which would otherwise meet an unnamed, often empty, mark group.
    outline = base.transform_filter(alt.datum.cell_status == INDICATIVE).mark_rect(
        filled=False, stroke=TEXT, strokeWidth=1.5, strokeDash=[4, 3], aria=False
    )
    text = (
        base.transform_filter(alt.datum.stack == 0)
        .mark_text(lineBreak="\n", fontSize=11, baseline="middle")
        .encode(
            text="cell_text:N",
            color=alt.condition(
                alt.datum.cell_status == NO_FIGURE, alt.value(GM_COLOUR), alt.value(TEXT)
            ),
        )
    )
    lines = [
        f"Each cell is one published figure, {CASH_TERMS}.",
        "Grey cells: no published figure found (a gap, not zero).",
        "Dashed, paler cells: indicative figures, later superseded. Hover for the source.",
    ]
    return alt.LayerChart(
        layer=[cells, outline, text],
        title=alt.TitleParams(
            f"{grant_label(grant)}, {CASH_TERMS}",
            subtitle=subtitle(lines, illustrative=False),
            anchor="start",
        ),
        width="container",
        height=alt.Step(42),
        description=grid_alt_text(grid, grant),
    )


def england_totals_chart(totals: pd.DataFrame) -> Chart:
    """England public health grant totals by year: final bars, indicative diamonds, gaps named.

    `totals` is gmdash.funding.england_totals output. The consolidated 2026/27 grant has its own
    colour and the words "not comparable"; a missing year carries the words "no published
    figure found" on the chart.
    """
    require_columns(totals, TOTALS_ROWS, "england_totals_chart")
    data = totals.copy()
    data["series"] = data["comparable"].map({True: COMPARABLE, False: NOT_COMPARABLE})
    data["amount_bn"] = data["amount_gbp"] / 1e9
    data["bar_label"] = [
        "" if pd.isna(a) else money(float(a)) + ("" if c else "\nnot comparable")
        for a, c in zip(data["amount_gbp"], data["comparable"], strict=True)
    ]
    years = list(dict.fromkeys(data["financial_year"]))
    x = alt.X(
        "financial_year:O",
        sort=years,
        title="Financial year",
        axis=alt.Axis(labelAngle=0, labelFontSize=12, labelOverlap=False),
    )
    y_title = "£ billion, cash terms"
    tooltip = [
        alt.Tooltip("financial_year:N", title="Financial year"),
        alt.Tooltip("amount_gbp:Q", title="Amount (£, cash)", format=",.0f"),
        alt.Tooltip("cell_status:N", title="Status"),
        alt.Tooltip("series:N", title="Series"),
        *_source_tooltip(),
    ]
    base = alt.Chart(data).encode(x=x, tooltip=tooltip)
    finals = base.transform_filter(alt.datum.cell_status == FINAL)
    bars = finals.mark_bar(stroke=TEXT, strokeWidth=0.5).encode(
        y=alt.Y(
            "amount_bn:Q",
            title=y_title,
            scale=alt.Scale(domain=[0, float(data["amount_bn"].max()) * 1.2]),
        ),
        color=alt.Color(
            "series:N",
            scale=alt.Scale(
                domain=[COMPARABLE, NOT_COMPARABLE], range=[SERIES_COLOURS[4], SERIES_COLOURS[1]]
            ),
            legend=alt.Legend(title=None, orient="bottom"),
        ),
    )
    labels = finals.mark_text(
        dy=-6, baseline="bottom", fontSize=11, color=TEXT, lineBreak="\n"
    ).encode(y="amount_bn:Q", text="bar_label:N")
    indicative = (
        base.transform_filter(alt.datum.cell_status == INDICATIVE)
        .mark_point(filled=False, size=160, strokeWidth=2.5, color=TEXT)
        .encode(
            y="amount_bn:Q",
            shape=alt.Shape(
                "cell_status:N",
                scale=alt.Scale(domain=[INDICATIVE], range=["diamond"]),
                legend=alt.Legend(
                    title=None, orient="bottom", labelExpr="'indicative (later replaced)'"
                ),
            ),
        )
    )
    gaps = (
        base.transform_filter(alt.datum.cell_status == NO_FIGURE)
        .mark_text(
            angle=270,
            align="left",
            baseline="middle",
            dy=0,
            fontSize=12,
            color=GM_COLOUR,
            fontStyle="italic",
        )
        .encode(y=alt.datum(0.1), text=alt.value(NO_FIGURE))
    )
    lines = [
        "Bars: final totals. Hollow diamond: an indicative figure (not added).",
        "The 2026/27 consolidated grant includes former separate grants: not comparable.",
    ]
    return alt.LayerChart(
        layer=[bars, labels, indicative, gaps],
        title=alt.TitleParams(
            f"England public health grant, {CASH_TERMS}",
            subtitle=subtitle(lines, illustrative=False),
            anchor="start",
        ),
        width="container",
        height=320,
        description=england_alt_text(totals),
    )


def per_head_chart(view: pd.DataFrame, *, grant: str) -> Chart:
    """Funding per resident for one grant, one bar per area and year, status in words.

    `view` is gmdash.funding.per_head_view output (same-year mid-year estimates only).
    """
    require_columns(view, PER_HEAD_ROWS, "per_head_chart")
    data = view.copy()
    data["row"] = data["area_name"] + " " + data["financial_year"]
    data["bar_label"] = [
        f"£{v:,.2f} ({s})" for v, s in zip(data["per_head_gbp"], data["status"], strict=True)
    ]
    order = data.sort_values("per_head_gbp", ascending=False)["row"].tolist()
    y = alt.Y("row:N", sort=order, title=None, axis=alt.Axis(labelLimit=260, labelFontSize=12))
    tooltip = [
        alt.Tooltip("area_name:N", title="Area"),
        alt.Tooltip("financial_year:N", title="Financial year"),
        alt.Tooltip("per_head_gbp:Q", title="£ per resident", format=",.2f"),
        alt.Tooltip("status:N", title="Status"),
        alt.Tooltip("population_basis:N", title="Population"),
        alt.Tooltip("source_url:N", title="Source"),
    ]
    base = alt.Chart(data).encode(y=y, tooltip=tooltip)
    bars = base.mark_bar(color=SERIES_COLOURS[4], stroke=TEXT, strokeWidth=0.5).encode(
        x=alt.X("per_head_gbp:Q", title=f"£ per resident, {CASH_TERMS}"),
        opacity=alt.condition(alt.datum.status == INDICATIVE, alt.value(0.45), alt.value(1.0)),
    )
    text = base.mark_text(align="left", dx=4, fontSize=11, color=TEXT).encode(
        x="per_head_gbp:Q", text="bar_label:N"
    )
    lines = [
        "Amount ÷ ONS mid-year population estimate for the year the financial year starts; "
        "rows without a same-year estimate are left out."
    ]
    return alt.LayerChart(
        layer=[bars, text],
        title=alt.TitleParams(
            f"{grant_label(grant)} per resident, {CASH_TERMS}",
            subtitle=subtitle(lines, illustrative=False),
            anchor="start",
        ),
        width="container",
        height=alt.Step(26),
        description=per_head_alt_text(view, grant),
    )

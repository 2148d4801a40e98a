"""People-in-treatment charts: the age-sex pyramid, shares against England, trend small multiples."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import altair as alt
import numpy as np
import pandas as pd

from gmdash.analysis import num
from gmdash.charts import (
    BENCHMARK_COLOURS,
    BENCHMARK_ORDER,
    COMPARATOR_COLOUR,
    SERIES_COLOURS,
    TEXT,
    ChartDataError,
    require_columns,
    subtitle,
)

AGE_ORDER = ["50+ yrs", "30-49 yrs", "18-29 yrs"]
AGE_WORDS = {"18-29 yrs": "18 to 29", "30-49 yrs": "30 to 49", "50+ yrs": "50 and over"}
TREATMENT_COLOUR = SERIES_COLOURS[0]
# Residents are grey wherever they appear (bars here, triangles beside shares): context, not
# the service. #8C8C8C keeps 3.3:1 against white, above WCAG's 3:1 for graphics.
POPULATION_COLOUR = "#8C8C8C"
RESIDENTS_COLOUR = "#5F5F5F"
MARKERS = {
    "comparator": ("diamond", COMPARATOR_COLOUR),
    "residents": ("triangle-up", RESIDENTS_COLOUR),
}
PANEL_WIDTH = 250
PANEL_HEIGHT = 130
USER_LEAD = "Your own uploaded figures. "


def _title(title: str, lines: Sequence[str], user: bool = False) -> alt.TitleParams:
    return alt.TitleParams(title, subtitle=subtitle(lines, False, user=user), anchor="start")


def _lead(user: bool) -> str:
    """The words that open the alt text of a chart of the reader's own uploaded figures."""
    return USER_LEAD if user else ""


def _pct(cell: object) -> str:
    value = num(cell)
    return "not shown" if value is None else f"{value:.1f}%"


def treatment_pyramid(
    frame: pd.DataFrame, *, title: str, lines: Sequence[str], user: bool = False
) -> alt.LayerChart:
    """People in treatment beside adult residents by age group, men left and women right.

    `frame` is gmdash.people.pyramid_frame: one bar per `bar` (treatment, population) in each
    sex x age cell with the treatment share's 95% interval, and black marks for the comparator
    (`role` "comparator") on the treatment bars. A hidden share draws no bar; the table says why.
    `user` marks the treatment bars as the reader's own uploaded figures (subtitle, alt text).
    """
    require_columns(
        frame, ["bar", "role", "sex", "age", "share", "lci95", "uci95"], "treatment_pyramid"
    )
    data = frame.copy()
    sign = np.where(data["sex"] == "Male", -1.0, 1.0)
    data["x"] = sign * data["share"]
    data["x_low"] = sign * data["lci95"]
    data["x_high"] = sign * data["uci95"]
    data["age_words"] = data["age"].map(AGE_WORDS).fillna(data["age"])
    data["sex_words"] = data["sex"].map({"Male": "Men", "Female": "Women"})
    bars_order = list(dict.fromkeys(data.loc[data["role"] != "comparator", "bar"]))
    if len(bars_order) != 2:
        raise ChartDataError(f"treatment_pyramid: needs two kinds of bar, got {bars_order}")
    limit = float(np.nanmax(np.abs(data[["x", "x_low", "x_high"]].to_numpy(dtype=float))))
    limit = max(limit, 1.0) * 1.12
    scale = alt.Scale(domain=[-limit, limit])
    y = alt.Y(
        "age_words:N",
        sort=[AGE_WORDS[a] for a in AGE_ORDER],
        title="Age",
        axis=alt.Axis(labelFontSize=13),
    )
    offset = alt.YOffset("bar:N", sort=bars_order)
    tooltip = [
        alt.Tooltip("bar:N", title="Bars"),
        alt.Tooltip("sex_words:N", title="Sex"),
        alt.Tooltip("age_words:N", title="Age"),
        alt.Tooltip("share:Q", title="% of all adults", format=".1f"),
        alt.Tooltip("lci95:Q", title="95% lower", format=".1f"),
        alt.Tooltip("uci95:Q", title="95% upper", format=".1f"),
    ]
    shown = data[data["role"] != "comparator"]
    bars = (
        alt.Chart(shown)
        .mark_bar(stroke=TEXT, strokeWidth=0.5)
        .encode(
            y=y,
            yOffset=offset,
            x=alt.X(
                "x:Q",
                scale=scale,
                title="% of all adults in each group (men left, women right)",
                axis=alt.Axis(labelExpr="abs(datum.value) + '%'", tickCount=10),
            ),
            color=alt.Color(
                "bar:N",
                scale=alt.Scale(domain=bars_order, range=[TREATMENT_COLOUR, POPULATION_COLOUR]),
                legend=alt.Legend(title=None, orient="bottom", labelLimit=400, labelFontSize=13),
            ),
            tooltip=tooltip,
        )
    )
    whiskers = (
        alt.Chart(data[data["role"] == "treatment"])
        .mark_rule(color=TEXT, strokeWidth=2)
        .encode(y=y, yOffset=offset, x=alt.X("x_low:Q", scale=scale), x2="x_high:Q")
    )
    layers: list[alt.Chart] = [bars, whiskers]
    marks = data[data["role"] == "comparator"]
    if not marks.empty:
        layers.append(
            alt.Chart(marks)
            .mark_tick(color=COMPARATOR_COLOUR, thickness=4, size=26)
            .encode(y=y, yOffset=offset, x=alt.X("x:Q", scale=scale), tooltip=tooltip)
        )
    sides: tuple[tuple[float, str, Literal["left", "right"]], ...] = (
        (-limit * 0.98, "Men", "left"),
        (limit * 0.98, "Women", "right"),
    )
    layers += [
        alt.Chart(pd.DataFrame({"x": [x], "text": [text]}))
        .mark_text(fontWeight="bold", fontSize=13, color=TEXT, baseline="top", align=align)
        .encode(x=alt.X("x:Q", scale=scale), y=alt.value(2), text="text:N")
        for x, text, align in sides
    ]
    return alt.LayerChart(
        layer=layers,
        title=_title(title, lines, user),
        width="container",
        # Each age group holds two bars (treatment, residents).
        height=alt.Step(64),
        description=_lead(user) + pyramid_alt_text(data, bars_order),
    )


def pyramid_alt_text(frame: pd.DataFrame, bars: Sequence[str]) -> str:
    """The pyramid in words: each group's share of people in treatment against residents."""
    treatment, population = bars
    # Each cell's first share by sex, age and role, read in one pass (a filter per cell was
    # most of the time a new pyramid took).
    first: dict[tuple[Any, Any, Any], Any] = {}
    for key in zip(frame["sex"], frame["age"], frame["role"], frame["share"], strict=True):
        first.setdefault(key[:3], key[3])
    parts = []
    for sex in ("Male", "Female"):
        for age in reversed(AGE_ORDER):
            ours = first.get((sex, age, "treatment"), np.nan)
            theirs = first.get((sex, age, "population"), np.nan)
            words = "men" if sex == "Male" else "women"
            parts.append(f"{words} {AGE_WORDS[age]} {_pct(ours)} against {_pct(theirs)}")
    return (
        f"Pyramid of {treatment} beside {population}, as shares of all adults in each: "
        + "; ".join(parts)
        + "."
    )


def share_bars(
    frame: pd.DataFrame,
    *,
    title: str,
    lines: Sequence[str],
    comparator_name: str | None = None,
    markers: pd.DataFrame | None = None,
    user: bool = False,
) -> alt.LayerChart:
    """Each category's share as a bar with its 95% interval, and other shares as marks.

    `frame` has category_label, share, lci95, uci95 and, with `comparator_name`, `compared`
    (higher, lower, similar or not compared, from gmdash.people.compare_with_england): bars
    are coloured by it. Without a comparator the bars are one colour. `markers` (category_label,
    marker, kind, share) draws each named series as points: `kind` "comparator" (England) a
    black diamond, "residents" a grey triangle. A category with no share is labelled "not
    shown" at zero, so a gap is never silent. `user` marks the bars as the reader's own uploaded
    figures.
    """
    require_columns(frame, ["category_label", "share", "lci95", "uci95"], "share_bars")
    data = frame.copy()
    order = data["category_label"].tolist()
    y = alt.Y("category_label:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    limit = float(np.nanmax([data["uci95"].max(), data["share"].max(), 1.0]))
    if markers is not None and not markers.empty:
        limit = max(limit, float(markers["share"].max()))
    x_scale = alt.Scale(domain=[0, min(100.0, limit * 1.08)], nice=False)
    tooltip = [
        alt.Tooltip("category_label:N", title="Category"),
        alt.Tooltip("share:Q", title="Share (%)", format=".1f"),
        alt.Tooltip("lci95:Q", title="95% lower", format=".1f"),
        alt.Tooltip("uci95:Q", title="95% upper", format=".1f"),
    ]
    if comparator_name:
        require_columns(data, ["compared"], "share_bars")
        shown = [c for c in BENCHMARK_ORDER if c in set(data["compared"])]
        # Bars are filled by comparison (`fill`), markers coloured by series (`color`): two
        # channels, so each keeps its own legend without resolving scales.
        colour: Any = alt.Fill(
            "compared:N",
            scale=alt.Scale(domain=shown, range=[BENCHMARK_COLOURS[c] for c in shown]),
            legend=alt.Legend(title=f"Compared with {comparator_name}", orient="bottom"),
        )
        tooltip.append(alt.Tooltip("compared:N", title=f"Compared with {comparator_name}"))
    else:
        colour = alt.FillValue(TREATMENT_COLOUR)
    base = alt.Chart(data)
    layers: list[alt.Chart] = [
        base.mark_bar(stroke=TEXT, strokeWidth=0.5).encode(
            y=y, x=alt.X("share:Q", title="Share (%)", scale=x_scale), fill=colour, tooltip=tooltip
        ),
        base.mark_rule(color=TEXT, strokeWidth=2).encode(y=y, x="lci95:Q", x2="uci95:Q"),
    ]
    missing = data[data["share"].isna()]
    if not missing.empty:
        layers.append(
            alt.Chart(missing.assign(zero=0.0, label="not shown: see the table"))
            .mark_text(align="left", dx=4, color=TEXT, fontStyle="italic")
            .encode(y=y, x=alt.X("zero:Q", scale=x_scale), text="label:N")
        )
    if markers is not None and not markers.empty:
        require_columns(markers, ["category_label", "marker", "kind", "share"], "share_bars")
        kinds = dict(zip(markers["marker"], markers["kind"], strict=True))
        names = list(kinds)
        # Shape and colour share one field and legend, so Vega-Lite draws one legend of both.
        legend = alt.Legend(
            title=None, orient="bottom", labelLimit=400, labelFontSize=13, symbolSize=200
        )
        layers.append(
            alt.Chart(markers)
            .mark_point(filled=True, size=150, opacity=1, stroke="#FFFFFF", strokeWidth=1)
            .encode(
                y=y,
                x=alt.X("share:Q", scale=x_scale),
                shape=alt.Shape(
                    "marker:N",
                    scale=alt.Scale(domain=names, range=[MARKERS[kinds[n]][0] for n in names]),
                    legend=legend,
                ),
                color=alt.Color(
                    "marker:N",
                    scale=alt.Scale(domain=names, range=[MARKERS[kinds[n]][1] for n in names]),
                    legend=legend,
                ),
                tooltip=[
                    alt.Tooltip("marker:N", title="Series"),
                    alt.Tooltip("category_label:N", title="Category"),
                    alt.Tooltip("share:Q", title="Share (%)", format=".1f"),
                ],
            )
        )
    return alt.LayerChart(
        layer=layers,
        title=_title(title, lines, user),
        width="container",
        height=alt.Step(28),
        description=_lead(user) + share_alt_text(data, title, comparator_name, markers),
    )


def share_alt_text(
    frame: pd.DataFrame, title: str, comparator_name: str | None, markers: pd.DataFrame | None
) -> str:
    """The bars in words: every category's share and interval, and each marker's share."""
    parts = []
    for row in frame.itertuples(index=False):
        label, share = str(row.category_label), num(row.share)
        if share is None:
            parts.append(f"{label} not shown")
            continue
        text = f"{label} {share:.1f}% (95% CI {row.lci95:.1f} to {row.uci95:.1f})"
        if comparator_name and isinstance(getattr(row, "compared", None), str):
            text += f", {row.compared}"
        parts.append(text)
    out = f"Bar chart of {title}: " + "; ".join(parts) + "."
    if markers is not None and not markers.empty:
        for name, rows in markers.groupby("marker", sort=False):
            values = "; ".join(
                f"{r.category_label} {_pct(r.share)}" for r in rows.itertuples(index=False)
            )
            out += f" {name}: {values}."
    return out


def trend_multiples(
    frame: pd.DataFrame,
    *,
    title: str,
    lines: Sequence[str],
    unit: str,
    decimals: int = 1,
    columns: int = 3,
    user: bool = False,
) -> alt.FacetChart:
    """Small multiples over time, one panel per category: the area solid, the comparator dashed.

    `frame` is gmdash.people.trend_panels: panel, period, series, role ("area" or
    "comparator"), value, lci95, uci95. Each panel has its own y scale starting at zero, so
    small categories stay readable; a missing year leaves a gap in the area's line. Values are
    written with `decimals` places (0 for counts of people). `user` marks the area's line as the
    reader's own uploaded figures.
    """
    number = f",.{decimals}f"
    require_columns(
        frame,
        ["panel", "category_label", "trend", "period", "series", "role", "value", "lci95", "uci95"],
        "trend_multiples",
    )
    data = frame.dropna(subset=["value"])
    if data.empty:
        raise ChartDataError("trend_multiples: every value is missing")
    periods = sorted(frame["period"].astype(str).unique())
    panels = list(dict.fromkeys(frame["panel"]))
    names = list(dict.fromkeys(frame.loc[frame["role"] == "area", "series"]))
    comparators = list(dict.fromkeys(frame.loc[frame["role"] == "comparator", "series"]))
    domain = names + comparators
    colour_range = [TREATMENT_COLOUR] * len(names) + [COMPARATOR_COLOUR] * len(comparators)
    colour = alt.Color(
        "series:N",
        scale=alt.Scale(domain=domain, range=colour_range),
        legend=alt.Legend(title=None, orient="bottom", labelLimit=400, symbolStrokeWidth=3),
    )
    dash = alt.StrokeDash(
        "role:N",
        scale=alt.Scale(domain=["area", "comparator"], range=[[1, 0], [7, 4]]),
        legend=None,
    )
    # Every third year labelled, so thirteen years fit a small panel.
    keep = {p for i, p in enumerate(reversed(periods)) if i % 3 == 0}
    label_test = " || ".join(f"datum.value == '{p}'" for p in sorted(keep))
    x = alt.X(
        "period:O",
        sort=periods,
        scale=alt.Scale(domain=periods),
        title=None,
        axis=alt.Axis(labelAngle=0, labelExpr=f"({label_test}) ? datum.value : ''"),
    )
    y = alt.Y("value:Q", title=unit, scale=alt.Scale(zero=True))
    tooltip = [
        alt.Tooltip("series:N", title="Area"),
        alt.Tooltip("category_label:N", title="Category"),
        alt.Tooltip("period:O", title="Year"),
        alt.Tooltip("value:Q", title=unit, format=number),
        alt.Tooltip("lci95:Q", title="95% lower", format=number),
        alt.Tooltip("uci95:Q", title="95% upper", format=number),
    ]
    base = alt.Chart()
    band = (
        base.transform_filter(alt.datum.role == "area")
        .mark_area(opacity=0.18, color=TREATMENT_COLOUR)
        .encode(x=x, y=alt.Y("lci95:Q", title=unit), y2="uci95:Q")
    )
    line = base.mark_line(strokeWidth=2.5).encode(x=x, y=y, color=colour, strokeDash=dash)
    dots = base.mark_point(filled=True, size=30).encode(x=x, y=y, color=colour, tooltip=tooltip)
    layered = alt.layer(band, line, dots, data=data).properties(
        width=PANEL_WIDTH, height=PANEL_HEIGHT
    )
    chart: alt.FacetChart = (
        layered.facet(
            facet=alt.Facet(
                "panel:N",
                sort=panels,
                title=None,
                header=alt.Header(labelFontSize=13, labelColor=TEXT, labelLimit=PANEL_WIDTH + 40),
            ),
            columns=columns,
        )
        # Each panel its own y scale and x axis: a shared footer axis would sit under an empty
        # cell when the last row is short.
        .resolve_scale(y="independent")
        .resolve_axis(x="independent")
        .properties(
            title=_title(title, lines, user),
            description=_lead(user) + trend_alt_text(frame, title, unit, decimals),
        )
    )
    return chart


def trend_alt_text(frame: pd.DataFrame, title: str, unit: str, decimals: int = 1) -> str:
    """Each panel in words: the area's first and latest value and its recent trend."""
    parts = []
    area = frame[frame["role"] == "area"].dropna(subset=["value"])
    for label, rows in area.groupby("category_label", sort=False):
        rows = rows.sort_values("period")
        first, last = rows.iloc[0], rows.iloc[-1]
        parts.append(
            f"{label}: {first['value']:,.{decimals}f} in {first['period']}, "
            f"{last['value']:,.{decimals}f} in "
            f"{last['period']} ({last['trend']})"
        )
    compared = frame.loc[frame["role"] == "comparator", "series"].unique()
    against = f", each against {', '.join(compared)} (dashed)" if len(compared) else ""
    return f"Small multiples of {title} ({unit}){against}: " + "; ".join(parts) + "."

"""Bar charts of one indicator across areas, with 95% (and 99.8%) intervals and a comparator line."""

from __future__ import annotations

import altair as alt
import pandas as pd

from gmdash.charts import (
    BENCHMARK_COLOURS,
    BENCHMARK_ORDER,
    COMPARATOR_COLOUR,
    STATUS_FIELD,
    Chart,
    is_partly_generated,
    require_columns,
    status_fill,
    status_prefix,
    subtitle,
    with_status,
)

REQUIRED = ("area_name", "value", "lci95", "uci95", "benchmark")
# A reported figure's fields the chart draws.
REPORTED_FIELDS = ("area_name", "value", "label")
# Reported figures are drawn in the text colour: a mark apart from the benchmark palette.
REPORTED_COLOUR = "#1A1A1A"


def interval_bars(
    frame: pd.DataFrame,
    *,
    title: str,
    unit: str,
    comparator_name: str | None,
    comparator_value: float | None,
    period: str,
    illustrative: bool,
    show_998: bool = False,
    sort_descending: bool = True,
    reported: pd.DataFrame | None = None,
    user: bool = False,
) -> Chart:
    """Horizontal bars per area coloured by benchmark, with interval whiskers and the comparator.

    `frame` has one row per area: area_name, value, lci95, uci95 (lci998, uci998 if `show_998`),
    and `benchmark` (a key of BENCHMARK_COLOURS). The comparator is named on the chart itself.
    `reported` (area_name, value, label) are figures quoted in documents: drawn as labelled
    diamonds beside the bars, never as bars, because they are not part of the series.
    `user` marks a chart showing figures the reader uploaded (gmdash.whatif.uploads).
    """
    require_columns(
        frame, [*REQUIRED, *(("lci998", "uci998") if show_998 else ())], "interval_bars"
    )
    full = with_status(frame)
    # The chart carries only the fields it draws: the browser decodes and Vega parses every
    # column sent, on each redraw, and a page's frame has some twenty the chart never reads
    # (the table view and downloads take the whole frame from the Figure, not from the chart).
    drawn = [*REQUIRED, STATUS_FIELD, *(("lci998", "uci998") if show_998 else ())]
    data = full[drawn]
    order = data.sort_values("value", ascending=not sort_descending)["area_name"].tolist()
    y = alt.Y("area_name:N", sort=order, title=None, axis=alt.Axis(labelLimit=220))
    tooltip = [
        alt.Tooltip("area_name:N", title="Area"),
        alt.Tooltip("value:Q", title=unit, format=",.1f"),
        alt.Tooltip("lci95:Q", title="95% lower", format=",.1f"),
        alt.Tooltip("uci95:Q", title="95% upper", format=",.1f"),
        alt.Tooltip("benchmark:N", title=f"Compared with {comparator_name or 'comparator'}"),
        alt.Tooltip("data_status:N", title="Value"),
    ]
    # The legend lists only the categories on this chart, in the standard order.
    shown = [c for c in BENCHMARK_ORDER if c in set(data["benchmark"])]
    base = alt.Chart(data)
    bars = base.mark_bar(stroke="#1A1A1A", strokeWidth=1).encode(
        y=y,
        x=alt.X("value:Q", title=f"{title} ({unit})"),
        color=alt.Color(
            "benchmark:N",
            scale=alt.Scale(domain=shown, range=[BENCHMARK_COLOURS[c] for c in shown]),
            legend=alt.Legend(title=f"Compared with {comparator_name or '—'}", orient="bottom"),
        ),
        tooltip=tooltip,
        **status_fill(full),
    )
    layers: list[alt.Chart] = [bars]
    if show_998:
        layers.append(
            base.mark_rule(color="#5F5F5F", strokeWidth=1).encode(y=y, x="lci998:Q", x2="uci998:Q")
        )
    layers.append(
        base.mark_rule(color="#1A1A1A", strokeWidth=2).encode(y=y, x="lci95:Q", x2="uci95:Q")
    )
    if comparator_value is not None and comparator_name:
        line = pd.DataFrame({"value": [comparator_value], "label": [comparator_name]})
        rule = (
            alt.Chart(line)
            .mark_rule(color=COMPARATOR_COLOUR, strokeDash=[6, 3], strokeWidth=2)
            .encode(x="value:Q")
        )
        text = (
            alt.Chart(line)
            .mark_text(
                align="left",
                dx=4,
                dy=-6,
                baseline="bottom",
                fontWeight="bold",
                color=COMPARATOR_COLOUR,
            )
            .encode(
                x="value:Q",
                y=alt.value(0),
                text=alt.Text("label:N"),
            )
        )
        layers += [rule, text]
    if reported is not None and not reported.empty:
        quoted = alt.Chart(reported[list(REPORTED_FIELDS)]).encode(y=y, x="value:Q")
        layers += [
            quoted.mark_point(
                shape="diamond",
                size=160,
                filled=True,
                color=REPORTED_COLOUR,
                stroke="#FFFFFF",
                strokeWidth=1,
            ).encode(tooltip=[alt.Tooltip("label:N", title="Quoted in a document")]),
            quoted.mark_text(align="left", dx=9, fontSize=11, color=REPORTED_COLOUR).encode(
                text="label:N"
            ),
        ]
    lines = [
        f"{period}. Bars show the value; black whiskers the 95% confidence interval"
        + ("; grey whiskers the 99.8% interval" if show_998 else "")
        + "."
    ]
    if comparator_name and comparator_value is not None:
        lines.append(f"Dashed line: {comparator_name} ({comparator_value:,.1f} {unit}).")
    if reported is not None and not reported.empty:
        lines.append("Diamond: a figure quoted in a council document, not part of the series.")
    return alt.LayerChart(
        layer=layers,
        title=alt.TitleParams(
            title,
            subtitle=subtitle(lines, illustrative, is_partly_generated(full), user=user),
            anchor="start",
        ),
        height=alt.Step(26),
        width="container",
        description=bars_alt_text(
            frame,
            title=title,
            unit=unit,
            period=period,
            comparator_name=comparator_name,
            comparator_value=comparator_value,
            illustrative=illustrative,
            user=user,
        ),
    )


def bars_alt_text(
    frame: pd.DataFrame,
    *,
    title: str,
    unit: str,
    period: str,
    comparator_name: str | None,
    comparator_value: float | None,
    illustrative: bool,
    user: bool = False,
) -> str:
    """One or two sentences a screen reader can use in place of the chart."""
    ranked = frame.dropna(subset=["value"]).sort_values("value", ascending=False)
    if ranked.empty:
        return f"{title}, {period}: no values to show."
    top, bottom = ranked.iloc[0], ranked.iloc[-1]
    parts = [
        ("Your own uploaded figures. " if user else "")
        + status_prefix(frame, illustrative)
        + f"Bar chart of {title} for {len(ranked)} areas, {period}. "
        f"Highest: {top['area_name']} {top['value']:,.1f} {unit}; "
        f"lowest: {bottom['area_name']} {bottom['value']:,.1f} {unit}."
    ]
    if comparator_name and comparator_value is not None:
        counts = frame["benchmark"].value_counts()
        summary = ", ".join(f"{n} {k}" for k, n in counts.items())
        parts.append(f"Against {comparator_name} ({comparator_value:,.1f}): {summary}.")
    return " ".join(parts)

"""Trends: one indicator over time for chosen boroughs against a comparator, with recent trends."""

from __future__ import annotations

import streamlit as st

from gmdash import compare, trends
from gmdash.charts.trend import trend_alt_text, trend_chart
from gmdash.ui import components, data, shell, state, widgets

components.header(
    "Trends",
    "How an indicator has changed over time in the boroughs you choose, against a comparator, "
    "and whether the change is larger than the uncertainty.",
)
names = shell.boroughs()
catalogue = data.query("indicator_catalogue")
catalogue = catalogue[catalogue["has_gm_boroughs"]].set_index("indicator_id")
left, middle, right = st.columns([3, 2, 2])
with left:
    indicator_id = widgets.indicator(catalogue["short_title"].to_dict(), key="trends:indicator")
meta = catalogue.loc[indicator_id]
unit, title, value_type = str(meta["unit"]), str(meta["short_title"]), str(meta["value_type"])
with middle:
    sex = widgets.sex(str(meta["sexes"]).split(", "), key="trends:sex")
with right:
    comparator_code = widgets.comparator(key="trends:comparator")
comparator = state.COMPARATORS[comparator_code]
areas = widgets.areas(names, default=[state.current().area], key="trends:areas")
period_rows = data.query("indicator_periods", indicator_id=indicator_id, sex=sex)
periods = period_rows["period"].tolist()
period_type = str(period_rows["period_type"].iloc[-1]) if periods else ""
if not areas:
    st.info("Choose at least one borough to see its trend.")
elif not periods:
    st.info(f"{title} has no values for {sex.lower()}; choose another indicator or sex.")
else:
    pool = widgets.toggle(
        "Pool the selected boroughs as one service",
        key="trends:pool",
        disabled=len(areas) < 2,
        help="Choose two or more boroughs to pool them.",
    )
    pooled_name = (
        "Pooled: " + " + ".join(names[c] for c in areas)
        if len(areas) <= 3
        else f"Pooled group ({len(areas)} boroughs)"
    )
    view = trends.trend_view(
        data.query(
            "indicator_trend",
            indicator_id=indicator_id,
            area_codes=(*areas, comparator_code),
            sex=sex,
        ),
        periods,
        comparator_code=comparator_code,
        value_type=value_type,
        unit=unit,
        pooled_inputs=data.query(
            "pooled_inputs", indicator_id=indicator_id, area_codes=tuple(areas), sex=sex
        )
        if pool and len(areas) > 1
        else None,
        pooled_name=pooled_name,
    )
    if view.illustrative:
        components.illustrative_banner()
    if not trends.has_values(view.series, "comparator"):
        st.info(
            f"{comparator} has no values for {title}; choose another comparator to see "
            "one on the chart."
        )
    if view.pooled_note and not view.pooled_shown:
        st.info(view.pooled_note)
    if view.series["value"].isna().all():
        st.info(f"None of the chosen areas has a value for {title}; choose another indicator.")
    else:
        args = dict(
            title=title, unit=unit, comparator_name=comparator, illustrative=view.illustrative
        )
        components.chart_block(
            trend_chart(view.series, periods=periods, **args),
            trends.table_view(view.series),
            key="trends:chart",
            alt_text=trend_alt_text(view.series, **args),
            filename=f"{indicator_id}_trend.csv",
            provenance=compare.provenance_for(
                meta, data.manifest().version, view.series, view.pooled_note
            ),
            context={"indicator": indicator_id, "sex": sex, "comparator": comparator},
        )
        st.subheader("Recent trend")
        st.caption(trends.recent_trend_note(value_type, period_type))
        st.dataframe(
            trends.recent_trends(
                view.series,
                view.counts,
                periods,
                value_type=value_type,
                polarity=str(meta["polarity"]),
                period_type=period_type,
            ),
            hide_index=True,
            width="stretch",
        )
        st.subheader("Change since a baseline")
        baseline_options = periods[:-1] or periods
        baseline = widgets.choice(
            "Baseline period",
            baseline_options,
            key="trends:baseline",
            default=baseline_options[max(0, len(periods) - 6)],
        )
        change = trends.change_since(view.series, baseline, unit)
        st.markdown("\n".join(f"- {s}" for s in change["Change in words"]))
        st.caption(
            "Overlapping 95% intervals do not prove there was no change; they mean the "
            "change is not clearly larger than the uncertainty."
        )

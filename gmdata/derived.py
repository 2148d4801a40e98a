"""Columns worked out once at build time, so page-time queries read them instead of recomputing.

- `areas.is_comparator`: the areas every view compares boroughs with (gmcore.schema.COMPARATORS),
  as data, so no query names their codes.
- The `indicators` coverage columns (INDICATOR_COVERAGE in gmcore.schema): the periods, areas
  and sexes each indicator has values for, and its **latest GM period**: the latest period in
  which a GM borough has a value, the one period the rug, the profile and the home page show.
"""

from __future__ import annotations

import pandas as pd

from gmcore.schema import COMPARATORS, INDICATOR_COVERAGE


def mark_comparators(areas: pd.DataFrame) -> pd.DataFrame:
    """`areas` with `is_comparator`: true for England, the North West and Greater Manchester."""
    return areas.assign(is_comparator=areas["area_code"].isin(list(COMPARATORS)))


def with_coverage(
    indicators: pd.DataFrame, values: pd.DataFrame, areas: pd.DataFrame
) -> pd.DataFrame:
    """`indicators` with the coverage columns, from `values` joined to `areas` by area code.

    first_period, latest_period: by period start (then label). latest_gm_period and its
    latest_gm_period_start: the latest period with a value for a GM borough (any sex);
    latest_gm_age: the age band those values are published for (the first, alphabetically, if
    several). n_periods, n_areas; has_gm_boroughs: whether any GM borough has a row; sexes:
    comma separated, in alphabetical order. Indicators without values get empty coverage.
    """
    rows = values.merge(areas[["area_code", "is_gm", "area_type"]], on="area_code", how="inner")
    rows = rows.sort_values(["indicator_id", "period_start", "period"], kind="mergesort")
    borough = rows["is_gm"].astype(bool) & (rows["area_type"] == "local_authority")
    by_indicator = rows.groupby("indicator_id", sort=False)
    coverage = pd.DataFrame(
        {
            "first_period": by_indicator["period"].first(),
            "latest_period": by_indicator["period"].last(),
            "n_periods": by_indicator["period"].nunique(),
            "n_areas": by_indicator["area_code"].nunique(),
            "has_gm_boroughs": borough.groupby(rows["indicator_id"], sort=False).any(),
            "sexes": by_indicator["sex"].agg(lambda s: ", ".join(sorted(set(s)))),
        }
    )
    shown = rows[borough & rows["value"].notna()]
    by_borough_indicator = shown.groupby("indicator_id", sort=False)
    latest = by_borough_indicator["period"].last().rename("latest_gm_period")
    start = by_borough_indicator["period_start"].last().rename("latest_gm_period_start")
    in_latest = shown["period"] == shown["indicator_id"].map(latest)
    ages = shown[in_latest].groupby("indicator_id")["age"].min().rename("latest_gm_age")
    coverage = coverage.join(latest).join(start).join(ages)
    out = indicators.drop(columns=list(INDICATOR_COVERAGE), errors="ignore")
    out = out.merge(coverage, left_on="indicator_id", right_index=True, how="left")
    out["has_gm_boroughs"] = out["has_gm_boroughs"].fillna(False).astype(bool)
    return out

"""One borough across every indicator: benchmarks against England, spine-chart rows and sentences."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from gmcore.schema import ENGLAND, GREATER_MANCHESTER, NORTH_WEST
from gmdash import narrative
from gmdash.analysis import num
from gmdash.overview import (
    CATALOGUE_COLUMNS,
    LATEST_COLUMNS,
    NOT_CALCULATED,
    TREND_COLUMNS,
    benchmark_rows_each,
    comparison_text,
    require,
    with_suppression,
)
from gmdash.provenance import status_of

DISTRIBUTION_COLUMNS = ("indicator_id", "area_code", "tier", "region_code", "is_gm", "value")
RANGE_GM = "GM boroughs"
RANGE_NORTH_WEST = "North West local authorities"
RANGE_ENGLAND = "English local authorities"


def borough_profile(
    latest: pd.DataFrame, catalogue: pd.DataFrame, trends: pd.DataFrame, area_code: str
) -> pd.DataFrame:
    """One row per indicator the borough has a latest row for, benchmarked against England.

    `latest` is latest_values_gm and `trends` recent_trends. Adds to the borough's row:
    short_title, unit, value_type, polarity, indicator_illustrative, england_value, gm_value,
    the benchmark columns (against England) and the trend columns.
    """
    require(latest, LATEST_COLUMNS, "borough_profile latest values")
    require(catalogue, CATALOGUE_COLUMNS, "borough_profile catalogue")
    require(trends, ("indicator_id", "area_code", *TREND_COLUMNS), "borough_profile trends")
    meta = catalogue.drop_duplicates("indicator_id").set_index("indicator_id")
    # Every indicator is worked out in one pass over the rows, not a filter per indicator: each
    # area's first row of an indicator is the one read, as comparator_value reads it.
    first = latest.drop_duplicates(["indicator_id", "area_code"])
    england = _values(first, ENGLAND)
    gm = _values(first, GREATER_MANCHESTER)
    rank = {indicator_id: i for i, indicator_id in enumerate(meta.index)}
    own = first[(first["area_code"] == area_code) & first["indicator_id"].isin(rank)]
    own = own.iloc[np.argsort(own["indicator_id"].map(rank).to_numpy(), kind="stable")]
    if own.empty:
        raise ValueError(f"borough_profile: no indicator has a value row for {area_code!r}")
    m = meta.loc[own["indicator_id"]]
    value_types = m["value_type"].astype(str).tolist()
    polarities = m["polarity"].astype(str).tolist()
    comparators = [england.get(i) for i in own["indicator_id"]]
    row = benchmark_rows_each(own, comparators, polarities, value_types)
    shown = latest[latest["area_code"].isin([area_code, ENGLAND])]
    generated = {
        str(i): status_of(rows).has_generated
        for i, rows in shown.groupby("indicator_id", sort=False)
    }
    profile = row.reset_index(drop=True).assign(
        short_title=m["short_title"].astype(str).tolist(),
        unit=m["unit"].astype(str).tolist(),
        value_type=value_types,
        polarity=polarities,
        # Per value: generated only if the borough's or England's value shown is.
        indicator_illustrative=[generated.get(i, False) for i in own["indicator_id"]],
        england_value=np.array([np.nan if v is None else v for v in comparators], dtype=float),
        gm_value=np.array(
            [np.nan if gm.get(i) is None else gm[i] for i in own["indicator_id"]], dtype=float
        ),
    )
    profile = with_suppression(profile)
    return profile.merge(
        trends[["indicator_id", "area_code", *TREND_COLUMNS]],
        on=["indicator_id", "area_code"],
        how="left",
    )


def _values(first: pd.DataFrame, area_code: str) -> dict[str, float | None]:
    """Each indicator's value for an area, from rows with one per indicator and area."""
    rows = first[first["area_code"] == area_code]
    return {str(i): num(v) for i, v in zip(rows["indicator_id"], rows["value"], strict=True)}


def comparable_areas(distribution: pd.DataFrame) -> pd.DataFrame:
    """One tier of local authorities: counties and their districts cover the same ground.

    When a distribution holds both, keep whichever of the two tiers has more areas (an upper-tier
    indicator keeps its counties, a lower-tier one its districts); unitary, metropolitan and
    London authorities belong to both tiers and are always kept.
    """
    tiers = distribution["tier"]
    n_county, n_district = int((tiers == "county").sum()), int((tiers == "district").sum())
    if n_county and n_district:
        drop = "county" if n_district >= n_county else "district"
        return distribution[tiers != drop]
    return distribution


def range_label(areas: pd.DataFrame) -> str:
    """Which areas a spine row's range covers, from the areas themselves."""
    if areas["is_gm"].fillna(False).astype(bool).all():
        return RANGE_GM
    if (areas["region_code"] == NORTH_WEST).all():
        return RANGE_NORTH_WEST
    return RANGE_ENGLAND


def _position(value: float | None, centre: float, half_width: float, sign: float) -> float:
    if narrative.missing(value) or np.isnan(centre):
        return np.nan
    return sign * (float(value) - centre) / half_width  # type: ignore[arg-type]


def _spine_row(row: Any, areas: pd.DataFrame) -> dict[str, object]:
    values = areas["value"].dropna().to_numpy(dtype=float)
    n_suppressed = int(areas["value"].isna().sum())
    label = range_label(areas) if len(areas) else RANGE_ENGLAND
    lowest, q25, q75, highest = (
        np.percentile(values, [0, 25, 75, 100]) if len(values) else (np.nan,) * 4
    )
    if not narrative.missing(row.england_value):
        centre, centre_label = float(row.england_value), "England"
    else:
        centre = float(np.median(values)) if len(values) else np.nan
        centre_label = "median (no England value)"
    sign = -1.0 if row.polarity == "low_good" else 1.0
    spread = [
        abs(v - centre)
        for v in (lowest, highest, row.value, row.gm_value)
        if not narrative.missing(v) and not np.isnan(centre)
    ]
    half = max(spread, default=0.0) or 1.0
    x_low, x_high = sorted(_position(v, centre, half, sign) for v in (lowest, highest))
    x_q_low, x_q_high = sorted(_position(v, centre, half, sign) for v in (q25, q75))
    unit = str(row.unit)
    title = row.short_title + (" (illustrative)" if row.indicator_illustrative else "")
    shown = narrative.format_value
    return {
        "indicator_id": row.indicator_id,
        "short_title": row.short_title,
        "period": row.period,
        "unit": unit,
        "polarity": row.polarity,
        "indicator_illustrative": bool(row.indicator_illustrative),
        "row_label": f"{title}\n{row.period} · range: {label}",
        "range_label": label,
        "n_areas": len(values),
        "n_suppressed": n_suppressed,
        "lowest": lowest,
        "q25": q25,
        "q75": q75,
        "highest": highest,
        "centre": centre,
        "centre_label": centre_label,
        "x_low": x_low,
        "x_high": x_high,
        "x_q_low": x_q_low,
        "x_q_high": x_q_high,
        "x_area": _position(row.value, centre, half, sign),
        "x_gm": _position(row.gm_value, centre, half, sign),
        "benchmark": row.benchmark,
        "area_text": "suppressed" if row.suppressed else shown(row.value, unit),
        "england_text": shown(row.england_value, unit),
        "gm_text": narrative.gm_value(row.gm_value, unit),
        "range_text": (
            f"{shown(lowest, unit)} to {shown(highest, unit)}; middle half "
            f"{shown(q25, unit)} to {shown(q75, unit)} ({len(values)} {label})"
            if len(values)
            else "no values"
        ),
    }


def spine_frame(profile: pd.DataFrame, distribution: pd.DataFrame) -> pd.DataFrame:
    """One spine-chart row per indicator that is not a count, scaled so England sits at 0.

    Fingertips' scaling: positions run from -1 to 1, the half-width being the furthest of the
    lowest and highest value (and the borough's and GM's) from the centre, and are flipped for
    indicators where low is good, so better is always to the right. The centre is England, or the
    median where England has no value. Suppressed areas are left out of the range.
    """
    require(distribution, DISTRIBUTION_COLUMNS, "spine_frame distribution")
    rows = [
        _spine_row(
            row, comparable_areas(distribution[distribution["indicator_id"] == row.indicator_id])
        )
        for row in profile[profile["value_type"] != "count"].itertuples(index=False)
    ]
    return pd.DataFrame(rows)


def spine_notes(profile: pd.DataFrame, spine: pd.DataFrame) -> list[str]:
    """What the spine chart leaves out, in sentences: counts, and suppressed areas in a range."""
    notes = []
    counts = profile.loc[profile["value_type"] == "count", "short_title"].tolist()
    if counts:
        notes.append(
            f"Not drawn: {', '.join(counts)} — counts, which depend on population "
            "size; they are in the table below."
        )
    for row in spine[spine["n_suppressed"] > 0].itertuples(index=False):
        areas = (
            "1 area whose figure is"
            if row.n_suppressed == 1
            else f"{row.n_suppressed} areas whose figures are"
        )
        notes.append(f"{row.short_title}: the range leaves out {areas} suppressed.")
    return notes


def _value_cell(row: Any, unit: str) -> str:
    if row.suppressed:
        return "suppressed"
    interval = narrative.format_interval(row.lci95, row.uci95, unit)
    shown = narrative.format_value(row.value, unit)
    return f"{shown} (95% CI {interval})" if interval else shown


def profile_table(profile: pd.DataFrame, area_name: str) -> pd.DataFrame:
    """What a reader scans: one row per indicator, values as text with their units."""
    rows = []
    for r in profile.itertuples(index=False):
        unit = str(r.unit)
        direction = r.trend_direction if isinstance(r.trend_direction, str) else NOT_CALCULATED
        reason = (
            r.trend_reason if isinstance(r.trend_reason, str) else f"{NOT_CALCULATED}: no series"
        )
        rows.append(
            {
                "Indicator": str(r.short_title)
                + (" (illustrative)" if r.indicator_illustrative else ""),
                "Period": r.period,
                f"{area_name} (95% CI)": _value_cell(r, unit),
                "England": narrative.format_value(num(r.england_value), unit),
                "Greater Manchester": narrative.gm_value(num(r.gm_value), unit),
                "Compared with England": comparison_text(
                    str(r.benchmark), str(r.benchmark_level), str(r.benchmark_reason), "England"
                ),
                "Recent trend": narrative.trend_label(direction, str(r.trend), reason),
            }
        )
    return pd.DataFrame(rows)


def profile_download(profile: pd.DataFrame) -> pd.DataFrame:
    """The profile's numbers for the CSV, in plain column names."""
    columns = [
        "indicator_id",
        "short_title",
        "period",
        "unit",
        "area_code",
        "area_name",
        "count",
        "denominator",
        "value",
        "lci95",
        "uci95",
        "lci998",
        "uci998",
        "england_value",
        "gm_value",
        "benchmark",
        "benchmark_level",
        "benchmark_reason",
        *TREND_COLUMNS,
        "suppression_note",
        "indicator_illustrative",
    ]
    present = [c for c in columns if c in profile.columns]
    return profile[present].rename(columns={"indicator_illustrative": "is_illustrative"})


def profile_sentences(profile: pd.DataFrame, area_name: str) -> list[tuple[str, list[str]]]:
    """Per indicator: its title and the plain-English sentences on its benchmark and trend."""
    out = []
    for r in profile.itertuples(index=False):
        illustrative = bool(r.indicator_illustrative)
        sentences = [
            narrative.benchmark_sentence(
                area=area_name,
                indicator=str(r.short_title),
                period=str(r.period),
                unit=str(r.unit),
                value=num(r.value),
                lower95=num(r.lci95),
                upper95=num(r.uci95),
                comparator="England",
                comparator_value=num(r.england_value),
                benchmark=str(r.benchmark),
                level=str(r.benchmark_level) or None,
                reason=str(r.benchmark_reason),
                polarity=str(r.polarity),
                illustrative=illustrative,
                suppression_note=str(r.suppression_note) if r.suppressed else None,
            )
        ]
        if isinstance(r.trend_direction, str):
            sentences.append(
                narrative.trend_sentence(
                    area=area_name,
                    indicator=str(r.short_title),
                    direction=r.trend_direction,
                    assessment=str(r.trend),
                    reason=str(r.trend_reason),
                    first_period=r.trend_from if isinstance(r.trend_from, str) else None,
                    last_period=r.trend_to if isinstance(r.trend_to, str) else None,
                    illustrative=illustrative,
                )
            )
        out.append((str(r.short_title), sentences))
    return out

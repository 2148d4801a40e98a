"""Maps: GM boroughs coloured by benchmark or quintile, and GM LSOAs by deprivation decile."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd

from gmcore.stats import QUINTILE_LABELS
from gmdash.charts import BENCHMARK_COLOURS, TEXT, ChartDataError, status_prefix, subtitle

MAP_WIDTH = 620
MAP_HEIGHT = 500
CONTEXT_FILL = "#EEEEEE"
CONTEXT_STROKE = "#BDBDBD"
# A pooled group's outline: black, thick and dashed, so it reads over every fill and in greyscale.
OUTLINE_COLOUR = "#000000"
# ColorBrewer Blues (colour-blind safe, sequential): quintiles describe size, not good or bad,
# so they get one hue from light (lowest) to dark (highest); the lightest stays distinct from
# the grey context districts.
QUINTILE_COLOURS = ["#C6DBEF", "#9ECAE1", "#6BAED6", "#3182BD", "#08519C"]
# Viridis, reversed so the darkest colour is decile 1 (most deprived); colour-blind safe and
# ordered in lightness, so it also reads in greyscale.
DECILE_COLOURS = [
    "#440154",
    "#482878",
    "#3E4989",
    "#31688E",
    "#26828E",
    "#1F9E89",
    "#35B779",
    "#6ECE58",
    "#B5DE2B",
    "#FDE725",
]
JUDGED = ["better", "similar", "worse", "not compared"]
UNJUDGED = ["higher", "similar", "lower", "not compared"]


def _named(values: Any, data_format: alt.DataFormat, datasets: dict[str, Any]) -> alt.NamedData:
    """Shapes kept in the layered chart's top-level `datasets`, named as Altair names them.

    Not `alt.InlineData` in each layer: Altair validates inline values against the schema when
    they are wrapped, and copies every layer's data whenever a layered chart is made or copied,
    which for a map's shapes cost more than everything else a new map choice needs. The spec is
    the same either way: Altair moves inline values to `datasets` under this same name.
    """
    text = json.dumps(values, sort_keys=True, default=str)
    name = "data-" + hashlib.sha256(text.encode()).hexdigest()[:32]
    datasets[name] = values
    return alt.NamedData(name=name, format=data_format)


def _collection(features: Sequence[dict[str, Any]], datasets: dict[str, Any]) -> alt.NamedData:
    """GeoJSON features (not a GeoDataFrame: Streamlit's Arrow path cannot carry them)."""
    collection = {"type": "FeatureCollection", "features": list(features)}
    return _named(collection, alt.JsonDataFormat(property="features", type="json"), datasets)


def _require_properties(
    features: Sequence[dict[str, Any]], names: Sequence[str], chart: str
) -> None:
    if not features:
        raise ChartDataError(f"{chart}: no areas to draw")
    missing = sorted({n for f in features for n in names if n not in f.get("properties", {})})
    if missing:
        raise ChartDataError(f"{chart}: features lack propert(ies) {missing}")


def _context(context: Sequence[dict[str, Any]], datasets: dict[str, Any]) -> alt.Chart:
    chart: alt.Chart = (
        alt.Chart(_collection(context, datasets))
        .mark_geoshape(fill=CONTEXT_FILL, stroke=CONTEXT_STROKE, strokeWidth=0.6)
        .encode(tooltip=[alt.Tooltip("properties.area_name:N", title="Area")])
    )
    return chart


def label_points(features: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """Each feature's name and ONS label point (`name`, `lon`, `lat`), for _labels."""
    return pd.DataFrame(
        [
            {
                "name": f["properties"]["area_name"],
                "lon": f["properties"]["label_lon"],
                "lat": f["properties"]["label_lat"],
            }
            for f in features
        ],
        columns=["name", "lon", "lat"],
    )


def _labels(points: pd.DataFrame) -> list[alt.Chart]:
    """Borough names at the ONS label points, dark text on a white halo for any fill."""
    base = alt.Chart(points).encode(longitude="lon:Q", latitude="lat:Q", text="name:N")
    return [
        base.mark_text(
            fontSize=12, fontWeight="bold", stroke="white", strokeWidth=3, strokeOpacity=0.9
        ),
        base.mark_text(fontSize=12, fontWeight="bold", color=TEXT),
    ]


def borough_map(
    features: Sequence[dict[str, Any]],
    context: Sequence[dict[str, Any]],
    *,
    scheme: str,
    legend_title: str,
    title: str,
    period: str,
    polarity: str,
    comparator_name: str,
    attribution: Sequence[str],
    illustrative: bool,
    description: str,
    outlined: Sequence[str] = (),
    outline_label: str = "",
) -> alt.LayerChart:
    """The ten boroughs coloured by `properties.category`, over grey neighbouring districts.

    `features` come from gmdash.geo.features on a gmdash.geo.map_categories frame; `scheme` is
    "benchmark" (benchmark words and colours) or "quintiles" (Lowest..Highest, one blue hue).
    `outlined` area codes (a pooled group's members) get a thick dashed outline, named in the
    subtitle by `outline_label`.
    """
    _require_properties(
        features,
        ["area_name", "category", "value_label", "period", "label_lon", "label_lat"],
        "borough_map",
    )
    if scheme == "benchmark":
        domain = UNJUDGED if polarity == "no_judgement" else JUDGED
        colours = [BENCHMARK_COLOURS[c] for c in domain]
        how = f"Each borough's 95% confidence interval compared with the {comparator_name} value."
    else:
        domain = [*QUINTILE_LABELS, "not compared"]
        colours = [*QUINTILE_COLOURS, BENCHMARK_COLOURS["not compared"]]
        how = f"{legend_title}; quintiles describe size, not better or worse."
    datasets: dict[str, Any] = {}
    shapes = (
        alt.Chart(_collection(features, datasets))
        .mark_geoshape(stroke=TEXT, strokeWidth=1.2)
        .encode(
            color=alt.Color(
                "properties.category:N",
                scale=alt.Scale(domain=domain, range=colours),
                legend=alt.Legend(
                    title=legend_title,
                    orient="right",
                    labelFontSize=13,
                    titleFontSize=13,
                    titleLimit=320,
                    symbolStrokeColor=TEXT,
                    symbolStrokeWidth=1,
                ),
            ),
            tooltip=[
                alt.Tooltip("properties.area_name:N", title="Area"),
                alt.Tooltip("properties.value_label:N", title="Value"),
                alt.Tooltip("properties.period:N", title="Period"),
                alt.Tooltip("properties.category:N", title=legend_title),
                alt.Tooltip("properties.category_note:N", title="Note"),
            ],
        )
    )
    layers: list[alt.Chart] = [_context(context, datasets), shapes]
    members = [f for f in features if f["properties"].get("area_code") in set(outlined)]
    if members:
        layers.append(
            alt.Chart(_collection(members, datasets)).mark_geoshape(
                filled=False, stroke=OUTLINE_COLOUR, strokeWidth=4, strokeDash=[8, 4]
            )
        )
        how += f" Thick dashed outline: {outline_label}."
    # Projection, size and title are given when the layered chart is made, not by
    # `.project()`/`.properties()`: each of those copies the whole chart, inline shapes included.
    return alt.LayerChart(
        layer=[*layers, *_labels(label_points(features))],
        datasets=datasets,
        projection=alt.Projection(type="mercator"),
        width=MAP_WIDTH,
        height=MAP_HEIGHT,
        title=alt.TitleParams(
            title,
            subtitle=subtitle([period + ". " + how, *attribution], illustrative),
            anchor="start",
        ),
        description=description,
    )


def _require_topology(topology: dict[str, Any], layer: str, chart: str) -> None:
    geometries = topology.get("objects", {}).get(layer, {}).get("geometries")
    if not geometries:
        raise ChartDataError(f"{chart}: the TopoJSON has no {layer!r} areas to draw")


def deprivation_map(
    topology: dict[str, Any],
    lsoas: pd.DataFrame,
    outlines: dict[str, Any],
    labels: pd.DataFrame,
    *,
    domain: str,
    attribution: Sequence[str],
    description: str,
    ranked: int,
    layer: str = "gm_lsoa11",
) -> alt.LayerChart:
    """GM's 2011 LSOAs coloured by national IoD 2019 decile, with borough outlines on top.

    The LSOAs are drawn from their TopoJSON (`topology`, geometry ids = area codes) and joined
    to their rows in `lsoas` (an lsoa_frame) by area code, so the shapes stay one dataset
    whatever the domain; `ranked` is how many LSOAs the national ranks run over. The decile
    and rank are put into words in the browser, which keeps the joined data small. `outlines`
    is the boroughs' TopoJSON (object `gm_boroughs`), `labels` their label_points.
    """
    _require_topology(topology, layer, "deprivation_map")
    _require_topology(outlines, "gm_boroughs", "deprivation_map")
    fields = ["area_name", "borough_name", "decile", "rank"]
    missing = [c for c in ["area_code", *fields] if c not in lsoas.columns]
    if missing:
        raise ChartDataError(f"deprivation_map: LSOA rows lack column(s) {missing}")
    order = ["1 – most deprived 10%", *[str(d) for d in range(2, 10)], "10 – least deprived 10%"]
    words = "[" + ", ".join(f"'{label}'" for label in order) + "]"
    datasets: dict[str, Any] = {}
    shapes = _named(topology, alt.TopoDataFormat(type="topojson", feature=layer), datasets)
    lsoa_layer = (
        alt.Chart(shapes)
        .transform_lookup(
            lookup="id",
            from_=alt.LookupData(
                data=lsoas[["area_code", *fields]], key="area_code", fields=fields
            ),
        )
        .transform_calculate(
            area_code="datum.id",
            decile_label=f"{words}[datum.decile - 1]",
            rank_label=f"format(datum.rank, ',') + ' of {ranked:,} (1 = most deprived)'",
        )
        .mark_geoshape(stroke="white", strokeWidth=0.15)
        .encode(
            color=alt.Color(
                "decile_label:O",
                scale=alt.Scale(domain=order, range=DECILE_COLOURS),
                legend=alt.Legend(
                    title="National decile (IoD 2019)",
                    orient="right",
                    labelFontSize=13,
                    titleFontSize=13,
                    titleLimit=320,
                ),
            ),
            tooltip=[
                alt.Tooltip("area_name:N", title="LSOA"),
                alt.Tooltip("area_code:N", title="LSOA code"),
                alt.Tooltip("borough_name:N", title="Borough"),
                alt.Tooltip("decile_label:N", title="National decile"),
                alt.Tooltip("rank_label:N", title="National rank"),
            ],
        )
    )
    # Borough outlines are decoration over the neighbourhoods (the names are drawn as text), so
    # they are hidden from assistive technology rather than left as an unnamed graphic.
    borders = alt.Chart(
        _named(outlines, alt.TopoDataFormat(type="topojson", feature="gm_boroughs"), datasets)
    ).mark_geoshape(filled=False, stroke=TEXT, strokeWidth=1.5, aria=False)
    # Made in one call, not copied by `.project()`/`.properties()` (as borough_map).
    return alt.LayerChart(
        layer=[lsoa_layer, borders, *_labels(labels)],
        datasets=datasets,
        projection=alt.Projection(type="mercator"),
        width=MAP_WIDTH,
        height=MAP_HEIGHT,
        title=alt.TitleParams(
            f"Deprivation in GM neighbourhoods: {domain}",
            subtitle=[
                "English Indices of Deprivation 2019, 2011 LSOAs. "
                "Decile 1 = the most deprived 10% of neighbourhoods in England.",
                *attribution,
            ],
            anchor="start",
        ),
        description=description,
    )


def borough_map_alt_text(
    frame: pd.DataFrame, *, title: str, period: str, legend_title: str, illustrative: bool
) -> str:
    """What the borough map shows, in words: each category with its boroughs."""
    parts = [
        status_prefix(frame, illustrative)
        + f"Map of the ten GM boroughs: {title}, {period}. Colours: {legend_title}."
    ]
    order = [*JUDGED, *UNJUDGED, *QUINTILE_LABELS]
    present = sorted(frame["category"].unique(), key=lambda c: order.index(c) if c in order else 99)
    for category in present:
        names = ", ".join(sorted(frame.loc[frame["category"] == category, "area_name"]))
        parts.append(f"{str(category).capitalize()}: {names}.")
    return " ".join(parts)


def deprivation_map_alt_text(frame: pd.DataFrame, *, domain: str) -> str:
    """What the LSOA map shows: how many GM neighbourhoods are in the most deprived decile."""
    total = len(frame)
    first = int((frame["decile"] == 1).sum())
    worst = frame[frame["decile"] == 1]["borough_name"].value_counts()
    lead = ", ".join(f"{name} {n}" for name, n in worst.head(3).items())
    return (
        f"Map of GM's {total:,} neighbourhoods (2011 LSOAs) by national decile of {domain}, "
        f"IoD 2019. {first:,} ({100 * first / total:.0f}%) are in the most deprived 10% in "
        f"England" + (f"; most of them in {lead}." if lead else ".")
    )

"""Pure chart builders: data in, `alt.Chart` out, with alt text; no Streamlit, no I/O."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeAlias

import altair as alt
import pandas as pd
from altair.utils import schemapi
from altair.vegalite.v6 import api as altair_api

# What every builder returns: Altair types `.properties()` as a union of the top-level charts.
Chart: TypeAlias = (
    alt.Chart
    | alt.LayerChart
    | alt.FacetChart
    | alt.HConcatChart
    | alt.VConcatChart
    | alt.ConcatChart
)

# Layered charts take their title, size and description in the `alt.LayerChart(...)` call:
# `.properties()` on a layered chart makes it again, copying every layer twice over.

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies. Every fill is
# paired with dark text (all >= 4.5:1) and every category also has a word, so colour is never
# the only cue (WCAG 1.4.1).
TEXT = "#1A1A1A"
BENCHMARK_COLOURS = {
    "better": "#009E73",
    "similar": "#F0E442",
    "worse": "#D55E00",
    "higher": "#56B4E9",
    "lower": "#E69F00",
    "not compared": "#D9D9D9",
}
BENCHMARK_ORDER = list(BENCHMARK_COLOURS)
# Text drawn on a benchmark fill. Vermillion is the darkest fill: TEXT on it sits at exactly
# 4.5:1 and white at 3.9:1, so it takes pure black (5.4:1). Every pairing meets WCAG 2.2 AA.
BLACK = "#000000"
TEXT_ON_FILL = {category: BLACK if category == "worse" else TEXT for category in BENCHMARK_COLOURS}
COMPARATOR_COLOUR = "#1A1A1A"
GM_COLOUR = "#5F5F5F"
SERIES_COLOURS = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#000000",
    "#F0E442",
]
ILLUSTRATIVE_LABEL = "ILLUSTRATIVE DATA – generated, not official statistics"
PARTLY_LABEL = (
    "PARTLY ILLUSTRATIVE – hollow marks are generated values, not official statistics; "
    "solid marks are published"
)
# Per value: every mark of a generated value is drawn hollow (a faint fill inside its outline)
# and the legend says so, so a partly real series never passes generated values off as real.
STATUS_FIELD = "data_status"
PUBLISHED = "published"
GENERATED = "generated (illustrative)"
STATUS_DOMAIN = [PUBLISHED, GENERATED]
GENERATED_FILL_OPACITY = 0.2
USER_LABEL = "YOUR OWN UPLOADED FIGURES – not official statistics"


_converters: dict[type[schemapi.SchemaBase], schemapi._FromDict] = {}


def _from_dict(
    cls: type[schemapi.SchemaBase], dct: dict[str, Any], validate: bool = True
) -> schemapi.SchemaBase:
    """Altair's `SchemaBase.from_dict`, with its schema-to-class table built once per class.

    Altair 6.3 rebuilds that table (a JSON hash of every schema class, about 2 ms) on every
    call, and every shorthand encoding (`x="value:Q"`, a tooltip field) makes one: a fifth of
    the time a new view took to build under load. The classes never change once Altair is
    imported, so the table is the same every time (the fix proposed upstream,
    https://github.com/vega/altair/pull/3547). Two threads racing to fill an entry build the
    same table.
    """
    if validate:
        cls.validate(dct)
    converter = _converters.get(cls)
    if converter is None:
        converter = _converters[cls] = schemapi._FromDict(cls._default_wrapper_classes())
    made: schemapi.SchemaBase = converter.from_dict(dct, cls)
    return made


# Applied once, when the first chart builder is imported; from_dict returns what it did.
schemapi.SchemaBase.from_dict = classmethod(_from_dict)  # type: ignore[method-assign,assignment]


def _has_params(chart: Any) -> bool:
    return not alt.utils.is_undefined(getattr(chart, "params", alt.Undefined))


_remove_duplicate_params = altair_api._remove_duplicate_params
_combine_subchart_params = altair_api._combine_subchart_params


def _layers_without_params(layer: list[Any]) -> list[Any]:
    """Altair's `_remove_duplicate_params`, without its copies when no layer has a parameter.

    Altair deep-copies every layer of every `LayerChart` (twice) and the inner chart of every
    `FacetChart` to move selection parameters about; with no parameter anywhere the copies are
    thrown away unchanged, and they were an eighth of the time a new view took to build. Only
    when a layer has parameters does Altair's own function run.
    """
    if any(_has_params(chart) for chart in layer):
        return _remove_duplicate_params(layer)
    return list(layer)


def _subcharts_without_params(params: Any, subcharts: list[Any]) -> tuple[Any, list[Any]]:
    """Altair's `_combine_subchart_params`, without its copies when there is nothing to combine.

    With no parameter on the chart or its subcharts, and no layered subchart among several
    (Altair renames a layered subchart's layers when it is concatenated with others), Altair
    returns copies of the subcharts unchanged and Undefined parameters: so does this, without
    the copies. A facet of layers (one subchart) is such a case: its copy was most of the time
    a small-multiples chart took to build.
    """
    no_params = alt.utils.is_undefined(params) or not params
    if (
        no_params
        and not any(_has_params(chart) for chart in subcharts)
        and (len(subcharts) <= 1 or not any(isinstance(c, alt.LayerChart) for c in subcharts))
    ):
        return alt.Undefined, list(subcharts)
    return _combine_subchart_params(params, subcharts)


# Applied once, when the first chart builder is imported, like from_dict above.
altair_api._remove_duplicate_params = _layers_without_params
altair_api._combine_subchart_params = _subcharts_without_params


class ChartDataError(ValueError):
    """A chart was given data it cannot draw; the message names what is missing."""


def require_columns(frame: pd.DataFrame, columns: Iterable[str], chart: str) -> None:
    """Fail loudly, never draw a blank chart, when a frame lacks a column a chart needs."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ChartDataError(f"{chart}: data has no column(s) {missing}; has {list(frame.columns)}")
    if frame.empty:
        raise ChartDataError(f"{chart}: no rows to draw")


def subtitle(
    lines: Iterable[str], illustrative: bool, partly: bool = False, user: bool = False
) -> list[str]:
    """Chart subtitle lines, with the uploaded-figures and illustrative warnings first.

    `partly` when only some of the chart's values are generated (they are drawn hollow); `user`
    when some are the reader's own uploaded figures.
    """
    out = [USER_LABEL] if user else []
    out += [PARTLY_LABEL if partly else ILLUSTRATIVE_LABEL] if illustrative else []
    return out + [line for line in lines if line]


def with_status(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with `data_status` (published / generated) from its rows' `is_illustrative`."""
    flags = (
        frame["is_illustrative"].fillna(False).astype(bool)
        if "is_illustrative" in frame.columns
        else pd.Series(False, index=frame.index)
    )
    return frame.assign(**{STATUS_FIELD: flags.map({True: GENERATED, False: PUBLISHED})})


def is_partly_generated(frame: pd.DataFrame) -> bool:
    """Whether some, but not all, of a frame's values are generated."""
    if "is_illustrative" not in frame.columns:
        return False
    flags = frame.loc[
        frame["value"].notna() if "value" in frame else frame.index, "is_illustrative"
    ]
    flags = flags.fillna(False).astype(bool)
    return bool(flags.any() and not flags.all())


def status_fill(frame: pd.DataFrame) -> dict[str, alt.FillOpacity | alt.StrokeDash]:
    """Encodings that draw generated values hollow and dashed, with a legend saying which is which.

    Empty when every value is published, so real charts stay as they were.
    """
    if "is_illustrative" not in frame.columns or not frame["is_illustrative"].fillna(False).any():
        return {}
    shown = [s for s in STATUS_DOMAIN if s in set(with_status(frame)[STATUS_FIELD])]
    ranges = {PUBLISHED: (1.0, [1, 0]), GENERATED: (GENERATED_FILL_OPACITY, [4, 2])}
    return {
        "fillOpacity": alt.FillOpacity(
            f"{STATUS_FIELD}:N",
            title="Values",
            scale=alt.Scale(domain=shown, range=[ranges[s][0] for s in shown]),
            legend=alt.Legend(
                orient="bottom",
                symbolStrokeColor=TEXT,
                symbolFillColor="#7F7F7F",
                symbolStrokeWidth=1.5,
            ),
        ),
        # Same field, title and legend as the fill: Vega-Lite merges them into one legend whose
        # symbols show both the faint fill and the dashed outline.
        "strokeDash": alt.StrokeDash(
            f"{STATUS_FIELD}:N",
            title="Values",
            scale=alt.Scale(domain=shown, range=[ranges[s][1] for s in shown]),
            legend=alt.Legend(
                orient="bottom",
                symbolStrokeColor=TEXT,
                symbolFillColor="#7F7F7F",
                symbolStrokeWidth=1.5,
            ),
        ),
    }


def status_prefix(frame: pd.DataFrame, illustrative: bool) -> str:
    """The words that open a chart's alt text when any of its values are generated."""
    if not illustrative:
        return ""
    if is_partly_generated(frame):
        return "Partly illustrative data: hollow marks are generated values. "
    return "Illustrative data. "


def text_on_fill(field: str = "benchmark") -> alt.ExprRef:
    """A mark colour expression giving each benchmark fill its readable text colour."""
    special = [c for c, colour in TEXT_ON_FILL.items() if colour == BLACK]
    test = " || ".join(f"datum[{field!r}] == {c!r}" for c in special)
    return alt.ExprRef(f"({test}) ? {BLACK!r} : {TEXT!r}")


def accessible(chart: Chart) -> Chart:
    """The chart with every axis, legend and title text in TEXT (17:1 on white).

    Streamlit's chart theme draws labels in a grey that gives only 3.7:1 on white, below the
    4.5:1 WCAG 2.2 AA asks of text; this is applied to every chart a page shows.
    """
    configured: Chart = (
        chart.configure_axis(labelColor=TEXT, titleColor=TEXT)
        .configure_legend(labelColor=TEXT, titleColor=TEXT)
        .configure_title(color=TEXT, subtitleColor=TEXT)
    )
    return configured


# What `accessible` configures, as Vega-Lite config entries (each replaces its whole entry;
# tests/pages/test_chart_specs.py checks the two agree).
_ACCESSIBLE_CONFIG = {
    "axis": {"labelColor": TEXT, "titleColor": TEXT},
    "legend": {"labelColor": TEXT, "titleColor": TEXT},
    "title": {"color": TEXT, "subtitleColor": TEXT},
}


def accessible_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """`accessible` on a chart already converted to a Vega-Lite dict: the same spec, made cheaply.

    Each `configure_*` call copies the whole Altair chart, data and layers included (a layered
    chart re-copies every layer), so for a map that is three copies of its shapes; setting the
    same entries on the finished dict costs nothing.
    """
    config = dict(spec.get("config", {}))
    config.update({name: dict(entry) for name, entry in _ACCESSIBLE_CONFIG.items()})
    return {**spec, "config": config}

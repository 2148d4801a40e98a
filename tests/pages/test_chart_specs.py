"""The spec a page sends for a figure is exactly what st.altair_chart would send, made cheaply."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import altair as alt
import pytest
from extracts_support import committed
from streamlit.elements import vega_charts

from gmcore.schema import ENGLAND
from gmdash import db, geo, queries, views
from gmdash.charts import TEXT, accessible, accessible_spec
from gmdash.figure import Figure
from gmdash.pack import content
from gmdash.ui import components
from gmdash.views import map as map_view

BURY = "E08000002"


@pytest.fixture(scope="module")
def ask() -> queries.Direct:
    return queries.Direct(committed())


def _streamlit_spec(chart: Any) -> dict[str, Any]:
    """The old way: Altair's configure_* calls, then Streamlit's own (validating) conversion."""
    shown = accessible(chart)
    shown.description = alt.Undefined
    return vega_charts._convert_altair_to_vega_lite_spec(shown)


def _figures(ask: queries.Direct) -> list[Figure]:
    version = db.load_manifest(db.REPO / "data").version
    target = content.borough(BURY)
    blocks: list[Any] = []
    for spec in content.parse_views(
        ["profile", "compare:alcohol_met_need", "trends:alcohol_met_need", "overview", "people"],
        list(views.borough_catalogue(ask).index),
    ):
        blocks += content.blocks(ask, spec, target, version)
    meta = views.indicator_meta(views.borough_catalogue(ask), "alcohol_met_need")
    period = views.borough_periods(ask, "alcohol_met_need", "Persons")[-1]
    blocks += map_view.borough_blocks(
        ask, meta, "alcohol_met_need", period, ENGLAND, geo.BENCHMARK_SCHEME, version
    )
    blocks.append(map_view.deprivation_figure(ask, geo.DEFAULT_DOMAIN, version))
    return [b for b in blocks if isinstance(b, Figure)]


def test_every_kind_of_figure_converts_to_streamlits_own_spec(ask):
    figures = _figures(ask)
    # Layered, faceted and concatenated charts, inline shapes and Arrow datasets among them.
    assert len(figures) >= 8
    assert {"map.boroughs", "map.lsoa", "overview.rug", "profile.spine"} <= {f.key for f in figures}
    for figure in figures:
        expected = components._by_url(_streamlit_spec(figure.chart))
        got = components.vega_lite(figure)
        assert got == expected, figure.key
        # Streamlit's conversion validated `expected` against the Vega-Lite schema.
        assert got["config"]["axis"] == {"labelColor": TEXT, "titleColor": TEXT}


def test_a_chart_shared_by_two_figures_is_converted_once(ask):
    figure = next(f for f in _figures(ask) if f.key == "overview.rug")
    other_year = replace(figure, name="another", context={"period": "another"})
    assert components.vega_lite(other_year) is components.vega_lite(figure)


def test_converting_leaves_the_figure_chart_as_it_was(ask):
    figure = next(f for f in _figures(ask) if f.key == "map.boroughs")
    before = figure.chart.to_dict()
    components.vega_lite(figure)
    assert figure.chart.to_dict() == before
    assert "description" in before


def test_accessible_spec_replaces_the_text_colours_and_keeps_other_config():
    spec = {"mark": "bar", "config": {"view": {"stroke": None}, "axis": {"grid": False}}}
    out = accessible_spec(spec)
    assert out["config"] == {
        "view": {"stroke": None},
        "axis": {"labelColor": TEXT, "titleColor": TEXT},
        "legend": {"labelColor": TEXT, "titleColor": TEXT},
        "title": {"color": TEXT, "subtitleColor": TEXT},
    }
    # The input is not changed: a memoised figure's spec may be shared.
    assert spec["config"]["axis"] == {"grid": False}

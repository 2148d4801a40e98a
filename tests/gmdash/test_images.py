"""Slide-ready images: the SVG carries the title, subtitle and source line; the PNG is 1600×900."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import altair as alt
import pandas as pd
import pytest
from extracts_support import committed
from PIL import Image

from gmdash import images, queries, views
from gmdash.figure import Figure
from gmdash.provenance import DataStatus, Provenance
from gmdash.views import compare

SVG = "{http://www.w3.org/2000/svg}"
WATERMARK = "ILLUSTRATIVE – not official statistics"


def _figure(status: DataStatus = DataStatus.REAL, width: object = "container") -> Figure:
    rows = pd.DataFrame({"area_name": ["Bury", "Wigan"], "value": [12.5, 20.0]})
    chart = (
        alt.Chart(rows)
        .mark_bar()
        .encode(y=alt.Y("area_name:N", title=None), x=alt.X("value:Q", title="Rate (%)"))
        .properties(
            title=alt.TitleParams("Test title & more", subtitle=["First line", "Second line"]),
            description="Bar chart of a test rate for Bury and Wigan.",
            width=width,
        )
    )
    provenance = Provenance(
        sources=(("Test publisher", "https://example.org/"),),
        extract_version="v-test",
        method="Counted.",
        status=status,
    )
    return Figure("test.bars", chart, rows, provenance, "bury_test-rate_2023_vs-england")


def _texts(svg: str) -> list[str]:
    """Every <text> element's words, its tspans joined by spaces (wrapped lines rejoined)."""
    root = ET.fromstring(svg)
    return [
        " ".join(t.strip() for t in el.itertext() if t.strip()) for el in root.iter(f"{SVG}text")
    ]


def test_svg_carries_title_subtitle_and_source_line():
    svg = images.figure_svg(_figure())
    texts = _texts(svg)
    assert "Test title & more" in texts
    assert "First line" in " ".join(texts) and "Second line" in " ".join(texts)
    assert "Source: Test publisher. Extracts v-test." in texts
    assert (
        ET.fromstring(svg).find(f"{SVG}desc").text == "Bar chart of a test rate for Bury and Wigan."
    )
    assert not any(WATERMARK in t for t in texts)


def test_svg_is_the_presentation_frame():
    root = ET.fromstring(images.figure_svg(_figure()))
    assert (root.attrib["width"], root.attrib["height"]) == ("800", "450")


def test_container_width_is_given_a_real_width():
    # On the page the chart takes the window's width; in a file it is fitted to the frame.
    root, scale = images.chart_svg(_figure().chart, 700, 400)
    assert float(root.attrib["width"]) == 700
    assert float(root.attrib["height"]) == 400  # a short chart grows to fill the height
    assert scale == 1


def test_a_tall_chart_is_drawn_smaller_to_fit():
    rows = pd.DataFrame({"area": [f"Area {i}" for i in range(40)], "value": range(40)})
    chart = (
        alt.Chart(rows)
        .mark_bar()
        .encode(y="area:N", x="value:Q")
        .properties(title="Forty bars", height=alt.Step(20))
    )
    root, scale = images.chart_svg(chart, 700, 400)
    assert float(root.attrib["height"]) * scale <= 400
    assert float(root.attrib["width"]) * scale == pytest.approx(700, abs=2)


def test_png_is_1600_by_900():
    png = images.figure_png(_figure())
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        assert image.size == (1600, 900)


def test_generated_values_are_watermarked_on_the_image():
    for status in (DataStatus.ILLUSTRATIVE, DataStatus.MIXED):
        texts = _texts(images.figure_svg(_figure(status)))
        assert texts.count(WATERMARK) == 2, texts  # across the chart, and the solid label
        assert any("this project's illustrative generator" in t for t in texts)


def test_untitled_image_leaves_title_and_source_to_the_slide_but_keeps_the_watermark():
    texts = _texts(images.figure_svg(_figure(DataStatus.ILLUSTRATIVE), titled=False))
    assert "Test title & more" not in texts
    assert not any("Extracts v-test" in t for t in texts)
    assert WATERMARK in texts


def test_file_names_say_what_the_chart_is():
    assert images.file_names(_figure()) == (
        "bury_test-rate_2023_vs-england.png",
        "bury_test-rate_2023_vs-england.svg",
    )


@pytest.fixture(scope="module")
def ask():
    return queries.Direct(committed())


def test_a_real_compare_figure_renders_from_the_pages_spec(ask):
    catalogue = views.borough_catalogue(ask)
    meta = catalogue.loc["alcohol_met_need"]
    period = views.borough_periods(ask, "alcohol_met_need", "Persons")[-1]
    choice = compare.Choice("alcohol_met_need", period, "Persons", "E92000001")
    figure = next(b for b in compare.blocks(ask, meta, choice, "v-test") if isinstance(b, Figure))
    texts = _texts(images.figure_svg(figure))
    # The catalogue's title and the ten boroughs, each a label on the drawn chart.
    assert "Alcohol met need" in texts
    for borough in ("Bolton", "Bury", "Manchester", "Oldham", "Rochdale"):
        assert borough in texts
    assert (
        "Source: ONS UK SDG data platform, indicator 3.5.1 (from NDTMS and OHID). "
        "Extracts v-test." in texts
    )
    assert images.file_names(figure)[0] == (
        f"gm-boroughs_alcohol-met-need_{period.replace('/', '-')}_vs-england_bars.png"
    )


def test_view_download_names_say_area_indicator_period_and_comparator(ask):
    from gmcore.schema import GM_BOROUGHS
    from gmdash.views import profile, trends

    catalogue = views.borough_catalogue(ask)
    periods = ask(queries.indicator_periods, "alcohol_met_need", "Persons")["period"].tolist()
    choice = trends.Choice("alcohol_met_need", "Persons", "E12000002", ("E08000002",))
    figure = next(
        b
        for b in trends.blocks(ask, catalogue.loc["alcohol_met_need"], choice, GM_BOROUGHS, "v")
        if isinstance(b, Figure)
    )
    first, last = (p.replace("/", "-") for p in (periods[0], periods[-1]))
    assert figure.name == f"bury_alcohol-met-need_{first}-to-{last}_vs-north-west"
    pair = ("E08000001", "E08000009")
    pooled = trends.Choice(
        "alcohol_met_need",
        "Persons",
        "E92000001",
        pair,
        trends.series_group(None, pair, GM_BOROUGHS),
    )
    figure = next(
        b
        for b in trends.blocks(ask, catalogue.loc["alcohol_met_need"], pooled, GM_BOROUGHS, "v")
        if isinstance(b, Figure)
    )
    assert figure.name.startswith("pooled-2-boroughs_alcohol-met-need_")
    spine = profile.blocks(ask, "E08000010", "Wigan", "v")[0]
    assert isinstance(spine, Figure) and spine.name == "wigan_profile_latest_vs-england"

"""Slide-ready chart downloads in a real browser: visible PNG and SVG buttons, named for the chart,
the PNG at presentation size and the SVG carrying the chart's title and source line."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from browser_support import no_traceback, screenshot, wait_for_app
from PIL import Image

from gmdash import db

SVG = "{http://www.w3.org/2000/svg}"


def _download(page, label: str, folder):
    button = page.get_by_role("button", name=label).first
    # Visible without hovering over the chart: a plain button under it.
    assert button.is_visible()
    with page.expect_download(timeout=60_000) as event:
        button.click()
    download = event.value
    path = folder / download.suggested_filename
    download.save_as(path)
    return path


def test_compare_chart_downloads_as_png_and_svg(page, app_url, tmp_path):
    page.goto(f"{app_url}/compare?area=E08000002&indicator=alcohol_met_need")
    wait_for_app(page)
    no_traceback(page)
    screenshot(page, "compare-downloads")
    png = _download(page, "Download PNG", tmp_path)
    assert png.name.startswith("gm-boroughs_alcohol-met-need_")
    assert png.name.endswith("_vs-england_bars.png")
    with Image.open(png) as image:
        assert image.size == (1600, 900)
    svg = _download(page, "Download SVG", tmp_path)
    assert svg.name == png.name.removesuffix(".png") + ".svg"
    root = ET.parse(svg).getroot()
    texts = [
        " ".join(t.strip() for t in el.itertext() if t.strip()) for el in root.iter(f"{SVG}text")
    ]
    version = db.load_manifest(db.DEFAULT_DATA_DIR).version
    assert "Alcohol met need" in texts
    # The catalogue's source for the indicator (data/indicators.parquet), then the extracts.
    assert (
        f"Source: ONS UK SDG data platform, indicator 3.5.1 (from NDTMS and OHID). "
        f"Extracts {version}."
    ) in texts
    no_traceback(page)

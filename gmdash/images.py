"""Slide-ready images of a figure: SVG and PNG at presentation size, drawn from the page's own spec.

The chart is the very Altair spec the page shows (`Figure.chart`, with the page's accessible
text colours), rendered on the server by vl-convert. Only its size is settled here: the page
draws it at the width of the browser window ("container"), which a file does not have. The
result is framed at a fixed 16:9 presentation size with the figure's source line under it and,
whenever the figure shows generated values, an "ILLUSTRATIVE" watermark across it and a label
beside the source line, so a pasted image never looks official.

PNGs are the 800×450 frame drawn at scale 2: 1600×900 pixels, so text that is legible on the
page stays legible when the image fills a projected slide.
"""

from __future__ import annotations

import copy
import json
import math
import textwrap
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

import altair as alt

from gmdash.charts import TEXT, Chart, accessible
from gmdash.figure import Figure

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)


def _vl_convert() -> Any:
    """vl-convert, loaded on the first image: its engine is large, and most visits draw none."""
    import vl_convert

    return vl_convert


#: The frame, in CSS pixels; PNGs are drawn at SCALE times this.
WIDTH, HEIGHT = 800, 450
SCALE = 2
MARGIN = 14
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
SOURCE_SIZE = 10.5
WATERMARK = "ILLUSTRATIVE – not official statistics"
# Okabe-Ito orange behind black text (9.4:1), the warning colour the app's banners use too.
WATERMARK_FILL = "#E69F00"
WATERMARK_INK = "#D55E00"
# A chart of fixed height is made no shorter than this to fit the frame; beyond it, it is
# drawn smaller instead.
MIN_HEIGHT = 160
PRESENTATION_FONTS = {
    "axis": {"labelFontSize": 12, "titleFontSize": 13},
    "legend": {"labelFontSize": 12, "titleFontSize": 13},
    "title": {"fontSize": 18, "subtitleFontSize": 13},
}


@dataclass(frozen=True)
class Images:
    """A figure's slide-ready files: names and bytes."""

    png_name: str
    svg_name: str
    png: bytes
    svg: str


def file_names(figure: Figure) -> tuple[str, str]:
    """The PNG and SVG file names: the figure's name, which says area, indicator, period and
    comparator (`bury_completions-opiate_2023_vs-england.png`)."""
    return f"{figure.name}.png", f"{figure.name}.svg"


def _replace_container(node: Any, width: int) -> Any:
    """The spec with every "container" width (the page's window width) set to `width`."""
    if isinstance(node, dict):
        return {
            k: (width if k == "width" and v == "container" else _replace_container(v, width))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_replace_container(v, width) for v in node]
    return node


def _render(spec: dict[str, Any]) -> tuple[ET.Element, float, float]:
    # No base URL is allowed: every spec here carries its data inline, and a render must
    # never reach the network.
    svg = _vl_convert().vegalite_to_svg(spec, allowed_base_urls=[])
    root = ET.fromstring(svg)
    return root, float(root.attrib["width"]), float(root.attrib["height"])


def _is_single_view(spec: dict[str, Any]) -> bool:
    """A single or layered view: Vega-Lite can fit these to a width (not concat or facet)."""
    return not any(k in spec for k in ("hconcat", "vconcat", "concat", "facet", "repeat"))


def chart_svg(chart: Chart, width: float, height: float) -> tuple[ET.Element, float]:
    """The chart rendered to fill `width` × `height` as nearly as its layout allows.

    Returns the SVG root and the scale at which to draw it into the box (at most 1). A single
    or layered view is fitted to the width; a chart of fixed height taller than the box is made
    shorter, and any other is drawn wider and then smaller, so that it fills the box.
    """
    spec = _presentation_fonts(json.loads(json.dumps(accessible(chart).to_dict())))
    spec.pop("description", None)
    single = _is_single_view(spec)
    if single:
        spec["width"] = int(width)
        spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    else:
        spec = _replace_container(spec, int(width / 2))
    root, w, h = _render(spec)
    if single and h < height - 1:
        # Shorter than the box: fit the height too, so bands and plot grow to fill it.
        spec["height"] = int(height)
        spec["autosize"] = {"type": "fit", "contains": "padding"}
        root, w, h = _render(spec)
    if h > height and single:
        shrunk = _shorter(spec, h, height)
        if shrunk is not None:
            spec = shrunk
            root, w, h = _render(spec)
    if h > height and single:
        # Still too tall: draw it wider, so that scaled down to the box's height it fills the
        # box's width too (the text shrinks with it, but no label is clipped or overlaps).
        spec["width"] = int(width * h / height)
        root, w, h = _render(spec)
    return root, min(1.0, width / w, height / h)


def _presentation_fonts(spec: dict[str, Any]) -> dict[str, Any]:
    """Axis, legend and title text a size up from the page's, to read across a room."""
    config = spec.setdefault("config", {})
    for part, sizes in PRESENTATION_FONTS.items():
        config.setdefault(part, {}).update(sizes)
    return spec


def _shorter(spec: dict[str, Any], drawn: float, box: float) -> dict[str, Any] | None:
    """The spec with its plot height reduced towards the box's, or None if it cannot be."""
    height = spec.get("height")
    # Bands (a "step" height, one per borough) keep their size: rows of two-line labels or of
    # stacked cell text would overlap if squeezed, so such a chart is drawn smaller instead.
    if isinstance(height, int | float) and not isinstance(height, bool):
        new = max(MIN_HEIGHT, int(height - (drawn - box)))
        if new < height:
            out = copy.deepcopy(spec)
            out["height"] = new
            return out
    return None


def _untitled(chart: Chart) -> Chart:
    """The chart without its title and subtitle (a slide sets them as text beside the image)."""
    bare = chart.copy(deep=False)
    bare.title = alt.Undefined
    return bare


def _text(
    parent: ET.Element, x: float, y: float, lines: list[str], size: float, **attrs: str
) -> ET.Element:
    element = ET.SubElement(
        parent,
        f"{{{SVG_NS}}}text",
        {
            "x": f"{x:g}",
            "y": f"{y:g}",
            "font-family": FONT,
            "font-size": f"{size:g}px",
            "fill": TEXT,
            **attrs,
        },
    )
    for i, line in enumerate(lines):
        span = ET.SubElement(
            element,
            f"{{{SVG_NS}}}tspan",
            {"x": f"{x:g}", "dy": "0" if i == 0 else f"{size * 1.25:g}"},
        )
        span.text = line
    return element


def wrap(text: str, width_px: float, size: float) -> list[str]:
    """Lines of `text` that fit `width_px` at `size` (an average sans-serif letter is ~0.52 em)."""
    return textwrap.wrap(text, max(20, int(width_px / (size * 0.52)))) or [""]


def _watermark(parent: ET.Element, x: float, y: float, w: float, h: float) -> None:
    """The diagonal word across the chart: faint enough to read the chart through."""
    size = min(46.0, w / (len(WATERMARK) * 0.55))
    cx, cy = x + w / 2, y + h / 2
    angle = -math.degrees(math.atan2(h, w)) * 0.6
    mark = _text(
        parent,
        cx,
        cy,
        [WATERMARK],
        size,
        **{
            "text-anchor": "middle",
            "dominant-baseline": "middle",
            "font-weight": "bold",
            "fill": WATERMARK_INK,
            "fill-opacity": "0.16",
            "transform": f"rotate({angle:.1f} {cx:g} {cy:g})",
            "class": "watermark",
        },
    )
    mark.set("aria-hidden", "true")


def _label(parent: ET.Element, x: float, top: float, size: float) -> None:
    """The solid "ILLUSTRATIVE" label, its top edge at `top`."""
    ET.SubElement(
        parent,
        f"{{{SVG_NS}}}rect",
        {
            "x": f"{x:g}",
            "y": f"{top:g}",
            "width": f"{len(WATERMARK) * size * 0.56 + 12:g}",
            "height": f"{size + 7:g}",
            "rx": "3",
            "fill": WATERMARK_FILL,
            "class": "illustrative-label",
        },
    )
    _text(
        parent,
        x + 6,
        top + size + 1.5,
        [WATERMARK],
        size,
        **{"font-weight": "bold", "fill": "#000000"},
    )


def figure_svg(
    figure: Figure, *, titled: bool = True, width: int = WIDTH, height: int = HEIGHT
) -> str:
    """The figure as an SVG of `width` × `height`: chart, source line and any watermark.

    `titled=False` leaves out the chart's title, subtitle and source line, for a slide that
    sets them as text; the watermark stays on the image wherever values are generated.
    """
    generated = figure.status.has_generated
    root = ET.Element(
        f"{{{SVG_NS}}}svg",
        {
            "width": str(width),
            "height": str(height),
            "viewBox": f"0 0 {width} {height}",
            "version": "1.1",
            "role": "img",
        },
    )
    ET.SubElement(root, f"{{{SVG_NS}}}title").text = figure.title
    ET.SubElement(root, f"{{{SVG_NS}}}desc").text = figure.alt_text
    ET.SubElement(root, f"{{{SVG_NS}}}rect", {"width": "100%", "height": "100%", "fill": "white"})
    inner = width - 2 * MARGIN
    source = wrap(figure.source_line, inner, SOURCE_SIZE) if titled else []
    label_h = SOURCE_SIZE + 12 if generated else 0.0
    footer = label_h + len(source) * SOURCE_SIZE * 1.25
    box_w, box_h = inner, height - 2 * MARGIN - footer - (8 if footer else 0)
    chart = figure.chart if titled else _untitled(figure.chart)
    drawn, scale = chart_svg(chart, box_w, box_h)
    w = float(drawn.attrib["width"]) * scale
    group = ET.SubElement(
        root,
        f"{{{SVG_NS}}}g",
        {
            "class": "chart",
            "transform": f"translate({MARGIN + (box_w - w) / 2:.2f} {MARGIN:.2f}) "
            f"scale({scale:.4f})",
        },
    )
    group.extend(list(drawn))
    cursor = MARGIN + box_h + 8
    if generated:
        _watermark(root, MARGIN, MARGIN, box_w, box_h)
        _label(root, MARGIN, cursor, SOURCE_SIZE)
        cursor += label_h
    if source:
        _text(root, MARGIN, cursor + SOURCE_SIZE, source, SOURCE_SIZE, **{"class": "source"})
    return ET.tostring(root, encoding="unicode", xml_declaration=False)


def svg_to_png(svg: str, scale: float = SCALE) -> bytes:
    """An SVG drawn to PNG (resvg, inside vl-convert) at `scale` times its size."""
    png: bytes = _vl_convert().svg_to_png(svg, scale=scale)
    return png


def figure_png(figure: Figure, *, titled: bool = True, scale: float = SCALE) -> bytes:
    """The figure as a PNG: 1600×900 pixels at the default size and scale."""
    return svg_to_png(figure_svg(figure, titled=titled), scale)


def images(figure: Figure) -> Images:
    """Both slide-ready files of a figure, rendered once."""
    svg = figure_svg(figure)
    png_name, svg_name = file_names(figure)
    return Images(png_name, svg_name, svg_to_png(svg), svg)
